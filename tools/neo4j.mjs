#!/usr/bin/env node
// `npm run neo4j -- [--port P] [--data DIR] [--password PW] [--heap SIZE] [--page-cache SIZE]`:
// builds tools/neo4j-dev with Maven when its sources changed, then runs Neo4j 5.26
// Community in this process's place (signals are passed on; the JVM's shutdown hook
// stops the databases cleanly). Also imported by tools/test.mjs, which starts one
// Neo4j for the whole test run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const moduleDir = join(dirname(fileURLToPath(import.meta.url)), 'neo4j-dev');
const mainClass = 'homeward.neo4j.DevNeo4j';
export const DEFAULT_PASSWORD = 'homeward-dev';

/** Why Neo4j cannot start here (one line), or null when Java 17+ and Maven are on the PATH. */
export function missingPrerequisite() {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error) return 'Java 17+ is needed to run Neo4j (java is not on the PATH)';
  const m = /version "(\d+)/.exec(`${java.stderr}${java.stdout}`);
  if (!m || Number(m[1]) < 17) return `Java 17+ is needed to run Neo4j (found ${m ? m[1] : 'an unknown version'})`;
  const mvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (mvn.error) return 'Maven is needed to build the development Neo4j (mvn is not on the PATH)';
  return null;
}

function newestSource() {
  const javaDir = join(moduleDir, 'src/main/java/homeward/neo4j');
  const files = [join(moduleDir, 'pom.xml'), ...readdirSync(javaDir).map((f) => join(javaDir, f))];
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

/** Compiles the launcher and writes its classpath (Maven downloads Neo4j into ~/.m2 the first time). */
export function buildNeo4j({ quiet = false } = {}) {
  const stamp = join(moduleDir, 'target/classpath.txt');
  const classFile = join(moduleDir, 'target/classes/homeward/neo4j/OfflineImport.class');
  if (
    existsSync(stamp) &&
    existsSync(classFile) &&
    statSync(classFile).mtimeMs >= newestSource() &&
    statSync(stamp).mtimeMs >= newestSource()
  )
    return;
  if (!quiet) console.error('neo4j: building tools/neo4j-dev (the first build downloads Neo4j 5.26 from Maven Central)…');
  const r = spawnSync('mvn', ['-q', '-B', '-Dstyle.color=never', '-f', join(moduleDir, 'pom.xml'), 'compile'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`neo4j: the Maven build of tools/neo4j-dev failed (exit ${r.status})`);
  // Maven leaves the classpath file alone when the dependencies did not change: mark it as built now, or every start would build again.
  const now = new Date();
  utimesSync(stamp, now, now);
}

const classpath = () => `${join(moduleDir, 'target/classes')}:${readFileSync(join(moduleDir, 'target/classpath.txt'), 'utf8').trim()}`;

/**
 * Runs a step of the offline CSV import (OfflineImport.java: `snapshot` or `import`, with its
 * options) in its own JVM; its lines go to stderr. Resolves when it exited 0, else rejects with
 * its last lines. `heap` sizes the JVM (the batch importer also uses memory outside the heap).
 */
export function runOfflineImport(args, { heap = '1g', quiet = false } = {}) {
  buildNeo4j({ quiet });
  return new Promise((resolve, reject) => {
    const child = spawn('java', [`-Xmx${heap}`, ...NEO4J_JVM, '-cp', classpath(), 'homeward.neo4j.OfflineImport', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const keep = (chunk) => {
      if (!quiet) process.stderr.write(chunk);
      tail = (tail + chunk).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else {
        const said = tail
          .split('\n')
          .filter((l) => l.startsWith('offline-import: '))
          .pop();
        const err = new Error(
          said ? said.slice('offline-import: '.length) : `the offline import step ${args[0]} exited with ${code}:\n${tail}`,
        );
        err.exitCode = code;
        reject(err);
      }
    });
  });
}

// The JVM options Neo4j's own launcher uses: without the opens, the page cache falls back to slower buffer access.
const NEO4J_JVM = [
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+DisableExplicitGC',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--enable-native-access=ALL-UNNAMED',
];

/** The java command line for the given options. */
export function javaArgs({ port = 7687, data = 'data/neo4j', password = DEFAULT_PASSWORD, heap = '1g', pageCache = '512m' } = {}) {
  return [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    ...NEO4J_JVM,
    '-cp',
    classpath(),
    mainClass,
    '--port',
    String(port),
    '--data',
    data,
    '--password',
    password,
    '--page-cache',
    pageCache,
  ];
}

/**
 * Starts Neo4j as a child process and resolves with its Bolt URI once it accepts
 * connections. `stop()` sends SIGTERM and waits for a clean shutdown.
 */
export async function startNeo4j(opts = {}) {
  buildNeo4j({ quiet: opts.quiet });
  const child = spawn('java', javaArgs(opts), { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const uri = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      log += chunk;
      const m = /neo4j ready: (bolt:\/\/\S+)/.exec(log);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => (log += c));
    child.on('exit', (code) => reject(new Error(`neo4j exited with ${code} before it was ready:\n${log.slice(-4000)}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    uri,
    pid: child.pid,
    user: 'neo4j',
    password: opts.password ?? DEFAULT_PASSWORD,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function parseArgs(argv) {
  const opts = {};
  const names = { '--port': 'port', '--data': 'data', '--password': 'password', '--heap': 'heap', '--page-cache': 'pageCache' };
  for (let i = 0; i < argv.length; i++) {
    const key = names[argv[i]];
    if (!key) throw new Error(`neo4j: unknown option ${argv[i]} (expected ${Object.keys(names).join(', ')})`);
    if (argv[i + 1] === undefined) throw new Error(`neo4j: ${argv[i]} needs a value`);
    opts[key] = argv[++i];
  }
  return opts;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const missing = missingPrerequisite();
    if (missing) throw new Error(`neo4j: ${missing}`);
    const opts = parseArgs(process.argv.slice(2));
    if (!opts.password) console.error(`neo4j: user neo4j, password ${DEFAULT_PASSWORD} (the default; --password PW sets another)`);
    buildNeo4j();
    const child = spawn('java', javaArgs(opts), { stdio: 'inherit' });
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill('SIGTERM'));
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
