import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { Request, Response } from 'express';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { GraphqlExceptionFilter } from './base/graphql-exception.filter.js';
import type { Config } from './base/config.js';
import type { RequestContext } from './base/context.js';
import { formatError } from './base/errors.js';
import { subscriptionsOverHttpRefused } from './base/http-subscriptions.js';
import { LIMITS, armor } from './base/limits.js';
import { DateTimeScalar, JSONObjectScalar } from './base/scalars.js';
import { AUDIT, CLUSTER, CONFIG, DOCUMENTS, RATE_LIMITER, STORES } from './base/tokens.js';
import { rateLimitPlugin } from './base/rate-limit-plugin.js';
import { memoryRateLimiter, redisRateLimiter, type RateLimiter } from './base/rate-limit.js';
import type { ClusterBus } from './base/cluster.js';
import type { AppStores } from './base/stores.js';
import { AdminModule } from './modules/admin/admin.module.js';
import { CentralityModule } from './modules/analysis/centrality.module.js';
import { CoSightingModule } from './modules/analysis/cosighting.module.js';
import { CrossCaseModule } from './modules/analysis/crosscase.module.js';
import { PathsModule } from './modules/analysis/paths.module.js';
import { ResolutionModule } from './modules/analysis/resolution.module.js';
import { AuditInterceptor } from './modules/audit/audit.interceptor.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuditService } from './modules/audit/audit.service.js';
import { AccessService } from './modules/auth/access.service.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { AuthService } from './modules/auth/auth.service.js';
import { deviceCookieOf, deviceSetCookie } from './modules/auth/device-cookie.js';
import { Revocations } from './modules/auth/revocations.js';
import { CasesModule } from './modules/cases/cases.module.js';
import { ChildModule } from './modules/child/child.module.js';
import { CollabModule } from './modules/collab/collab.module.js';
import { GraphEvents } from './modules/graph/graph-events.js';
import { GraphModule } from './modules/graph/graph.module.js';
import { PhotosModule } from './modules/media/photos.module.js';
import { ExportModule } from './modules/export/export.module.js';
import { PublicModule } from './modules/public/public.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { TasksModule } from './modules/tasks/tasks.module.js';
import { AccessRequestsModule } from './modules/access-requests/access-requests.module.js';
import { ReplayModule } from './modules/replay/replay.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';

/**
 * What every feature uses, provided once: the validated config and the opened stores (built
 * before Nest starts), authentication, need-to-know access checks, the audit trail and the
 * graph's event bus.
 */
@Module({})
class CoreModule {
  static with(config: Config, stores: AppStores, cluster: ClusterBus | null): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: STORES, useValue: stores },
        { provide: DOCUMENTS, useValue: stores.documents },
        { provide: AUDIT, useValue: stores.audit },
        { provide: CLUSTER, useValue: cluster },
        // Counts per user shared by every replica through Redis; one process's own otherwise (HTTP and graphql-ws alike).
        { provide: RATE_LIMITER, useValue: cluster ? redisRateLimiter(cluster) : memoryRateLimiter() },
        Revocations,
        AuditService,
        AuthService,
        AccessService,
        GraphEvents,
      ],
      exports: [
        CONFIG,
        STORES,
        DOCUMENTS,
        AUDIT,
        CLUSTER,
        RATE_LIMITER,
        Revocations,
        AuditService,
        AuthService,
        AccessService,
        GraphEvents,
      ],
    };
  }
}

/** The application: the core, one module per feature, GraphQL over HTTP, and the websockets. */
@Module({})
export class AppModule {
  /** `cluster`: the Redis bus of several replicas (REDIS_URL), or null for one process. */
  static with(config: Config, stores: AppStores, cluster: ClusterBus | null = null): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.with(config, stores, cluster),
        AuthModule,
        AdminModule,
        AuditModule,
        CasesModule,
        GraphModule,
        CollabModule,
        PhotosModule,
        ExportModule,
        ChildModule,
        PublicModule,
        PathsModule,
        CoSightingModule,
        CrossCaseModule,
        CentralityModule,
        ResolutionModule,
        NotificationsModule,
        TasksModule,
        AccessRequestsModule,
        ReplayModule,
        RealtimeModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [AuthService, RATE_LIMITER],
          useFactory: (auth: AuthService, limiter: RateLimiter) => {
            const limits = armor(config.production);
            // Behind a TLS-terminating proxy the request itself is plain http: PUBLIC_URL says the browser's side is https.
            const secureCookies = process.env.PUBLIC_URL?.trim().startsWith('https://') ?? false;
            return {
              path: '/graphql',
              // Armor types its plugins for BaseContext; Nest's config expects ApolloServerPlugin<any> (same objects).
              // No HTTP caching of answers about cases: the cache-control plugin would only add per-field work.
              plugins: [
                ...(limits.plugins as unknown as NonNullable<ApolloDriverConfig['plugins']>),
                ApolloServerPluginCacheControlDisabled(),
                subscriptionsOverHttpRefused(),
                rateLimitPlugin(limiter, config.rateLimits) as unknown as NonNullable<ApolloDriverConfig['plugins']>[number],
              ],
              validationRules: limits.validationRules,
              // A query longer than this is refused while parsing: 400 GRAPHQL_PARSE_FAILED, before any work.
              parseOptions: { maxTokens: LIMITS.maxTokens },
              allowBatchedHttpRequests: false,
              hideSchemaDetailsFromClientErrors: config.production,
              autoSchemaFile: true,
              sortSchema: true,
              playground: false,
              graphiql: false,
              introspection: !config.production,
              csrfPrevention: true,
              includeStacktraceInErrorResponses: !config.production,
              resolvers: { DateTime: DateTimeScalar, JSONObject: JSONObjectScalar },
              formatError: formatError(config.production),
              context: async ({ req, res }: { req: Request; res: Response }): Promise<RequestContext> => ({
                principal: await auth.authenticate(AuthService.bearer(req.headers.authorization)),
                purpose: typeof req.headers['x-purpose'] === 'string' ? req.headers['x-purpose'].slice(0, 200) : null,
                address: req.ip ?? req.socket.remoteAddress,
                device: {
                  cookie: deviceCookieOf(req.headers.cookie),
                  set: (value: string) => res.append('Set-Cookie', deviceSetCookie(value, req.secure || secureCookies)),
                },
              }),
            };
          },
        }),
      ],
      providers: [
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
        { provide: APP_FILTER, useClass: GraphqlExceptionFilter },
      ],
    };
  }
}
