import type { Core } from 'cytoscape';
import { KIND_LOOKS, iconUrl } from './styles';

/** The node icons (one per entity kind), loaded and decoded once per page: see `seedIcons`. */
const icons = new Map<string, HTMLImageElement>();
/** Settles when every icon started by `preloadIcons` is decoded (or failed). */
let decoded: Promise<unknown> = Promise.resolve();

/** Starts loading the node icons (a no-op where there is no DOM, or when started already). */
export function preloadIcons(): void {
  if (icons.size > 0 || typeof Image === 'undefined') return;
  const waits: Promise<unknown>[] = [];
  for (const kind of Object.keys(KIND_LOOKS)) {
    const url = iconUrl(kind);
    const img = new Image();
    img.src = url;
    // Decoded off the main thread ahead of the first draw; a failure only means Cytoscape loads it itself.
    // (jsdom, used by unit tests, has no decode().)
    if (typeof img.decode === 'function') waits.push(img.decode().catch(() => undefined));
    icons.set(url, img);
  }
  decoded = Promise.all(waits);
}

/** When the icons loaded ahead are ready to be handed to an instance (see `seedIcons`). */
export function iconsDecoded(): Promise<unknown> {
  return decoded;
}

/**
 * Hands a new instance the node icons already loaded. Cytoscape loads a
 * background image per instance when it first draws a node using it, and an
 * image (even a data URI) is never ready within that frame: the first frame
 * went out without icons and the whole graph was drawn again, its textures
 * remade, when they arrived (a second full frame before the graph was
 * settled). Icons not loaded yet are left for Cytoscape to load as before.
 */
export function seedIcons(cy: Core): void {
  const renderer = (
    cy as unknown as { renderer?: () => { imageCache?: Record<string, { image: HTMLImageElement }> } | undefined }
  ).renderer?.();
  if (!renderer) return;
  const cache = (renderer.imageCache ??= {});
  for (const [url, image] of icons) if (image.complete && image.naturalWidth > 0 && !cache[url]) cache[url] = { image };
}
