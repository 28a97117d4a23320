import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { ConfigError } from './config.js';
import { log } from './log.js';

/**
 * What crosses replica processes, over one Redis (REDIS_URL): graph events,
 * revocations and the collaboration rooms' updates and awareness. Redis pub/sub
 * delivers the messages of one channel to every subscriber in the order Redis
 * received them, so every replica sees a case's events in the same order.
 * Nothing durable goes through here: Neo4j holds the state, and a message lost
 * while a connection to Redis was down is recovered from there (rooms reload
 * the updates they missed by seq; the live-access sweep re-reads access).
 */
export interface ClusterBus {
  /** Random per process: a replica drops its own messages where it has already acted on them. */
  readonly replicaId: string;
  publish(channel: string, message: Buffer): Promise<void>;
  /** Resolves once Redis confirmed the subscription (messages published after that arrive). */
  subscribe(channel: string, onMessage: (message: Buffer) => void): Promise<() => Promise<void>>;
  /** Called after the subscribing connection came back from a loss (messages may have been missed meanwhile). */
  onReconnect(listener: () => void): void;
  /**
   * Counts one event in a fixed window shared by every replica: increments `current` (kept
   * `ttlSeconds`) and reads `previous`, in one round trip (MULTI). For rate limits per user.
   */
  windowCount(current: string, previous: string, ttlSeconds: number): Promise<{ current: number; previous: number }>;
  /** True for the first caller of every replica to claim `key` within `ttlSeconds` (SET NX): a one-time token used once. */
  claimOnce(key: string, ttlSeconds: number): Promise<boolean>;
  /** Round trip to Redis (for /healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Every key and channel of one deployment starts with this, so a Redis can be shared with other programs. */
export const CHANNEL_PREFIX = 'homeward:';

/** Connects the publishing and the subscribing connection (a subscribed connection can do nothing else). */
export async function openClusterBus(url: string): Promise<ClusterBus> {
  const options = {
    // A replica that cannot reach Redis keeps trying; commands wait for the connection (bounded below).
    maxRetriesPerRequest: 3,
    connectTimeout: 5000,
    lazyConnect: true,
    connectionName: 'homeward',
  };
  const pub = new Redis(url, options);
  const sub = new Redis(url, options);
  // ioredis reports connection errors as events; without a listener Node would throw them.
  let lastError = '';
  const onError = (err: Error) => {
    if (err.message === lastError) return;
    lastError = err.message;
    // The message names the host and port at most, never the password of the URL.
    log('warn', 'redis connection error', { message: err.message });
  };
  pub.on('error', onError);
  sub.on('error', onError);
  pub.on('ready', () => (lastError = ''));
  await Promise.all([pub.connect(), sub.connect()]);
  // ioredis subscribes again by itself after a reconnection; what was published meanwhile is lost.
  const reconnected = new Set<() => void>();
  sub.on('ready', () => {
    log('info', 'redis subscriber connection ready again');
    for (const l of reconnected) l();
  });

  const handlers = new Map<string, Set<(message: Buffer) => void>>();
  // Every subscriber of a channel waits for Redis's confirmation, not only the first.
  const confirmed = new Map<string, Promise<unknown>>();
  sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
    const set = handlers.get(channel.toString());
    if (!set) return;
    for (const h of set) {
      try {
        h(message);
      } catch (err) {
        log('error', 'cluster message handler failed', {
          channel: channel.toString(),
          message: err instanceof Error ? err.message : String(err),
        });
      }
    }
  });

  return {
    replicaId: randomBytes(8).toString('hex'),
    async publish(channel, message) {
      await pub.publish(CHANNEL_PREFIX + channel, message);
    },
    async subscribe(channel, onMessage) {
      const full = CHANNEL_PREFIX + channel;
      let set = handlers.get(full);
      if (!set) {
        handlers.set(full, (set = new Set()));
        confirmed.set(full, sub.subscribe(full));
      }
      set.add(onMessage);
      await confirmed.get(full);
      return async () => {
        const s = handlers.get(full);
        if (!s?.delete(onMessage) || s.size > 0) return;
        handlers.delete(full);
        confirmed.delete(full);
        // Commands on one connection run in order: a later SUBSCRIBE of the same channel still wins.
        await sub.unsubscribe(full).catch(() => undefined);
      };
    },
    onReconnect(listener) {
      reconnected.add(listener);
    },
    async windowCount(current, previous, ttlSeconds) {
      const replies = await pub
        .multi()
        .incr(CHANNEL_PREFIX + current)
        .expire(CHANNEL_PREFIX + current, ttlSeconds)
        .get(CHANNEL_PREFIX + previous)
        .exec();
      if (!replies) throw new Error('redis: rate-limit transaction aborted');
      const [[e1, cur], , [e3, prev]] = replies;
      if (e1 || e3) throw e1 ?? e3;
      return { current: Number(cur), previous: Number(prev ?? 0) };
    },
    async claimOnce(key, ttlSeconds) {
      return (await pub.set(CHANNEL_PREFIX + key, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    },
    async ping() {
      await pub.ping();
    },
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}

/** The bus of a replica, or a ConfigError naming REDIS_URL when Redis cannot be reached at start. */
export async function openReplicaBus(url: string): Promise<ClusterBus> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      openClusterBus(url),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer in 10 s')), 10_000))),
    ]);
  } catch (err) {
    throw new ConfigError('REDIS_URL', `cannot reach ${redactRedisUrl(url)} (${err instanceof Error ? err.message : String(err)})`);
  } finally {
    clearTimeout(timer);
  }
}

/** A Redis URL fit for a log line: the password, if any, replaced. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = 'redacted';
    return u.toString();
  } catch {
    return 'redis://[unparsable]';
  }
}
