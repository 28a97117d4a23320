/** Dependency-injection tokens of what main.ts builds before Nest starts. */
export const CONFIG = Symbol('CONFIG');
export const STORES = Symbol('STORES');
export const DOCUMENTS = Symbol('DOCUMENTS');
export const AUDIT = Symbol('AUDIT');
/** The ClusterBus over Redis when REDIS_URL is set (several replicas), else null. */
export const CLUSTER = Symbol('CLUSTER');
/** The RateLimiter of the limits per caller: in Redis with several replicas, else in this process. */
export const RATE_LIMITER = Symbol('RATE_LIMITER');
