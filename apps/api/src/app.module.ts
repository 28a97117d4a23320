import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { Request } from 'express';
import type { StateStores } from '@homeward/graph-store';
import type { DocumentStore } from '@homeward/collab';
import type { AuditTrail } from '@homeward/audit';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { GraphqlExceptionFilter } from './base/graphql-exception.filter.js';
import type { Config } from './base/config.js';
import type { RequestContext } from './base/context.js';
import { formatError } from './base/errors.js';
import { armor } from './base/limits.js';
import { DateTimeScalar, JSONObjectScalar } from './base/scalars.js';
import { AUDIT, CONFIG, DOCUMENTS, STORES } from './base/tokens.js';
import { AuditInterceptor } from './modules/audit/audit.interceptor.js';
import { AuditResolver } from './modules/audit/audit.resolver.js';
import { AuditService } from './modules/audit/audit.service.js';
import { AdminResolver } from './modules/admin/admin.resolver.js';
import { AccessService } from './modules/auth/access.service.js';
import { AuthResolver } from './modules/auth/auth.resolver.js';
import { AuthService } from './modules/auth/auth.service.js';
import { CaseResolver } from './modules/cases/case.resolver.js';
import { CaseService } from './modules/cases/case.service.js';
import { CollabResolver, SignOffResolver, TimelineChangeResolver } from './modules/collab/collab.resolver.js';
import { CollabService } from './modules/collab/collab.service.js';
import { GraphEvents } from './modules/graph/graph-events.js';
import { GraphResolver } from './modules/graph/graph.resolver.js';
import { GraphService } from './modules/graph/graph.service.js';
import { ChildModule } from './modules/child/child.module.js';
import { PathsModule } from './modules/analysis/paths.module.js';
import { CentralityModule } from './modules/analysis/centrality.module.js';
import { CoSightingModule } from './modules/analysis/cosighting.module.js';
import { CrossCaseModule } from './modules/analysis/crosscase.module.js';
import { ResolutionModule } from './modules/analysis/resolution.module.js';
import { PHOTO_CONTROLLERS, PHOTO_PROVIDERS } from './modules/media/media.providers.js';

/** Holds what main.ts built before Nest: the validated config and the opened stores. */
@Module({})
class CoreModule {
  static with(config: Config, stores: StateStores, documents: DocumentStore, audit: AuditTrail): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: STORES, useValue: stores },
        { provide: DOCUMENTS, useValue: documents },
        { provide: AUDIT, useValue: audit },
        AuditService,
        AuthService,
        AccessService,
        GraphEvents,
      ],
      exports: [CONFIG, STORES, DOCUMENTS, AUDIT, AuditService, AuthService, AccessService, GraphEvents],
    };
  }
}

@Module({})
export class AppModule {
  static with(config: Config, stores: StateStores, documents: DocumentStore, audit: AuditTrail): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.with(config, stores, documents, audit),
        ChildModule,
        PathsModule,
        CoSightingModule,
        CrossCaseModule,
        CentralityModule,
        ResolutionModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [AuthService],
          useFactory: (auth: AuthService) => {
            const limits = armor(config.production);
            return {
            path: '/graphql',
            // Armor types its plugins for BaseContext; Nest's config expects ApolloServerPlugin<any> (same objects).
            // No HTTP caching of answers about cases: the cache-control plugin would only add per-field work.
            plugins: [...(limits.plugins as unknown as NonNullable<ApolloDriverConfig['plugins']>), ApolloServerPluginCacheControlDisabled()],
            validationRules: limits.validationRules,
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
            context: async ({ req }: { req: Request }): Promise<RequestContext> => ({
              principal: await auth.authenticate(AuthService.bearer(req.headers.authorization)),
              purpose: typeof req.headers['x-purpose'] === 'string' ? req.headers['x-purpose'].slice(0, 200) : null,
            }),
            };
          },
        }),
      ],
      providers: [{ provide: APP_INTERCEPTOR, useClass: AuditInterceptor }, { provide: APP_FILTER, useClass: GraphqlExceptionFilter }, AuditResolver, AdminResolver, AuthResolver, CaseResolver, CaseService, GraphResolver, GraphService, CollabService, CollabResolver, SignOffResolver, TimelineChangeResolver, ...PHOTO_PROVIDERS],
      controllers: [...PHOTO_CONTROLLERS],
    };
  }
}
