// The benchmarks' imports in a process of their own, started as `npm run import` starts the
// importer (the node options of package.json's import script: --max-semi-space-size=128). The questions the benchmark asks in its
// own process keep the server's settings: a larger young generation changes their figures too
// (the Neo4j neighbourhood's CPU p50 went from 10.9 to 8.2 ms with it), and the server runs without it.
//
//   const { result, cpu } = await importInProcess('embedded', { dataDir, entitiesFile, linksFile, actorId }, onProgress);
//
// kind 'embedded' (importCsv on the data directory's SQLite file), 'neo4j' (importCsvToNeo4j through
// the driver: options.conn {uri, user, password, database}) or 'offline' (offlineImportToNeo4j; options
// as it takes them, without runJava, plus javaHeap for the import's JVM). cpu: seconds of the
// importer's process and of the processes it waited for (the offline import's JVMs).
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The importer's node options, read from the `import` script of package.json (`node OPTIONS apps/…`). */
export const IMPORT_NODE_OPTIONS = (() => {
  const script = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).scripts.import;
  const m = /\bnode((?:\s+--\S+)*)\s+apps\//.exec(script);
  if (!m) throw new Error(`package.json's import script does not start the importer as "node [options] apps/…": ${script}`);
  return m[1].trim().split(/\s+/).filter(Boolean);
})();

const self = fileURLToPath(import.meta.url);

export function importInProcess(kind, options, onProgress = () => {}) {
  return new Promise((resolve, reject) => {
    const child = fork(self, ['worker'], { execArgv: IMPORT_NODE_OPTIONS, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let done = null;
    child.on('message', (m) => {
      if (m.type === 'progress') onProgress(m.progress);
      else if (m.type === 'done') done = m;
      else if (m.type === 'failed') done = { error: m.error };
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (done?.error) reject(new Error(done.error));
      else if (done) resolve({ result: done.result, cpu: done.cpu });
      else reject(new Error(`the import process exited (${code}) without a result`));
    });
    child.send({ kind, options });
  });
}

/** CPU seconds of the processes this one waited for (/proc/self/stat cutime + cstime). */
function waitedForCpuSeconds() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function work({ kind, options }) {
  const gs = await import('@homeward/graph-store');
  const onProgress = (progress) => process.send({ type: 'progress', progress });
  const { conn, javaHeap, dataDir, ...rest } = options;
  if (kind === 'embedded') {
    const stores = gs.openEmbeddedStores(dataDir);
    try {
      return await gs.importCsv(stores, { ...rest, onProgress });
    } finally {
      await stores.close();
    }
  }
  if (kind === 'neo4j') {
    const n4 = await gs.openNeo4jStores(conn);
    try {
      return await gs.importCsvToNeo4j(gs.driverImportRunner(n4.driver, conn.database), { ...rest, onProgress });
    } finally {
      await n4.close();
    }
  }
  if (kind === 'offline') {
    const { runOfflineImport } = await import('../../../tools/neo4j.mjs');
    return gs.offlineImportToNeo4j({ ...rest, dataDir, runJava: (args) => runOfflineImport(args, { heap: javaHeap }), onProgress });
  }
  throw new Error(`no import kind ${kind}`);
}

if (process.argv[1] === self && process.argv[2] === 'worker') {
  process.once('message', async (task) => {
    const own0 = process.cpuUsage();
    const waited0 = waitedForCpuSeconds();
    try {
      const result = await work(task);
      const own = process.cpuUsage(own0);
      const cpu = { importer: (own.user + own.system) / 1e6, children: waitedForCpuSeconds() - waited0 };
      process.send({ type: 'done', result, cpu }, () => process.exit(0));
    } catch (err) {
      process.send({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () => process.exit(1));
    }
  });
}
