import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import base, { DEMO_PASSWORD, PORT } from './playwright.config';

// The browser tests of the core work (sign-in, opening a case, adding and linking
// entities, notes and timeline) once more, with the server on the Neo4j that
// `npm test` started (NEO4J_URI and its credentials come from the environment).
// The server command empties that database first, so the demo is seeded anew.
const dataDir = join(tmpdir(), `homeward-e2e-neo4j-${PORT}`);

export default defineConfig({
  ...base,
  testMatch: ['workspace.spec.ts', 'collab.spec.ts'],
  webServer: {
    ...base.webServer,
    command: `rm -rf "${dataDir}" && mkdir -p "${dataDir}" && node tests/e2e/empty-neo4j.mjs && node apps/api/dist/apps/api/src/main.js`,
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_PASSWORD,
      SEED_DEMO: '1',
      NEO4J_URI: process.env.NEO4J_URI ?? '',
      NEO4J_USER: process.env.NEO4J_USER ?? 'neo4j',
      NEO4J_PASSWORD: process.env.NEO4J_PASSWORD ?? '',
    },
  },
});
