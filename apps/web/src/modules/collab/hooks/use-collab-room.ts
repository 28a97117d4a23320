import { useEffect, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { DEVICE_PREFIX } from '../../../lib/offline';
import { wsOrigin } from '../../../lib/graphql';
import { getToken } from '../../../lib/session';
import { useAuth } from '../../auth';
import { collabCloseKey, collabShouldReconnect, type CollabCloseKey } from '../state/close-reason';
import { peersOf, type Peer } from '../state/peers';

export type CollabStatus = 'connecting' | 'connected' | 'disconnected';

export type { Peer } from '../state/peers';

export interface CollabRoom {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
}

// Dark enough for white caret labels on them (WCAG AA for 11px bold text is borderline; these pass 4.5:1).
const PALETTE = ['#1d4ed8', '#b91c1c', '#047857', '#7e22ce', '#b45309', '#0e7490', '#be185d', '#4d7c0f'];

export function colorFor(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(h) % PALETTE.length]!;
}

/** One Yjs document bound to a server room for the life of the component. */
export function useCollabRoom(room: string): {
  room: CollabRoom | null;
  status: CollabStatus;
  peers: Peer[];
  browserOnline: boolean;
  /** Set when the server ended the connection for good (a limit, a refusal): what to tell the user. */
  closed: CollabCloseKey | null;
} {
  const { user } = useAuth();
  const [room_, setRoom] = useState<CollabRoom | null>(null);
  const [status, setStatus] = useState<CollabStatus>('connecting');
  const [peers, setPeers] = useState<Peer[]>([]);
  const [browserOnline, setBrowserOnline] = useState(navigator.onLine);
  const [closed, setClosed] = useState<CollabCloseKey | null>(null);

  useEffect(() => {
    const doc = new Y.Doc();
    setClosed(null);
    // A copy on this device (IndexedDB, per user and room): edits made offline survive a reload and merge
    // into the room when the connection is back; signing out deletes it (lib/offline.ts, wipeDevice).
    const local = user?.id ? new IndexeddbPersistence(`${DEVICE_PREFIX}:${user.id}:${room}`, doc) : null;
    const provider = new WebsocketProvider(`${wsOrigin()}/collab`, room, doc, {
      params: { token: getToken() ?? '' },
      shouldReconnect: collabShouldReconnect,
    });
    const onClosed = (e: { code: number; reason: string }) => setClosed(collabCloseKey(e.code, e.reason) ?? 'collabLimits.refused');
    const name = user?.displayName ?? '?';
    provider.awareness.setLocalStateField('user', { name, color: colorFor(user?.id ?? name), id: user?.id ?? null });
    const onStatus = (e: { status: CollabStatus }) => setStatus(e.status);
    const onAwareness = () => setPeers(peersOf(provider.awareness.getStates(), doc.clientID));
    provider.on('status', onStatus);
    provider.on('closed', onClosed);
    provider.awareness.on('change', onAwareness);
    onAwareness();
    setRoom({ doc, provider });
    return () => {
      provider.off('status', onStatus);
      provider.off('closed', onClosed);
      provider.awareness.off('change', onAwareness);
      provider.destroy();
      void local?.destroy();
      doc.destroy();
      setRoom(null);
    };
  }, [room, user?.displayName, user?.id]);

  useEffect(() => {
    const on = () => setBrowserOnline(true);
    const off = () => setBrowserOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);

  return { room: room_, status, peers, browserOnline, closed };
}
