import { useEffect, useState } from 'react';
import { photoBlobUrl } from '../state/photo-http';

/**
 * A photo fetched with the session token (an <img> cannot send it) as an object
 * URL, released when the URL changes or the component unmounts; `failed` when
 * the server refused or the network failed.
 */
export function usePhotoBlob(url: string): { src: string | null; failed: boolean } {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const ctl = new AbortController();
    let made: string | null = null;
    setSrc(null);
    setFailed(false);
    photoBlobUrl(url, ctl.signal).then(
      (u) => {
        made = u;
        setSrc(u);
      },
      () => {
        if (!ctl.signal.aborted) setFailed(true);
      },
    );
    return () => {
      ctl.abort();
      if (made) URL.revokeObjectURL(made);
    };
  }, [url]);

  return { src, failed };
}
