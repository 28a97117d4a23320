import 'reflect-metadata';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response, NextFunction } from 'express';
import { openStores } from './base/stores.js';
import { may } from '@homeward/domain';
import { Accounts } from './modules/admin/admin.service.js';
import { CollabServer } from '@homeward/collab';
import { AppModule } from './app.module.js';
import type { Config } from './base/config.js';
import { log } from './base/log.js';
import { armor } from './base/limits.js';
import { DEMO_ACCOUNTS, seedDemo } from './modules/demo/demo-seed.js';
import { AuthService } from './modules/auth/auth.service.js';
import { createGraphqlWs } from './realtime/graphql-ws.js';
import { LiveAccess } from './realtime/live-access.js';
import { GraphEvents } from './modules/graph/graph-events.js';
import { AuditService } from './modules/audit/audit.service.js';
import { routeUpgrades } from './realtime/upgrade.js';
import { checkChildSettings } from './modules/child/child.records.js';


/** Starts the server on a validated configuration (main.ts validates it before loading any of this). */
export async function bootstrap(config: Config, env: NodeJS.ProcessEnv = process.env) {
  checkChildSettings(env);
  const stores = await openStores(config);

  let demoPassword: string | null = null;
  let firstAdmin: { email: string; password: string | null } | null = null;
  if (config.seedDemo && (await stores.accounts.userCount()) === 0) {
    demoPassword = await seedDemo(stores, config.demoPassword);
  } else if (!config.seedDemo) {
    firstAdmin = await new Accounts(stores).ensureFirstAdmin(env);
  }

  const { documents, audit } = stores;

  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(config, stores, documents, audit), { logger: ['error', 'warn'] });
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  app.getHttpAdapter().getInstance().get('/healthz', (_req: Request, res: Response) => void res.json({ status: 'ok' }));
  if (config.webDist) {
    app.useStaticAssets(config.webDist, { index: false, maxAge: '1h' });
    // Every other path is the client's (it routes on its own).
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || req.path.startsWith('/graphql') || req.path.startsWith('/collab') || req.path.startsWith('/media/')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(config.webDist!, 'index.html'));
    });
  }
  await app.init();

  const schema = app.get(GraphQLSchemaHost).schema;
  const auth = app.get(AuthService);
  const graphqlWs = createGraphqlWs({ schema, auth, validationRules: armor(config.production).validationRules });
  const server = app.getHttpServer();
  await app.listen(config.port, config.host);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const ownOrigins = [`http://${config.host}:${port}`, `http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const allowedOrigins = config.allowedOrigins ?? ownOrigins;
  const live = new LiveAccess(stores, app.get(GraphEvents));
  const auditService = app.get(AuditService);
  const collab = new CollabServer({
    store: documents,
    allowedOrigins,
    auth: {
      authenticate: async (token) => {
        const p = await auth.authenticate(token);
        return p ? { userId: p.userId, displayName: p.displayName } : null;
      },
      // An unknown case and a case of others look the same (4403): existence does not leak.
      // A member whose role may read the case but not edit documents (ADMIN) follows it read-only.
      authorizeCase: async (userId, caseId) => {
        const user = await stores.accounts.getUser(userId);
        if (!user || !may(user.role, 'case.read')) return 'forbidden';
        if (!(await stores.cases.isMember(caseId, userId))) return 'forbidden';
        return may(user.role, 'notes.edit') ? 'ok' : 'read-only';
      },
    },
    events: {
      // The open is recorded before the session is accepted (a failed write refuses it).
      onSessionOpen: async (s) => {
        await auditService.record(null, { action: 'collab.open', outcome: 'success', actorId: s.userId, agencyId: null, caseId: s.caseId, targetType: s.document, targetId: s.room });
        live.onOpen(s);
      },
      onSessionClose: (s) => {
        live.onClose(s);
        auditService
          .record(null, { action: 'collab.close', outcome: 'success', actorId: s.userId, agencyId: null, caseId: s.caseId, targetType: s.document, targetId: s.room, details: { updates: s.updates, code: s.code, reason: s.reason.slice(0, 100) } })
          .catch((err: unknown) => log('error', 'audit write failed for collab.close', { message: err instanceof Error ? err.message : String(err) }));
      },
      onRefused: (e) => {
        log('warn', 'collab connection refused', { url: e.url, code: e.code, reason: e.reason });
        auditService
          .record(null, { action: 'collab.open', outcome: 'denied', actorId: e.userId, agencyId: null, targetType: 'room', targetId: e.url.split('?')[0].slice(0, 200), details: { code: e.code, reason: e.reason.slice(0, 100) } })
          .catch(() => undefined);
      },
    },
    log: (line) => log('info', line),
  });
  live.attach(collab);
  live.start();
  routeUpgrades(server, { graphql: graphqlWs.wss, collab: (req, socket, head) => collab.handleUpgrade(req, socket, head), allowedOrigins });

  if (config.redisUrl) log('warn', 'REDIS_URL is set, but sharing events between replicas is not implemented yet: run one server process per data set');
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  process.stdout.write(`Homeward is listening on ${url} (store: ${stores.kind}${stores.kind === 'embedded' ? `, ${config.dataDir}` : ''})\n`);
  if (demoPassword !== null) {
    process.stdout.write(`Demo workspace seeded. Sign in with any of these accounts, password: ${demoPassword}\n`);
    for (const a of DEMO_ACCOUNTS) process.stdout.write(`  ${a.email.padEnd(30)} ${a.role}\n`);
  } else if (firstAdmin) {
    process.stdout.write(
      firstAdmin.password
        ? `First administrator created: ${firstAdmin.email}, one-time password: ${firstAdmin.password} (shown only this once: keep it safe)\n`
        : `First administrator created: ${firstAdmin.email} (password from ADMIN_PASSWORD)\n`,
    );
  } else if (config.seedDemo) {
    process.stdout.write('Demo accounts: see README (their password was printed at first start, or is DEMO_PASSWORD)\n');
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log('info', `${signal}: closing`);
    live.stop();
    await collab.close().catch(() => undefined);
    await Promise.resolve(graphqlWs.dispose()).catch(() => undefined);
    await documents.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    await stores.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return { app, port, stores };
}
