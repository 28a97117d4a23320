import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rateLimitsFromEnv, type ApiRateLimits } from './rate-limit.js';
import { parseHandlingMarkings, type HandlingMarkings } from './handling-markings.js';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly neo4j: { uri: string; user?: string; password?: string; database?: string } | null;
  readonly redisUrl: string | null;
  /** On SIGTERM: how long /readyz answers 503 before connections are closed (the load balancer's time to notice). */
  readonly shutdownDrainMs: number;
  readonly seedDemo: boolean;
  /** Null when the demo password is to be generated at first start. */
  readonly demoPassword: string | null;
  readonly jwtSecret: Buffer;
  readonly production: boolean;
  readonly allowedOrigins: string[] | null;
  readonly webDist: string | null;
  /** Travel feasibility: the speed (km/h) a journey between two sightings may need before it is flagged, when a query gives none. */
  readonly travelSpeedKmh: number;
  /** RATE_LIMITS: operations per user, mutations per user, anonymous operations per address. */
  readonly rateLimits: ApiRateLimits;
  /** TRUST_PROXY: how many reverse proxies in front add X-Forwarded-For (0: the client is the peer of the socket). */
  readonly trustProxy: number;
  /** HANDLING_MARKINGS: each agency's handling marking for exported material (base/handling-markings.ts). */
  readonly handlingMarkings: HandlingMarkings;
}

/** A bad setting: the server prints one line naming the variable and exits 1. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

/** Reads and validates the environment once at start. */
export function loadConfig(env: NodeJS.ProcessEnv, webDist: string | null): Config {
  const rawPort = env.PORT ?? '4000';
  if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65535) throw new ConfigError('PORT', `"${rawPort}" is not a port number (0-65535)`);
  const host = env.HOST ?? '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host)) throw new ConfigError('HOST', `"${host}" is not a host name or address`);
  const dataDir = resolve(env.DATA_DIR ?? './data');
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw new ConfigError('DATA_DIR', `cannot create ${dataDir} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const seed = env.SEED_DEMO ?? '1';
  if (seed !== '0' && seed !== '1') throw new ConfigError('SEED_DEMO', `must be 0 or 1, not "${seed}"`);
  let neo4j: Config['neo4j'] = null;
  if (env.NEO4J_URI) {
    if (!/^(neo4j|bolt)(\+s|\+ssc)?:\/\/[^\s]+$/.test(env.NEO4J_URI))
      throw new ConfigError('NEO4J_URI', 'must look like neo4j://host:7687 or bolt://host:7687');
    neo4j = { uri: env.NEO4J_URI, user: env.NEO4J_USER, password: env.NEO4J_PASSWORD, database: env.NEO4J_DATABASE };
  }
  if (env.REDIS_URL && !/^rediss?:\/\//.test(env.REDIS_URL)) throw new ConfigError('REDIS_URL', 'must start with redis:// or rediss://');
  // Replicas share their state in Neo4j; the embedded store is one process's file, which a second process must not open.
  if (env.REDIS_URL && !neo4j)
    throw new ConfigError(
      'REDIS_URL',
      'several replicas need NEO4J_URI as well (the embedded store belongs to one process): set NEO4J_URI or unset REDIS_URL',
    );
  const drain = env.SHUTDOWN_DRAIN_MS ?? '0';
  if (!/^\d+$/.test(drain) || Number(drain) > 120_000)
    throw new ConfigError('SHUTDOWN_DRAIN_MS', `must be milliseconds from 0 to 120000, not "${drain}"`);
  if (env.DEMO_PASSWORD !== undefined && env.DEMO_PASSWORD.length < 8)
    throw new ConfigError('DEMO_PASSWORD', 'must be at least 8 characters');
  const speed = env.TRAVEL_SPEED_KMH ?? '130';
  if (!/^\d+(\.\d+)?$/.test(speed) || Number(speed) <= 0 || Number(speed) > 1200)
    throw new ConfigError('TRAVEL_SPEED_KMH', `must be a speed in km/h above 0 and at most 1200, not "${speed}"`);
  const trustProxy = env.TRUST_PROXY ?? '0';
  if (!/^\d$/.test(trustProxy)) throw new ConfigError('TRUST_PROXY', `must be the number of proxies in front (0-9), not "${trustProxy}"`);
  let handlingMarkings: HandlingMarkings;
  try {
    handlingMarkings = parseHandlingMarkings(env.HANDLING_MARKINGS);
  } catch (err) {
    throw new ConfigError('HANDLING_MARKINGS', (err as Error).message);
  }
  const origins =
    env.ALLOWED_ORIGINS?.split(',')
      .map((o) => o.trim())
      .filter(Boolean) ?? null;
  return {
    port: Number(rawPort),
    host,
    dataDir,
    neo4j,
    redisUrl: env.REDIS_URL ?? null,
    shutdownDrainMs: Number(drain),
    seedDemo: seed === '1',
    demoPassword: env.DEMO_PASSWORD ?? null,
    jwtSecret: jwtSecret(env.JWT_SECRET, dataDir),
    // Safe by default: stack traces, introspection and suggestions only where a developer asked for them.
    production: env.NODE_ENV !== 'development',
    allowedOrigins: origins,
    webDist,
    travelSpeedKmh: Number(speed),
    rateLimits: rateLimitsFromEnv(env.RATE_LIMITS),
    trustProxy: Number(trustProxy),
    handlingMarkings,
  };
}

/** JWT_SECRET, or one generated at first start and kept (mode 600) in DATA_DIR so sessions survive restarts. */
function jwtSecret(fromEnv: string | undefined, dataDir: string): Buffer {
  if (fromEnv !== undefined) {
    if (fromEnv.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
    return Buffer.from(fromEnv, 'utf8');
  }
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
}
