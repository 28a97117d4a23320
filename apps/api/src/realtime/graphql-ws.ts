import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, execute, parse, specifiedRules, subscribe, validate, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { Principal, RequestContext } from '../base/context.js';
import { LIMITS } from '../base/limits.js';
import { AuthService } from '../modules/auth/auth.service.js';

export interface GraphqlWsOptions {
  readonly schema: GraphQLSchema;
  readonly auth: AuthService;
  /** The same validation rules (depth, aliases, cost…) as over HTTP. */
  readonly validationRules: readonly ValidationRule[];
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
  const rules = [...specifiedRules, ...opts.validationRules];
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
          return [err instanceof GraphQLError ? err : new GraphQLError('could not parse the query')];
        }
        const errors = validate(opts.schema, document, rules);
        if (errors.length) return errors;
        // Each operation authenticates again, so a token revoked since the connection opened no longer works.
        const contextValue: RequestContext = {
          principal: await opts.auth.authenticate(ctx.extra.token),
          purpose: ctx.extra.purpose ?? null,
        };
        return { schema: opts.schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue };
      },
    },
    wss,
  );
  return { wss, dispose: () => disposable.dispose() };
}
