import { defineConfig } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PORT = Number(process.env.E2E_PORT ?? 4317);
export const DEMO_PASSWORD = 'e2e-demo-password';
// A fixed path, emptied by the server command itself: this file is also loaded by
// every worker, so deleting anything here would pull the data from under the server.
const dataDir = join(tmpdir(), `homeward-e2e-${PORT}`);

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'en-GB',
    timezoneId: 'America/Guatemala',
    viewport: { width: 1400, height: 900 },
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // The flags of every browser the project starts, the benchmarks' included (one list for both).
      args: JSON.parse(readFileSync(join(__dirname, '..', 'chromium-flags.json'), 'utf8')) as string[],
    },
  },
  webServer: {
    // The embedded store: Neo4j and Redis coordinates that CI exports are not passed on.
    command: `rm -rf "${dataDir}" && mkdir -p "${dataDir}" && env -u NEO4J_URI -u REDIS_URL node apps/api/dist/apps/api/src/main.js`,
    cwd: join(__dirname, '..', '..'),
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_PASSWORD,
      SEED_DEMO: '1',
      // Specs seed through the API (hundreds of mutations a minute) and all sign in from 127.0.0.1: limits off (tested in tests/integration).
      RATE_LIMITS: 'user=off,mutations=off,anonymous=off',
      // The public tip form's proof of work, cheaper than in production: the browser tests measure the flow, not the work.
      PUBLIC_POW_BITS: '10',
      // The GT police's handling marking, printed on the graph's PNG export (graph-daily.spec.ts).
      HANDLING_MARKINGS: 'agy_demo00gt=OFFICIAL-SENSITIVE',
    },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
