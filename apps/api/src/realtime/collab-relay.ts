import { decodeRelayMessage, encodeRelayMessage, type CollabRelay } from '@homeward/collab';
import type { ClusterBus } from '../base/cluster.js';
import { log } from '../base/log.js';

/**
 * The collaboration rooms' relay over Redis pub/sub: one channel per room, to
 * which a replica subscribes while it holds the room loaded. Messages carry
 * the sending replica's id, so a replica does not take its own back.
 */
export function redisCollabRelay(cluster: ClusterBus): CollabRelay {
  const channel = (room: string) => `collab:${room}`;
  return {
    async join(room, onMessage) {
      const unsubscribe = await cluster.subscribe(channel(room), (data) => {
        const decoded = decodeRelayMessage(data);
        if (decoded && decoded.origin !== cluster.replicaId) onMessage(decoded.message);
      });
      return () => void unsubscribe();
    },
    publish(room, message) {
      if (message.kind === 'resync') return;
      cluster.publish(channel(room), encodeRelayMessage(cluster.replicaId, message)).catch((err: unknown) => {
        // The update is stored: the other replicas read it from the store at the next gap or reconnection.
        log('warn', 'collab message not published to the other replicas', {
          room,
          kind: message.kind,
          message: err instanceof Error ? err.message : String(err),
        });
      });
    },
  };
}
