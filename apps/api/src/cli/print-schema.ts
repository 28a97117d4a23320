// Prints the GraphQL schema the server builds from its resolvers (code first), in SDL.
// The web client checks its operations against this text (tools/graphql-client.mjs),
// so it is built here by the same AppModule the server runs, not by a list kept apart.
// No store is opened and nothing listens: the resolvers are only read, never called.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { AppModule } from '../app.module.js';
import type { Config } from '../base/config.js';
import { DEFAULT_RATE_LIMITS } from '../base/rate-limit.js';
import type { AppStores } from '../base/stores.js';

const config: Config = {
  port: 0,
  host: '127.0.0.1',
  dataDir: '',
  neo4j: null,
  redisUrl: null,
  shutdownDrainMs: 0,
  seedDemo: false,
  demoPassword: null,
  jwtSecret: Buffer.alloc(32),
  // Production hides nothing from the schema itself; development keeps introspection on, as a developer's server has it.
  production: false,
  allowedOrigins: null,
  webDist: null,
  travelSpeedKmh: 0,
  rateLimits: DEFAULT_RATE_LIMITS,
  trustProxy: 0,
  handlingMarkings: { byAgency: new Map(), fallback: null },
};

// Stand-ins: providers keep references to the stores at construction and use them only when called
// (the face-match sweep, which runs at start, finds no run to fail).
const unused = { jobs: { failStale: async () => [] } } as unknown as AppStores;

const app = await NestFactory.create(AppModule.with(config, unused), { logger: ['error'] });
await app.init();
const schema = app.get(GraphQLSchemaHost).schema;
process.stdout.write(printSchema(lexicographicSortSchema(schema)));
await app.close();
