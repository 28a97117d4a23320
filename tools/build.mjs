#!/usr/bin/env node
// Builds what `npm start` serves: the API (tsc, incremental through project
// references) and the web client (Vite), the latter only when its sources
// changed since the last build, after regenerating its GraphQL operation types
// (tools/graphql-types.mjs). `--api-only` skips the client.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

function newest(dir) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

console.log('building the API…');
run('npx', ['tsc', '-b', 'apps/api']);

const webConfig = 'apps/web/vite.config.mts';
if (!process.argv.includes('--api-only') && existsSync(webConfig)) {
  // The client's operation types from its .graphql files and the committed schema (rewrites only what
  // changed, so an unchanged client stays up to date below); `npm test` typechecks after this step.
  run(process.execPath, ['tools/graphql-types.mjs']);
  const built = existsSync('apps/web/dist/index.html') ? statSync('apps/web/dist/index.html').mtimeMs : 0;
  const sources = Math.max(newest('apps/web'), newest('libs/graph-view/src'), statSync('package-lock.json').mtimeMs);
  if (sources > built) {
    console.log('building the web client…');
    run('npx', ['vite', 'build', '-c', webConfig, '--logLevel', 'warn']);
  } else {
    console.log('web client is up to date');
  }
}
