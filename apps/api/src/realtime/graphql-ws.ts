import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  execute,
  getOperationAST,
  parse,
  specifiedRules,
  subscribe,
  validate,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { Principal, RequestContext } from '../base/context.js';
import { formatError } from '../base/errors.js';
import { LIMITS } from '../base/limits.js';
import { log } from '../base/log.js';
import { checkRateLimits } from '../base/rate-limit-plugin.js';
import type { ApiRateLimits, RateLimiter } from '../base/rate-limit.js';
import { AuthService } from '../modules/auth/auth.service.js';

export interface GraphqlWsOptions {
  readonly schema: GraphQLSchema;
  readonly auth: AuthService;
  /** The same validation rules (depth, aliases, cost…) as over HTTP. */
  readonly validationRules: readonly ValidationRule[];
  /** As over HTTP: no introspection, no field suggestions, internal errors masked (and logged either way). */
  readonly production: boolean;
  /** The limits per caller, counted with those of HTTP (rate-limit-plugin.ts). */
  readonly rateLimits?: { readonly limiter: RateLimiter; readonly limits: ApiRateLimits };
  /** A connection admitted for a principal's session (live access closes it when that session ends). */
  readonly onAdmitted?: (socket: WebSocket, principal: Principal) => void;
}

interface Extra extends Record<PropertyKey, unknown> {
  token?: string | null;
  purpose?: string | null;
}

/**
 * graphql-ws on /graphql. The token arrives in connectionParams.authorization;
 * a connection without a valid one is refused at ConnectionInit (graphql-ws
 * closes it with 4403 Forbidden) before any operation runs.
 */
export function createGraphqlWs(opts: GraphqlWsOptions) {
  // ws closes a frame above maxPayload with 1009 (message too big) by itself.
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxWsPayload });
  // A per-connection message rate (token bucket): a flood closes that connection only.
  wss.on('connection', (socket) => {
    let tokens: number = LIMITS.wsBurst;
    let last = Date.now();
    socket.on('message', () => {
      const now = Date.now();
      tokens = Math.min(LIMITS.wsBurst, tokens + ((now - last) / 1000) * LIMITS.wsMessagesPerSecond);
      last = now;
      tokens -= 1;
      if (tokens < 0) socket.close(4429, 'Too many messages');
    });
  });
  // The HTTP pipeline's rules (app.module.ts): graphql-js's, Armor's limits, and in production no introspection.
  const rules = [...specifiedRules, ...opts.validationRules, ...(opts.production ? [NoSchemaIntrospectionCustomRule] : [])];
  const format = formatError(opts.production);
  /** What a client gets of errors: each with a code, masked and logged as formatError does on HTTP. */
  /** `requestError`: the operation never ran (its variables were refused): the client's error, whatever threw it. */
  const formatAll = (errors: readonly GraphQLError[], fallbackCode: string, requestError = false): GraphQLFormattedError[] =>
    errors.map((e) => {
      const json = e.toJSON();
      const code =
        typeof json.extensions?.code === 'string' ? json.extensions.code : requestError || !e.originalError ? fallbackCode : undefined;
      const formatted = code ? { ...json, extensions: { ...json.extensions, code } } : json;
      const out = format(formatted, e);
      // In development formatError passes an internal error through whole; it still gets its code.
      const withCode =
        typeof out.extensions?.code === 'string' ? out : { ...out, extensions: { ...out.extensions, code: 'INTERNAL_SERVER_ERROR' } };
      return opts.production ? { ...withCode, message: hideSuggestions(withCode.message) } : withCode;
    });
  const disposable = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema: opts.schema,
      execute,
      subscribe,
      onConnect: async (ctx) => {
        const token = AuthService.bearer(ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization);
        const principal = await opts.auth.authenticate(token);
        if (!principal) return false;
        opts.onAdmitted?.(ctx.extra.socket, principal);
        ctx.extra.token = token;
        ctx.extra.purpose = typeof ctx.connectionParams?.purpose === 'string' ? ctx.connectionParams.purpose.slice(0, 200) : null;
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        let document;
        try {
          document = parse(payload.query, { maxTokens: LIMITS.maxTokens });
        } catch (err) {
          return [coded(err instanceof GraphQLError ? err : new GraphQLError('could not parse the query'), 'GRAPHQL_PARSE_FAILED')];
        }
        const errors = validate(opts.schema, document, rules);
        // Apollo answers every validation refusal (Armor's limits included) with this code on HTTP.
        if (errors.length) return errors.map((e) => coded(e, 'GRAPHQL_VALIDATION_FAILED', true));
        // Each operation authenticates again, so a token revoked since the connection opened no longer works.
        let principal: Principal | null;
        try {
          principal = await opts.auth.authenticate(ctx.extra.token);
        } catch (err) {
          // Thrown from here, graphql-ws would close the socket with the raw message as its reason.
          log('error', 'internal error', {
            message: err instanceof Error ? err.message : String(err),
            path: ['graphql-ws', 'authenticate'],
          });
          return [new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })];
        }
        const contextValue: RequestContext = { principal, purpose: ctx.extra.purpose ?? null };
        const operation = getOperationAST(document, payload.operationName)?.operation;
        if (opts.rateLimits && operation) {
          try {
            await checkRateLimits(opts.rateLimits.limiter, opts.rateLimits.limits, contextValue, operation, 'ws');
          } catch (err) {
            if (err instanceof GraphQLError) return [err];
            throw err;
          }
        }
        return { schema: opts.schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue };
      },
      // Validation and parse refusals, and a subscription stream that failed.
      onError: (_ctx, _id, _payload, errors) => formatAll(errors, 'GRAPHQL_VALIDATION_FAILED'),
      // Query, mutation and subscription results: their errors as HTTP formats them.
      onNext: (_ctx, _id, _payload, _args, result: ExecutionResult): FormattedExecutionResult | void => {
        if (!result.errors?.length) return;
        // No data at all: graphql-js refused the variables before running anything (Apollo says BAD_USER_INPUT on HTTP).
        if (!('data' in result)) return { errors: formatAll(result.errors, 'BAD_USER_INPUT', true) };
        return { ...result, errors: formatAll(result.errors, 'INTERNAL_SERVER_ERROR') };
      },
    },
    wss,
  );
  return { wss, dispose: () => disposable.dispose() };
}

/** A GraphQL error with `code` in its extensions (one it already has is kept unless `replace`). */
function coded(e: GraphQLError, code: string, replace = false): GraphQLError {
  if (!replace && typeof e.extensions.code === 'string') return e;
  return new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    path: e.path,
    extensions: { ...e.extensions, code },
  });
}

/** Field suggestions ("Did you mean …?") describe the schema: off in production, as Armor's blockFieldSuggestion does on HTTP. */
export function hideSuggestions(message: string): string {
  return message.replace(/ ?Did you mean .*\?$/s, '');
}
