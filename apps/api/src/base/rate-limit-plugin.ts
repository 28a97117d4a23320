import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { RequestContext } from './context.js';
import { log } from './log.js';
import type { ApiRateLimits, RateLimit, RateLimiter } from './rate-limit.js';

/** The refusal of an operation over a limit: 429 with Retry-After over HTTP, code RATE_LIMITED everywhere. */
export function rateLimitedError(retryAfterSeconds: number, transport: 'http' | 'ws' = 'http'): GraphQLError {
  return new GraphQLError(`Too many requests: try again in ${retryAfterSeconds} s`, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds,
      ...(transport === 'http' ? { http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) } } : {}),
    },
  });
}

/**
 * Checks the caller's limits once an operation is parsed and known (before any resolver runs):
 * every operation of a signed-in user, their mutations separately, and operations without a
 * session per client address. With REDIS_URL the counts are shared by every replica. When the
 * counter store fails, the operation goes on (a limit protects availability; it must not
 * take it away) and the failure is logged.
 */
export async function checkRateLimits(
  limiter: RateLimiter,
  limits: ApiRateLimits,
  ctx: Pick<RequestContext, 'principal' | 'address'>,
  operation: 'query' | 'mutation' | 'subscription',
  transport: 'http' | 'ws' = 'http',
): Promise<void> {
  const checks: Array<[string, RateLimit]> = [];
  if (ctx.principal) {
    if (limits.user) checks.push([`user:${ctx.principal.userId}`, limits.user]);
    if (operation === 'mutation' && limits.mutations) checks.push([`mutations:${ctx.principal.userId}`, limits.mutations]);
  } else if (limits.anonymous) {
    checks.push([`address:${ctx.address ?? 'unknown'}`, limits.anonymous]);
  }
  for (const [key, limit] of checks) {
    let decision;
    try {
      decision = await limiter.take(key, limit);
    } catch (err) {
      log('warn', 'rate limit not checked: counter store failed', { message: err instanceof Error ? err.message : String(err) });
      return;
    }
    if (!decision.allowed) throw rateLimitedError(decision.retryAfterSeconds, transport);
  }
}

/** The limits of checkRateLimits on GraphQL over HTTP. */
export function rateLimitPlugin(limiter: RateLimiter, limits: ApiRateLimits): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (operation) await checkRateLimits(limiter, limits, contextValue, operation.operation);
        },
      };
    },
  };
}
