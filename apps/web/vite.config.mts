import react from '@vitejs/plugin-react';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes each output chunk's modules with their gzip size (each module alone) beside the build, for
 * tools/web-budget.mjs to name the heaviest modules of the initial chunks when they grow over budget.
 * Kept out of dist/, which the server serves.
 */
function moduleSizes(): Plugin {
  const file = fileURLToPath(new URL('./node_modules/.cache/bundle-modules.json', import.meta.url));
  return {
    name: 'homeward-module-sizes',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks: Record<string, Array<{ id: string; bytes: number; gzip: number }>> = {};
      for (const out of Object.values(bundle)) {
        if (out.type !== 'chunk') continue;
        chunks[out.fileName] = Object.entries(out.modules)
          .filter(([, m]) => m.renderedLength > 0)
          .map(([id, m]) => ({ id, bytes: m.renderedLength, gzip: m.code ? gzipSync(m.code, { level: 9 }).length : 0 }));
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify({ chunks }));
    },
  };
}

const api = process.env.HOMEWARD_API ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), moduleSizes()],
  resolve: {
    // Workspace libraries are consumed as TypeScript source, not as their tsc output.
    conditions: ['@homeward/source', 'module', 'browser', 'development|production'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: true },
      '/collab': { target: api, ws: true, changeOrigin: true },
    },
  },
});
