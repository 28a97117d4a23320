import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  ENTITY_PROPERTY_COLUMNS,
  describeRefusal,
  LINK_COLUMNS,
  driverImportRunner,
  formatImportError,
  importCsv,
  importCsvToNeo4j,
  openEmbeddedStores,
  openNeo4jStores,
  offlineImportToNeo4j,
  OfflineImportError,
  type CsvImportOptions,
  type ImportResult,
} from '@homeward/graph-store';

const HELP = `Imports entities and links from CSV files (all or nothing) into the embedded
store, or into Neo4j when NEO4J_URI is set (NEO4J_USER, NEO4J_PASSWORD,
NEO4J_DATABASE as for the server).

Usage: npm run import -- --actor EMAIL [--entities FILE] [--links FILE] [--data-dir DIR]
       npm run import -- --neo4j-offline DIR --actor EMAIL [--entities FILE] [--links FILE]

Options:
  --entities FILE   entities CSV
  --links FILE      links CSV (loaded after the entities)
  --actor EMAIL     the user recorded as creator of every row (required)
  --data-dir DIR    the embedded store's directory (default: $DATA_DIR, else ./data)
  --max-errors N    stop after N bad rows (default 100)
  --neo4j-offline DIR
                    initial bulk load of a STOPPED Neo4j (the data directory of
                    npm run neo4j -- --data DIR) whose database holds at most a
                    demo workspace (10,000 entities; accounts, cases and those
                    entities are kept): the same checks, then
                    Neo4j's own batch importer builds the database again with the
                    rows, its indexes and constraints. Many times faster than the
                    transactional import, which is the one for a live database.
  --threads N       batch importer threads with --neo4j-offline (default: cores)
  -h, --help        this text

entities.csv, with a header row (columns in any order; see docs/import.md):
  id              application id (ent_xxxxxx…); empty: one is generated.
                  An id already defined (in the store or earlier in the file)
                  attaches that entity to this row's case; leave its property
                  cells empty.
  case_reference  reference of an existing case (GT-2026-0001)
  kind            PERSON, VEHICLE, LOCATION, SIGHTING, PHONE or ONLINE_ACCOUNT
  role            a person's role in the case (MISSING_CHILD, SUSPECT, WITNESS…)
  <properties>    any of: ${ENTITY_PROPERTY_COLUMNS.join(', ')}
                  (lists such as aliases: items separated by |)
  source, reliability   optional provenance (reliability A to F)

links.csv, with a header row:
  ${LINK_COLUMNS.join(', ')}, optional source, reliability
  type: a link type of the model, joining the kinds it allows.

Every bad row is reported as FILE:LINE: COLUMN: REASON; if there is any,
nothing of the import is kept. On Neo4j every row is checked before any is
written; running the same import again changes nothing. Exit code 0 when imported, 1 when refused,
2 on a usage error.
`;

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        entities: { type: 'string' },
        links: { type: 'string' },
        actor: { type: 'string' },
        'data-dir': { type: 'string' },
        'max-errors': { type: 'string' },
        'neo4j-offline': { type: 'string' },
        threads: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\n\n${HELP}`, 2);
  }
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  if (!args.entities && !args.links) fail('give --entities FILE, --links FILE or both (--help for the layout)', 2);
  if (!args.actor) fail('--actor: required (the email of the user the import is recorded as)', 2);
  const maxErrors = args['max-errors'] === undefined ? 100 : Number(args['max-errors']);
  if (!Number.isInteger(maxErrors) || maxErrors < 1) fail('--max-errors: must be a positive integer', 2);

  if (args['neo4j-offline'] !== undefined) {
    const threads = args.threads === undefined ? undefined : Number(args.threads);
    if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) fail('--threads: must be a positive integer', 2);
    await offline(resolve(args['neo4j-offline']), args.actor, args.entities, args.links, maxErrors, threads);
    return;
  }

  const env = process.env;
  const neo4jUri = env.NEO4J_URI;
  const dataDir = resolve(args['data-dir'] ?? env.DATA_DIR ?? './data');
  const where = neo4jUri ? `Neo4j at ${neo4jUri}` : dataDir;
  const stores = neo4jUri
    ? await openNeo4jStores({ uri: neo4jUri, user: env.NEO4J_USER, password: env.NEO4J_PASSWORD, database: env.NEO4J_DATABASE })
    : openEmbeddedStores(dataDir);
  try {
    const actor = await stores.accounts.findUserByEmail(args.actor);
    if (!actor) fail(`--actor: no user ${args.actor} in ${where}`, 2);
    const opts: CsvImportOptions = {
      entitiesFile: args.entities ? resolve(args.entities) : undefined,
      linksFile: args.links ? resolve(args.links) : undefined,
      actorId: actor.id,
      maxErrors,
      progressEvery: 50_000,
      onProgress: progressPrinter(),
    };
    const result: ImportResult =
      stores.kind === 'neo4j'
        ? await importCsvToNeo4j(driverImportRunner(stores.driver, env.NEO4J_DATABASE), opts)
        : await importCsv(stores, opts);
    report(result, where);
  } finally {
    await stores.close();
  }
}

function progressPrinter(): CsvImportOptions['onProgress'] {
  let last = { rows: 0, at: Date.now(), phase: 'read' };
  return (p) => {
    const now = Date.now();
    const phase = p.phase ?? 'read';
    // The rate of this phase: the Neo4j import counts written rows from 0 again after checking them all.
    if (phase !== last.phase) last = { rows: 0, at: now, phase };
    const rate = now > last.at ? Math.round(((p.rows - last.rows) * 1000) / (now - last.at)) : 0;
    last = { rows: p.rows, at: now, phase };
    process.stderr.write(`${p.file}: ${p.rows} rows ${phase === 'written' ? 'staged' : 'read'}, ${rate} rows/s\n`);
  };
}

function report(result: ImportResult, where: string, detail = ''): void {
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  if (!result.ok) {
    for (const e of result.errors) process.stderr.write(`${formatImportError(e)}\n`);
    if (result.truncated) process.stderr.write(`… stopped after ${result.errors.length} bad rows\n`);
    process.stderr.write(`Import refused: ${describeRefusal(result)}; nothing was kept (${seconds} s).\n`);
    process.exitCode = 1;
    return;
  }
  const rate = Math.round((result.rows * 1000) / Math.max(1, result.elapsedMs));
  const unchanged = result.unchanged ? `, ${result.unchanged} rows already stored as given (left unchanged)` : '';
  process.stdout.write(
    `Imported into ${where}: ${result.entities} entities, ${result.attached} attachments to further cases, ${result.links} links${unchanged} ` +
      `(${result.rows} rows in ${seconds} s, ${rate} rows/s${detail}).\n`,
  );
}

/** The repository's tools/neo4j.mjs, which builds tools/neo4j-dev and runs its JVM steps. */
async function neo4jTools(): Promise<{ runOfflineImport: (args: string[]) => Promise<void> }> {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'tools', 'neo4j.mjs');
    if (existsSync(file)) {
      const tools = (await import(pathToFileURL(file).href)) as {
        missingPrerequisite: () => string | null;
        runOfflineImport: (args: string[]) => Promise<void>;
      };
      const missing = tools.missingPrerequisite();
      if (missing) fail(`--neo4j-offline: ${missing}`, 2);
      return tools;
    }
  }
  return fail('--neo4j-offline: tools/neo4j.mjs not found above this program (run it from the repository)', 2);
}

async function offline(
  dataDir: string,
  actorEmail: string,
  entities: string | undefined,
  links: string | undefined,
  maxErrors: number,
  threads: number | undefined,
): Promise<void> {
  const { runOfflineImport } = await neo4jTools();
  try {
    const result = await offlineImportToNeo4j({
      dataDir,
      actorEmail,
      entitiesFile: entities ? resolve(entities) : undefined,
      linksFile: links ? resolve(links) : undefined,
      maxErrors,
      threads,
      progressEvery: 50_000,
      onProgress: progressPrinter(),
      runJava: (a) => runOfflineImport(a),
    });
    const s = result.steps;
    const steps = s
      ? `; snapshot ${(s.snapshotMs / 1000).toFixed(1)} s, check ${(s.checkMs / 1000).toFixed(1)} s, ` +
        `batch import with indexes ${(s.importMs / 1000).toFixed(1)} s`
      : '';
    report(result, `the Neo4j database in ${dataDir} (offline)`, steps);
  } catch (err) {
    if (err instanceof OfflineImportError || (err as { exitCode?: number }).exitCode === 3) fail(`${(err as Error).message}`, 2);
    throw err;
  }
}

main().catch((err: unknown) => fail(`import failed: ${err instanceof Error ? err.message : String(err)}`, 1));
