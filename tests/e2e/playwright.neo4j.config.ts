import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import base, { PORT } from './playwright.config';

// The browser tests of the core work (sign-in, opening a case, adding and linking
// entities, notes and timeline, case replay) once more, with the server on the Neo4j that
// `npm test` started (NEO4J_URI and its credentials come from the environment).
// The server command empties that database first, so the demo is seeded anew.
const dataDir = join(tmpdir(), `homeward-e2e-neo4j-${PORT}`);

// The base config has one server (an object, not a list); this one replaces its command and environment.
const baseServer = base.webServer;
if (!baseServer || Array.isArray(baseServer)) throw new Error('tests/e2e/playwright.config.ts must define exactly one webServer');
if (!process.env.NEO4J_URI)
  throw new Error('NEO4J_URI is not set: the Neo4j browser tests need a Neo4j (npm test starts one; or run `npm run neo4j`)');

export default defineConfig({
  ...base,
  testMatch: ['workspace.spec.ts', 'collab.spec.ts', 'replay.spec.ts'],
  webServer: {
    ...baseServer,
    // Redis coordinates that CI exports are not passed on (one server process), as in the base config.
    command: `rm -rf "${dataDir}" && mkdir -p "${dataDir}" && node tests/e2e/empty-neo4j.mjs && env -u REDIS_URL node apps/api/dist/apps/api/src/main.js`,
    env: {
      ...baseServer.env,
      DATA_DIR: dataDir,
      NEO4J_URI: process.env.NEO4J_URI,
      NEO4J_USER: process.env.NEO4J_USER ?? 'neo4j',
      NEO4J_PASSWORD: process.env.NEO4J_PASSWORD ?? '',
    },
  },
});
