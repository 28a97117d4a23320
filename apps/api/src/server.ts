import 'reflect-metadata';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response, NextFunction } from 'express';
import { AppModule } from './app.module.js';
import { openReplicaBus } from './base/cluster.js';
import type { Config } from './base/config.js';
import { healthHandlers } from './base/health.js';
import { log } from './base/log.js';
import { securityHeaders } from './base/security-headers.js';
import { openStores } from './base/stores.js';
import { Accounts } from './modules/admin/admin.service.js';
import { CheckpointWriter, checkpointSettingsFromEnv } from './modules/audit/audit-checkpoints.js';
import { publicUrlFromEnv } from './modules/child/child-photos.js';
import { checkChildSettings } from './modules/child/child.records.js';
import { publicSettingsFromEnv } from './modules/public/public.settings.js';
import { DEMO_ACCOUNTS, seedDemo } from './modules/demo/demo-seed.js';
import { RealtimeService } from './realtime/realtime.service.js';

/** Starts the server on a validated configuration (main.ts validates it before loading any of this). */
/** How long an idle HTTP keep-alive connection is kept open (see bootstrap). */
export const KEEP_ALIVE_MS = 65_000;

export async function bootstrap(config: Config, env: NodeJS.ProcessEnv = process.env) {
  checkChildSettings(env);
  publicSettingsFromEnv(env);
  const checkpointSettings = checkpointSettingsFromEnv(env, config.dataDir);
  const stores = await openStores(config);
  // Several replicas: what crosses processes goes through Redis (see base/cluster.ts).
  const cluster = config.redisUrl ? await openReplicaBus(config.redisUrl) : null;
  const checkpoints = checkpointSettings ? new CheckpointWriter(stores.audit, checkpointSettings) : null;
  await checkpoints?.start();

  let demoPassword: string | null = null;
  let firstAdmin: { email: string; password: string | null } | null = null;
  if (config.seedDemo && (await stores.accounts.userCount()) === 0) {
    demoPassword = await seedDemo(stores, config.demoPassword, stores.documents);
  } else if (!config.seedDemo) {
    firstAdmin = await new Accounts(stores).ensureFirstAdmin(env);
  }

  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(config, stores, cluster), { logger: ['error', 'warn'] });
  app.disable('x-powered-by');
  // Behind TRUST_PROXY proxies, req.ip is the client's address from X-Forwarded-For (for limits per address).
  app.set('trust proxy', config.trustProxy);
  app.enableShutdownHooks();
  app.use(securityHeaders(publicUrlFromEnv(env)));
  let closing = false;
  const health = healthHandlers(stores, cluster, () => closing);
  app.getHttpAdapter().getInstance().get('/healthz', health.healthz);
  app.getHttpAdapter().getInstance().get('/readyz', health.readyz);
  if (config.webDist) {
    app.useStaticAssets(config.webDist, { index: false, maxAge: '1h' });
    // Every other path is the client's (it routes on its own).
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (
        req.method !== 'GET' ||
        req.path.startsWith('/graphql') ||
        req.path.startsWith('/collab') ||
        req.path.startsWith('/media/') ||
        req.path === '/public' ||
        req.path.startsWith('/public/')
      )
        return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(config.webDist!, 'index.html'));
    });
  }
  await app.init();

  const server = app.getHttpServer() as import('node:http').Server;
  // An idle keep-alive connection is kept longer than a reverse proxy's or a client's idle timeout (nginx
  // keeps upstream connections 60 s), so that it is always the other side that closes it: when the server
  // closed first (Node's default is 5 s), a request sent on the connection at that moment failed with
  // "socket closed" and a proxy answered 502.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await app.listen(config.port, config.host);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const realtime = app.get(RealtimeService);
  realtime.start(server, port, app.get(GraphQLSchemaHost).schema);

  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  process.stdout.write(
    `Homeward is listening on ${url} (store: ${stores.kind}${stores.kind === 'embedded' ? `, ${config.dataDir}` : ''})\n`,
  );
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

  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log('info', `${signal}: closing`);
    // /readyz now answers 503: the load balancer stops sending new requests here before the
    // websockets close (1001), so their clients reconnect to another replica.
    if (config.shutdownDrainMs > 0) await new Promise((r) => setTimeout(r, config.shutdownDrainMs));
    await realtime.stop();
    await stores.documents.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    // After everything that records (requests, rooms) has closed: the last checkpoint covers it all.
    await checkpoints?.stop();
    await cluster?.close();
    await stores.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return { app, port, stores };
}
