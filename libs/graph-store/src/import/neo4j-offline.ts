import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  ENTITY_KINDS,
  ENTITY_KIND_NAMES,
  ENTITY_LABEL,
  SEARCH_KEYS_PROP,
  type EntityKind,
  type EntityKindDef,
  type PropType,
} from '@homeward/graph-schema';
import { importCsvToNeo4j, type ImportRunner, type ImportTx } from './neo4j-import';
import type { ImportCypherName } from './cypher';
import type { CsvImportOptions, ImportResult } from './csv-import';
import type { Row } from '../neo4j/mapping';

/*
 * The offline bulk load into Neo4j: an initial load of a database that holds at most a demo
 * workspace's entities (10,000), with Neo4j stopped, through Neo4j's own batch importer (tools/neo4j-dev OfflineImport.java,
 * the importer behind `neo4j-admin database import full`). Three steps:
 *
 * 1. snapshot (Java): the database as it is (accounts, agencies, cases, migration records) is
 *    written as batch-importer files, with the cases and users the rows refer to and the schema.
 * 2. check and stage (here): the transactional importer itself (importCsvToNeo4j: the same row
 *    checks, the same plan, the same statements by name) runs on a runner that answers its
 *    lookups from the snapshot and, instead of running each write statement, writes what that
 *    statement would create as batch-importer rows: the same labels, properties, memberships,
 *    resolution keys, links and provenance. A refused file stops here; the database is untouched.
 * 3. import (Java): the batch importer builds a new database from both, which replaces the old
 *    one; the old one's indexes and constraints are created on it and awaited.
 *
 * The transactional importer (npm run import with NEO4J_URI) is the one for a live database.
 */

/** What the snapshot step reports of the database it read. */
export interface OfflineSnapshot {
  readonly cases: ReadonlyArray<{ reference: string; id: string; node: string }>;
  readonly users: ReadonlyArray<{ email: string; id: string }>;
  /** The entities the database holds already (a demo workspace: the snapshot step refuses more than 10,000). */
  readonly entities: ReadonlyArray<{ id: string; kind: string; node: string }>;
  readonly memberships: ReadonlyArray<{ entityId: string; caseId: string; role: string | null }>;
  readonly links: ReadonlyArray<{ id: string; type: string; fromId: string; toId: string; caseId: string }>;
  readonly keys: ReadonlyArray<{ key: string; node: string }>;
  readonly schema: readonly string[];
  readonly nodes: number;
  readonly relationships: number;
}

/** Between the items of a list in the batch importer's files (OfflineImport.ARRAY_DELIMITER). */
const ARRAY_DELIMITER = '\u001f';

/** A quoted cell; most hold no quote, and skip the replace (millions of cells in a large load). */
const quote = (s: string) => (s.includes('"') ? `"${s.replace(/"/g, '""')}"` : `"${s}"`);

/** One batch-importer file being written, with its header. */
class StageFile {
  private readonly fd: number;
  private buffer = '';
  multiline = false;
  rows = 0;

  constructor(
    readonly name: string,
    dir: string,
    header: string,
  ) {
    this.fd = openSync(join(dir, name), 'w');
    this.buffer = `${header}\n`;
  }

  line(cells: string[]): void {
    const text = cells.join(',');
    if (!this.multiline && /[\r\n]/.test(text)) this.multiline = true;
    this.buffer += `${text}\n`;
    this.rows++;
    if (this.buffer.length > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.buffer) writeSync(this.fd, this.buffer);
    this.buffer = '';
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const COLUMN_TYPE: Record<PropType, 'string' | 'double' | 'string[]'> = {
  string: 'string',
  text: 'string',
  datetime: 'string',
  date: 'string',
  country: 'string',
  enum: 'string',
  number: 'double',
  stringList: 'string[]',
};

/** A value as a cell of a column of `type`; null/undefined is an empty cell (the importer sets nothing, as SET does with null). */
function cell(value: unknown, type: string, what: string): string {
  if (value === null || value === undefined) return '';
  if (type === 'string' && typeof value === 'string') return quote(value);
  if (type === 'double' && typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (type === 'string[]' && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    if (value.some((v) => v.includes(ARRAY_DELIMITER)))
      throw new Error(`${what}: a list item holds U+001F, which the offline import cannot carry`);
    return quote(value.join(ARRAY_DELIMITER));
  }
  if (type === 'point' && value && typeof value === 'object' && 'x' in value && 'y' in value) {
    const p = value as { x: number; y: number };
    return quote(`{crs:'wgs-84',x:${p.x},y:${p.y}}`);
  }
  throw new Error(`${what}: cannot write ${JSON.stringify(value)} as ${type}`);
}

/** The node columns of an entity of `kind`, as the transactional importer's createEntities sets them (mapping.storedProps). */
function entityColumns(kind: EntityKind): Array<[string, string]> {
  const def: EntityKindDef = ENTITY_KINDS[kind];
  const cols: Array<[string, string]> = [
    ['id', 'string'],
    ['kind', 'string'],
    ['label', 'string'],
    ['createdBy', 'string'],
    ['createdAt', 'string'],
    ['updatedAt', 'string'],
    ['source', 'string'],
    ['reliability', 'string'],
  ];
  for (const [name, p] of Object.entries(def.props)) cols.push([name, COLUMN_TYPE[p.type]]);
  // Every kind: since version 2 of the search keys, also the words a tokenizer keeps joined (a person's handle).
  cols.push([SEARCH_KEYS_PROP, 'string']);
  if (def.spatial) cols.push(['point', 'point']);
  return cols;
}

/**
 * An ImportRunner for importCsvToNeo4j on a database that is not running: lookups are answered
 * from the snapshot (the few entities a demo workspace has, their memberships and links), writes
 * become batch-importer rows in `dir`. A row repeating a stored entity with its properties is
 * refused, as by the embedded importer (the snapshot does not carry their properties).
 */
export class StageRunner implements ImportRunner {
  private readonly caseIds: Map<string, string>;
  private readonly caseNodes: Map<string, string>;
  /** Import ids of the nodes the snapshot holds: entities and resolution keys. */
  private readonly entityNodes: Map<string, string>;
  private readonly keyNodes: Map<string, string>;
  private readonly stored: Map<string, { kind: string; cases: Array<{ caseId: string; role: string | null }> }>;
  private readonly storedLinks: Map<string, { id: string; type: string; toId: string; caseId: string; fromId: string }>;
  private readonly entityFiles = new Map<EntityKind, { file: StageFile; cols: Array<[string, string]> }>();
  private readonly keys: StageFile;
  private readonly hasKey: StageFile;
  private readonly links: StageFile;
  private readonly keysSeen = new Set<string>();
  /** Memberships by entity and case, with their role: written at the end, after any row changed a role. */
  private readonly memberships = new Map<string, string | null>();
  private meta: { actorId: string; now: string } | null = null;

  constructor(
    private readonly dir: string,
    snapshot: OfflineSnapshot,
  ) {
    this.caseIds = new Map(snapshot.cases.map((c) => [c.reference, c.id]));
    this.caseNodes = new Map(snapshot.cases.map((c) => [c.id, c.node]));
    this.entityNodes = new Map(snapshot.entities.map((e) => [e.id, e.node]));
    this.keyNodes = new Map(snapshot.keys.map((k) => [k.key, k.node]));
    this.stored = new Map(
      snapshot.entities.map((e) => [e.id, { kind: e.kind, cases: [] as Array<{ caseId: string; role: string | null }> }]),
    );
    for (const m of snapshot.memberships) this.stored.get(m.entityId)?.cases.push({ caseId: m.caseId, role: m.role });
    this.storedLinks = new Map(snapshot.links.map((l) => [l.id, l]));
    for (const kind of ENTITY_KIND_NAMES) {
      const cols = entityColumns(kind);
      const header = [':ID', ...cols.map(([n, t]) => `${n}:${t}`), ':LABEL'].join(',');
      this.entityFiles.set(kind, { file: new StageFile(`rows-entities-${kind.toLowerCase()}.csv`, dir, header), cols });
    }
    this.keys = new StageFile('rows-resolution-keys.csv', dir, ':ID,id:string,:LABEL');
    this.hasKey = new StageFile('rows-has-key.csv', dir, ':START_ID,:END_ID,:TYPE');
    this.links = new StageFile(
      'rows-links.csv',
      dir,
      ':START_ID,:END_ID,:TYPE,id:string,caseId:string,createdBy:string,createdAt:string,source:string,reliability:string',
    );
  }

  read<T>(work: (tx: ImportTx) => Promise<T>): Promise<T> {
    return work({
      run: async (name: ImportCypherName, params: Record<string, unknown> = {}): Promise<Row[]> => {
        if (name === 'casesByReference')
          return (params.refs as string[])
            .filter((r) => this.caseIds.has(r))
            .map((reference) => ({ reference, id: this.caseIds.get(reference) }));
        if (name === 'entityStates') {
          return (params.ids as string[])
            .filter((id) => this.stored.has(id))
            .map((id) => ({ id, kind: this.stored.get(id)!.kind, node: null, cases: this.stored.get(id)!.cases }));
        }
        if (name === 'storedLinks') {
          return (params.rows as Array<{ id: string; fromId: string }>).flatMap((r) => {
            const l = this.storedLinks.get(r.id);
            return l && l.fromId === r.fromId ? [{ id: l.id, type: l.type, toId: l.toId, caseId: l.caseId }] : [];
          });
        }
        throw new Error(`offline import: no lookup ${name}`);
      },
    });
  }

  write<T>(work: (tx: ImportTx) => Promise<T>): Promise<T> {
    return work({ run: async (name, params = {}) => this.stage(name, params) });
  }

  /** The import id of an entity: its own id, or the snapshot's node for a stored one. */
  private node(id: unknown): string {
    return quote(this.entityNodes.get(String(id)) ?? String(id));
  }

  private stage(name: ImportCypherName, p: Record<string, unknown>): Row[] {
    const rows = (p.rows ?? []) as Row[];
    if (p.now !== undefined) this.meta ??= { actorId: String(p.actorId), now: String(p.now) };
    const source = (p.source ?? null) as string | null;
    const reliability = (p.reliability ?? null) as string | null;
    if (name.startsWith('createEntities.')) {
      const kind = p.kind as EntityKind;
      const { file, cols } = this.entityFiles.get(kind)!;
      const labels = [ENTITY_LABEL, ENTITY_KINDS[kind].label].join(ARRAY_DELIMITER);
      for (const r of rows) {
        const props = r.props as Record<string, unknown>;
        const values: Record<string, unknown> = {
          ...props,
          id: r.id,
          kind,
          label: r.label,
          createdBy: p.actorId,
          createdAt: p.now,
          updatedAt: p.now,
          source,
          reliability,
        };
        file.line([quote(String(r.id)), ...cols.map(([n, t]) => cell(values[n], t, `entity ${String(r.id)} ${n}`)), quote(labels)]);
        this.memberships.set(`${String(r.id)}\u0000${String(r.caseId)}`, (r.role ?? null) as string | null);
      }
      return [{ written: rows.length }];
    }
    if (name === 'attach') {
      for (const r of rows) {
        const key = `${String(r.entityId)}\u0000${String(r.caseId)}`;
        if (this.stored.get(String(r.entityId))?.cases.some((c) => c.caseId === r.caseId))
          throw new Error(`offline import: cannot change the role of stored entity ${String(r.entityId)} in case ${String(r.caseId)}`);
        // As the statement's MERGE: a new membership takes the row's role; an existing one changes only to a given role.
        if (!this.memberships.has(key)) this.memberships.set(key, (r.role ?? null) as string | null);
        else if (r.newRole !== null && r.newRole !== undefined) this.memberships.set(key, r.newRole as string);
      }
      return [{ written: rows.length }];
    }
    if (name === 'resolutionKeys') {
      for (const r of rows) {
        const key = String(r.key);
        const stored = this.keyNodes.get(key);
        if (!stored && !this.keysSeen.has(key)) {
          this.keysSeen.add(key);
          this.keys.line([quote(`~${key}`), quote(key), 'ResolutionKey']);
        }
        this.hasKey.line([this.node(r.id), quote(stored ?? `~${key}`), 'HAS_KEY']);
      }
      return [];
    }
    if (name.startsWith('createLinks.')) {
      const type = name.slice('createLinks.'.length);
      for (const r of rows) {
        this.links.line([
          this.node(r.fromId),
          this.node(r.toId),
          type,
          quote(String(r.id)),
          quote(String(r.caseId)),
          quote(String(p.actorId)),
          quote(String(p.now)),
          cell(source, 'string', 'source'),
          cell(reliability, 'string', 'reliability'),
        ]);
      }
      return [{ written: rows.length }];
    }
    // The undo statements: nothing was written to the database, the stage is removed by the caller.
    if (name.startsWith('undo')) return [];
    throw new Error(`offline import: no write ${name}`);
  }

  /** Writes the memberships and the manifest the Java step reads; returns the number of rows staged. */
  finish(): number {
    const inCase = new StageFile('rows-in-case.csv', this.dir, ':START_ID,:END_ID,:TYPE,role:string,addedBy:string,addedAt:string');
    const { actorId, now } = this.meta ?? { actorId: '', now: '' };
    for (const [key, role] of this.memberships) {
      const [entityId, caseId] = key.split('\u0000');
      const node = this.caseNodes.get(caseId);
      if (!node) throw new Error(`offline import: case ${caseId} is not in the snapshot`);
      inCase.line([this.node(entityId), quote(node), 'IN_CASE', cell(role, 'string', 'role'), quote(actorId), quote(now)]);
    }
    const nodeFiles = [...[...this.entityFiles.values()].map((e) => e.file), this.keys];
    const relFiles = [inCase, this.hasKey, this.links];
    for (const f of [...nodeFiles, ...relFiles]) f.close();
    const names = (fs: StageFile[]) => fs.filter((f) => f.rows > 0).map((f) => f.name);
    const manifest = {
      nodes: names(nodeFiles),
      relationships: names(relFiles),
      multiline: [...nodeFiles, ...relFiles].filter((f) => f.rows > 0 && f.multiline).map((f) => f.name),
    };
    writeFileSync(join(this.dir, 'rows-manifest.json'), `${JSON.stringify(manifest)}\n`);
    return [...nodeFiles, ...relFiles].reduce((n, f) => n + f.rows, 0);
  }

  /** Closes the files (after a refused import, before the stage is removed). */
  abandon(): void {
    for (const { file } of this.entityFiles.values()) file.close();
    for (const f of [this.keys, this.hasKey, this.links]) f.close();
  }
}

export interface OfflineImportOptions extends Omit<CsvImportOptions, 'actorId'> {
  /** The data directory of the Neo4j to load (tools/neo4j.mjs --data); Neo4j must not be running on it. */
  readonly dataDir: string;
  /** Email of the user recorded as creator of every row (a user of the database). */
  readonly actorEmail: string;
  /** Runs tools/neo4j-dev's OfflineImport with these arguments; rejects when it exits non-zero (with its message). */
  readonly runJava: (args: string[]) => Promise<void>;
  /** Batch importer threads (default: Neo4j's, the cores). */
  readonly threads?: number;
  /** Memory the batch importer may use outside the JVM heap (`2g`; default: Neo4j's, 90% of the free memory). */
  readonly maxOffHeap?: string;
  /** Page cache of the database while its indexes are built after the import (default 512m). */
  readonly pageCache?: string;
  /** Where the stage files go (default: DIR/offline-import, removed at the end). Must be on DIR's file system. */
  readonly stageDir?: string;
}

export interface OfflineImportResult extends ImportResult {
  /** Milliseconds of each step: snapshot (Java), check and stage (here), batch import with indexes (Java). */
  readonly steps?: { snapshotMs: number; checkMs: number; importMs: number };
  /** Batch-importer rows written (nodes and relationships), including the snapshot's. */
  readonly staged?: number;
}

/** Thrown when the offline import cannot start (no such user): a usage problem, not a bad row. */
export class OfflineImportError extends Error {}

/**
 * Loads CSV files into a stopped Neo4j whose database holds few entities, all or nothing: a refused
 * row leaves the database as it was (see the module comment for the steps).
 */
export async function offlineImportToNeo4j(opts: OfflineImportOptions): Promise<OfflineImportResult> {
  if (!opts.entitiesFile && !opts.linksFile) throw new Error('nothing to import: give an entities file, a links file or both');
  const stage = opts.stageDir ?? join(opts.dataDir, 'offline-import');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  const t0 = Date.now();
  try {
    await opts.runJava(['snapshot', '--data', opts.dataDir, '--stage', stage]);
    const snapshot = JSON.parse(readFileSync(join(stage, 'snapshot.json'), 'utf8')) as OfflineSnapshot;
    const actor = snapshot.users.find((u) => u.email === opts.actorEmail);
    if (!actor) throw new OfflineImportError(`--actor: no user ${opts.actorEmail} in the database in ${opts.dataDir}`);
    const t1 = Date.now();
    const runner = new StageRunner(stage, snapshot);
    const result = await importCsvToNeo4j(runner, { ...opts, actorId: actor.id });
    if (!result.ok) {
      runner.abandon();
      return result;
    }
    const staged = runner.finish() + snapshot.nodes + snapshot.relationships;
    const t2 = Date.now();
    await opts.runJava([
      'import',
      '--data',
      opts.dataDir,
      '--stage',
      stage,
      ...(opts.threads ? ['--threads', String(opts.threads)] : []),
      ...(opts.maxOffHeap ? ['--max-off-heap', opts.maxOffHeap] : []),
      ...(opts.pageCache ? ['--page-cache', opts.pageCache] : []),
    ]);
    const t3 = Date.now();
    return { ...result, elapsedMs: t3 - t0, staged, steps: { snapshotMs: t1 - t0, checkMs: t2 - t1, importMs: t3 - t2 } };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
