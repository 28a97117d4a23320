import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Tests import the libraries' TypeScript sources directly; the server itself
// is tested as the built program (tests/integration spawn it).
export default defineConfig({
  resolve: {
    alias: {
      '@homeward/graph-schema': here('./graph-schema/src/index.ts'),
      // Before '@homeward/domain', which would otherwise take the subpath as its own.
      '@homeward/domain/policy': here('./libs/domain/src/policy.ts'),
      '@homeward/domain': here('./libs/domain/src/index.ts'),
      '@homeward/neo4j-kit': here('./libs/neo4j-kit/src/index.ts'),
      '@homeward/graph-store': here('./libs/graph-store/src/index.ts'),
      '@homeward/collab': here('./libs/collab/src/index.ts'),
      '@homeward/audit': here('./libs/audit/src/index.ts'),
      '@homeward/analysis': here('./libs/analysis/src/index.ts'),
      '@homeward/media': here('./libs/media/src/index.ts'),
      '@homeward/teamwork': here('./libs/teamwork/src/index.ts'),
    },
  },
  test: {
    include: [
      'graph-schema/src/**/*.test.ts',
      'apps/web/src/**/*.test.mts',
      'libs/*/src/**/*.test.ts',
      'apps/api/src/**/*.test.ts',
      'tests/integration/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
