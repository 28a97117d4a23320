import type { Server } from 'node:http';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CollabServer } from '@homeward/collab';
import type { GraphQLSchema } from 'graphql';
import type { ClusterBus } from '../base/cluster.js';
import type { Config } from '../base/config.js';
import { armor } from '../base/limits.js';
import { log } from '../base/log.js';
import type { AppStores } from '../base/stores.js';
import { CLUSTER, CONFIG, RATE_LIMITER, STORES } from '../base/tokens.js';
import type { RateLimiter } from '../base/rate-limit.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { AccessService } from '../modules/auth/access.service.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { Revocations } from '../modules/auth/revocations.js';
import { GraphEvents } from '../modules/graph/graph-events.js';
import { NotesMentionsService } from '../modules/notifications/notes-mentions.service.js';
import { redisCollabRelay } from './collab-relay.js';
import { createGraphqlWs } from './graphql-ws.js';
import { LiveAccess } from './live-access.js';
import { routeUpgrades } from './upgrade.js';

type GraphqlWs = ReturnType<typeof createGraphqlWs>;

/**
 * The websocket side of the server on the HTTP port: graphql-ws subscriptions
 * on /graphql and the collaboration rooms on /collab/<room>, with the live
 * access sweep that closes what a user may no longer see. Who may open a room
 * is the access service's answer, as for every GraphQL field. With several
 * replicas (REDIS_URL) the rooms relay through Redis, and graph events and
 * revocations arrive from the other replicas.
 */
@Injectable()
export class RealtimeService implements OnApplicationBootstrap {
  private running: { graphqlWs: GraphqlWs; collab: CollabServer; live: LiveAccess } | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(STORES) private readonly stores: AppStores,
    private readonly auth: AuthService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly events: GraphEvents,
    private readonly revocations: Revocations,
    @Inject(CLUSTER) private readonly cluster: ClusterBus | null,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    private readonly notesMentions: NotesMentionsService,
  ) {}

  /** Subscribes to the other replicas' graph events and revocations before the server listens. */
  async onApplicationBootstrap(): Promise<void> {
    await this.events.start();
    await this.revocations.start();
  }

  /**
   * Takes the HTTP server's websocket upgrades; `port` is the one it listens on (its own
   * origins are allowed), `schema` the one GraphQL over HTTP serves (built by the GraphQL module).
   */
  start(server: Server, port: number, schema: GraphQLSchema): void {
    const { config, auth, access, audit } = this;
    const ownOrigins = [`http://${config.host}:${port}`, `http://localhost:${port}`, `http://127.0.0.1:${port}`];
    const allowedOrigins = config.allowedOrigins ?? ownOrigins;
    const live = new LiveAccess(this.stores, this.events, this.revocations);
    const graphqlWs = createGraphqlWs({
      schema,
      auth,
      validationRules: armor(config.production).validationRules,
      production: config.production,
      rateLimits: { limiter: this.limiter, limits: config.rateLimits },
      onAdmitted: (socket, p) => live.trackGraphql(socket, { userId: p.userId, sessionId: p.sessionId }),
    });
    const collab = new CollabServer({
      store: this.stores.documents,
      allowedOrigins,
      relay: this.cluster ? redisCollabRelay(this.cluster) : null,
      auth: {
        authenticate: async (token) => {
          const p = await auth.authenticate(token);
          return p ? { userId: p.userId, displayName: p.displayName, sessionId: p.sessionId } : null;
        },
        // An unknown case and a case of others look the same (4403): existence does not leak.
        authorizeCase: (userId, caseId) => access.documentAccess(userId, caseId),
      },
      events: {
        // The open is recorded before the session is accepted (a failed write refuses it).
        onSessionOpen: async (s) => {
          await audit.record(null, {
            action: 'collab.open',
            outcome: 'success',
            actorId: s.userId,
            agencyId: null,
            caseId: s.caseId,
            targetType: s.document,
            targetId: s.room,
          });
          live.onOpen(s);
        },
        onSessionClose: (s) => {
          live.onClose(s);
          audit
            .record(null, {
              action: 'collab.close',
              outcome: 'success',
              actorId: s.userId,
              agencyId: null,
              caseId: s.caseId,
              targetType: s.document,
              targetId: s.room,
              details: { updates: s.updates, code: s.code, reason: s.reason.slice(0, 100) },
            })
            .catch((err: unknown) =>
              log('error', 'audit write failed for collab.close', { message: err instanceof Error ? err.message : String(err) }),
            );
        },
        // Mentions of members in the notes: only queued here (the room goes on), read and told in batches.
        onUpdate: (e) => this.notesMentions.updateStored(e),
        onRefused: (e) => {
          log('warn', 'collab connection refused', { url: e.url, code: e.code, reason: e.reason });
          audit
            .record(null, {
              action: 'collab.open',
              outcome: 'denied',
              actorId: e.userId,
              agencyId: null,
              targetType: 'room',
              targetId: e.url.split('?')[0].slice(0, 200),
              details: { code: e.code, reason: e.reason.slice(0, 100) },
            })
            .catch(() => undefined);
        },
      },
      log: (line) => log('info', line),
    });
    live.attach(collab);
    live.start();
    this.cluster?.onReconnect(() => collab.resyncAll());
    routeUpgrades(server, {
      graphql: graphqlWs.wss,
      collab: (req, socket, head) => collab.handleUpgrade(req, socket, head),
      allowedOrigins,
    });
    this.running = { graphqlWs, collab, live };
  }

  /** Closes every websocket (1001, so clients reconnect to the next process); updates received are stored first. */
  async stop(): Promise<void> {
    const r = this.running;
    this.running = null;
    if (!r) return;
    r.live.stop();
    await r.collab.close().catch(() => undefined);
    // The updates stored until the close are read for mentions before the stores close.
    await this.notesMentions.drain().catch(() => undefined);
    await Promise.resolve(r.graphqlWs.dispose()).catch(() => undefined);
  }
}
