import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response, NextFunction } from 'express';
import { openEmbeddedStores, type StateStores } from '@homeward/graph-store';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig, type Config } from './base/config.js';
import { log } from './base/log.js';
import { DEMO_ACCOUNTS, seedDemo } from './modules/demo/demo-seed.js';
import { AuthService } from './modules/auth/auth.service.js';
import { createGraphqlWs } from './realtime/graphql-ws.js';
import { routeUpgrades } from './realtime/upgrade.js';

const here = dirname(fileURLToPath(import.meta.url));
// dist/apps/api/src -> repository root
const root = resolve(here, '../../../../../..');

async function openStores(config: Config): Promise<StateStores> {
  if (config.neo4j) {
    const { openNeo4jStores } = (await import('@homeward/graph-store')) as unknown as {
      openNeo4jStores?: (o: NonNullable<Config['neo4j']>) => Promise<StateStores>;
    };
    if (!openNeo4jStores) throw new ConfigError('NEO4J_URI', 'this build has no Neo4j adapter');
    try {
      return await openNeo4jStores(config.neo4j);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new ConfigError(msg.startsWith('NEO4J_') ? msg.split(':')[0] : 'NEO4J_URI', msg.replace(/^NEO4J_\w+:\s*/, ''));
    }
  }
  return openEmbeddedStores(config.dataDir);
}

export async function bootstrap(env: NodeJS.ProcessEnv = process.env) {
  const webDist = join(root, 'apps/web/dist');
  const config = loadConfig(env, existsSync(join(webDist, 'index.html')) ? webDist : null);
  const stores = await openStores(config);

  let demoPassword: string | null = null;
  if (config.seedDemo && (await stores.accounts.userCount()) === 0) {
    demoPassword = await seedDemo(stores, config.demoPassword);
  }

  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(config, stores), { logger: ['error', 'warn'] });
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
      if (req.method !== 'GET' || req.path.startsWith('/graphql') || req.path.startsWith('/collab')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(config.webDist!, 'index.html'));
    });
  }
  await app.init();

  const schema = app.get(GraphQLSchemaHost).schema;
  const auth = app.get(AuthService);
  const graphqlWs = createGraphqlWs({ schema, auth, maxPayloadBytes: 256 * 1024 });
  const server = app.getHttpServer();
  await app.listen(config.port, config.host);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const ownOrigins = [`http://${config.host}:${port}`, `http://localhost:${port}`, `http://127.0.0.1:${port}`];
  routeUpgrades(server, { graphql: graphqlWs.wss, allowedOrigins: config.allowedOrigins ?? ownOrigins });

  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  process.stdout.write(`Homeward is listening on ${url} (store: ${stores.kind}${stores.kind === 'embedded' ? `, ${config.dataDir}` : ''})\n`);
  if (demoPassword !== null) {
    process.stdout.write(`Demo workspace seeded. Sign in with any of these accounts, password: ${demoPassword}\n`);
    for (const a of DEMO_ACCOUNTS) process.stdout.write(`  ${a.email.padEnd(30)} ${a.role}\n`);
  } else if (config.seedDemo) {
    process.stdout.write('Demo accounts: see README (their password was printed at first start, or is DEMO_PASSWORD)\n');
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log('info', `${signal}: closing`);
    await Promise.resolve(graphqlWs.dispose()).catch(() => undefined);
    await app.close().catch(() => undefined);
    await stores.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return { app, port, stores };
}

bootstrap().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    log('error', 'failed to start', { message: err instanceof Error ? err.message : String(err) });
  }
  process.exit(1);
});
