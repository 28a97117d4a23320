import { closeSync, openSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  ENTITY_KINDS,
  ENTITY_KIND_NAMES,
  LINK_TYPES,
  LINK_TYPE_NAMES,
  PROVENANCE_PROPS,
  RELIABILITY_GRADES,
  type EntityKind,
  type EntityKindDef,
  type LinkType,
  type PropDef,
} from '@homeward/graph-schema';
import { DomainError, ID_PATTERN, newId, type Reliability } from '@homeward/domain';
import type { NewEntity, NewLink, WriteMeta } from '../port';
import type { Db } from '../embedded/database';
import { BulkCache, type EmbeddedGraphStore } from '../embedded/graph';
import type { GraphBatch, GeneratedCase } from '../generate/generator';
import { readCsv } from './csv-reader';

/**
 * Bulk import of entities and links from CSV files (layout in docs/import.md).
 *
 * All or nothing: the import runs in one transaction that is committed only
 * when every row was good; otherwise it is rolled back and every bad row (up
 * to `maxErrors`) is reported with its file, line and column. Good rows keep
 * being loaded after a bad one (inside the transaction that will be rolled
 * back) so that rows depending on them, and the store's own checks, are still
 * validated: one import run reports everything that is wrong.
 */

export const ENTITY_BASE_COLUMNS = ['id', 'case_reference', 'kind', 'role'] as const;
export const LINK_COLUMNS = ['id', 'case_reference', 'type', 'from_id', 'to_id'] as const;
export const PROVENANCE_COLUMNS = ['source', 'reliability'] as const;
/** Separator of the items of a list property (`aliases`, `photoRefs`) inside one cell. */
export const LIST_SEPARATOR = '|';

/** Every property name of every kind, once, in model order: the property columns entities.csv may have. */
export const ENTITY_PROPERTY_COLUMNS: readonly string[] = (() => {
  const names = new Set<string>();
  for (const kind of ENTITY_KIND_NAMES) for (const name of Object.keys(ENTITY_KINDS[kind].props)) names.add(name);
  return [...names];
})();

export interface ImportRowError {
  /** The file's name as given. */
  readonly file: string;
  /** 1-based line where the row starts (the header is line 1). */
  readonly line: number;
  /** The column at fault (`latitude`, `from_id`, `type`), or `row` for a malformed record. */
  readonly field: string;
  readonly reason: string;
}

export interface ImportProgress {
  readonly file: string;
  /** Data rows read (or, in the `written` phase, written) so far, both files together. */
  readonly rows: number;
  readonly elapsedMs: number;
  /**
   * `read` (the default): rows read and checked. The Neo4j importer checks every row before it
   * writes any, then reports `written` rows of its second phase.
   */
  readonly phase?: 'read' | 'written';
}

export interface CsvImportOptions {
  readonly entitiesFile?: string;
  readonly linksFile?: string;
  /** User id recorded as provenance `createdBy` of every row. */
  readonly actorId: string;
  /** Stop reading after this many bad rows (the report would be unreadable anyway). */
  readonly maxErrors?: number;
  readonly batchSize?: number;
  readonly onProgress?: (p: ImportProgress) => void;
  /** Rows between two progress reports. */
  readonly progressEvery?: number;
}

export interface ImportResult {
  /** True when committed; false when rolled back because of `errors`. */
  readonly ok: boolean;
  readonly entities: number;
  readonly attached: number;
  readonly links: number;
  readonly rows: number;
  readonly errors: ImportRowError[];
  /** More bad rows exist than were reported. */
  readonly truncated: boolean;
  readonly elapsedMs: number;
  /** Rows that were already in the store exactly as given and were left as they were (re-running an import). */
  readonly unchanged?: number;
}

export function formatImportError(e: ImportRowError): string {
  return `${e.file}:${e.line}: ${e.field}: ${e.reason}`;
}

/** Thrown inside the run to stop reading once the error cap is reached. */
export class ErrorCapReached extends Error {}

export type Cell = string | undefined;
/** A row's cells by column name (the header's order is the file's). */
export type CsvRecord = (column: string) => Cell;

/** A batch of checked rows sharing one provenance, handed to the backend's `flush`. */
export interface Pending {
  meta: WriteMeta;
  metaKey: string;
  entities: Array<NewEntity & { caseId: string }>;
  entityLines: number[];
  attach: Array<{ entityId: string; caseId: string; role: string | null }>;
  attachLines: number[];
  links: Array<NewLink & { caseId: string }>;
  linkLines: number[];
  /** Ids defined in this batch (not yet in the store), with their kinds. */
  kinds: Map<string, EntityKind>;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const SOURCE_MAX = PROVENANCE_PROPS.source.maxLength;
const FIELD_COLUMNS: Readonly<Record<string, string>> = { fromId: 'from_id', toId: 'to_id' };
/** 1 GiB of page cache while importing (a negative cache_size is in KiB). */
const IMPORT_CACHE_KIB = -1048576;

/**
 * Reading and checking of the CSV layout, shared by the backends (embedded here, Neo4j in
 * neo4j-import.ts): headers, cells, ids, case references, kinds, types, provenance and property
 * values are checked here; a backend supplies the lookups (`caseByReference`, `storedKind`) and
 * `flush`, which takes each batch of good rows and checks what needs the store (the model's rules
 * on properties and roles, link ends in the case, link kinds) before or while loading it.
 */
export abstract class CsvRowImport {
  protected readonly errors: ImportRowError[] = [];
  protected truncated = false;
  private readonly maxErrors: number;
  protected readonly batchSize: number;
  protected readonly progressEvery: number;
  protected readonly started = Date.now();
  protected rows = 0;
  protected counts = { entities: 0, attached: 0, links: 0 };
  protected pending: Pending;
  protected file = '';
  private readonly caseIds = new Map<string, string | null>();

  constructor(protected readonly opts: CsvImportOptions) {
    this.maxErrors = Math.max(1, opts.maxErrors ?? 100);
    this.batchSize = Math.max(1, opts.batchSize ?? 5000);
    this.progressEvery = Math.max(1, opts.progressEvery ?? 100_000);
    this.pending = this.emptyBatch({ actorId: opts.actorId }, '');
  }

  /** The id of the case with this reference, or null when there is none. Called once per reference. */
  protected abstract caseByReference(ref: string): string | null;
  /** The kind of an entity already in the store (not one of this import's pending rows), if any. */
  protected abstract storedKind(id: string): EntityKind | undefined;
  /** Takes the pending batch: checks what needs the store, reports refused rows, loads or plans the rest. */
  protected abstract flush(): void;
  /**
   * Called with each batch of raw rows (the header row possibly among them) before they are
   * checked, so that a backend whose lookups are remote can fetch them for the whole batch at
   * once. `column` gives a column's index in the rows.
   */
  protected prefetch(
    _which: 'entities' | 'links',
    _rows: ReadonlyArray<{ cells: string[] }>,
    _column: (name: string) => number | undefined,
  ): Promise<void> {
    return Promise.resolve();
  }
  /**
   * A row repeats the id of a known entity with property cells filled. The embedded importer
   * refuses it (such a row only attaches); a backend may accept it as a re-import (returns true:
   * the row then attaches like one with empty property cells).
   */
  protected repeatedDefinition(
    id: string,
    _kind: EntityKind,
    _r: CsvRecord,
    line: number,
    filled: string,
    _propColumns: readonly string[],
  ): boolean {
    this.error(
      line,
      filled,
      `entity ${id} is already defined; a row repeating its id only attaches it to a case, so leave its property cells empty`,
    );
    return false;
  }

  protected emptyBatch(meta: WriteMeta, metaKey: string): Pending {
    return { meta, metaKey, entities: [], entityLines: [], attach: [], attachLines: [], links: [], linkLines: [], kinds: new Map() };
  }

  protected error(line: number, field: string, reason: string): void {
    if (this.errors.length >= this.maxErrors) {
      this.truncated = true;
      throw new ErrorCapReached();
    }
    this.errors.push({ file: this.file, line, field, reason });
  }

  private caseId(ref: string): string | null {
    let id = this.caseIds.get(ref);
    if (id === undefined) {
      id = this.caseByReference(ref);
      this.caseIds.set(ref, id);
    }
    return id;
  }

  protected progress(): void {
    this.opts.onProgress?.({ file: this.file, rows: this.rows, elapsedMs: Date.now() - this.started });
  }

  // ---- reading ---------------------------------------------------------------

  /** Streams the rows of one file with the line each starts on; malformed rows are reported and skipped. */
  private async readFile(
    which: 'entities' | 'links',
    path: string,
    checkHeader: (columns: string[]) => boolean,
    onRecord: (r: CsvRecord, line: number) => void,
  ): Promise<void> {
    this.file = basename(path);
    let header: string[] | null = null;
    let headerOk = true;
    const index = new Map<string, number>();
    let cells: string[] = [];
    const record: CsvRecord = (column) => {
      const i = index.get(column);
      return i === undefined ? undefined : cells[i];
    };
    for await (const batch of readCsv(path, { batchRows: this.batchSize })) {
      const columns = header ?? batch.rows[0]?.cells.map((h) => h.trim());
      if (columns) {
        const at = new Map(columns.map((c, i) => [c, i]));
        await this.prefetch(which, batch.rows, (name) => at.get(name));
      }
      let e = 0;
      for (const row of batch.rows) {
        // Reading errors before this row, in file order.
        while (e < batch.errors.length && batch.errors[e].line < row.line) this.rowError(batch.errors[e++]);
        if (header === null) {
          header = row.cells.map((h) => h.trim());
          header.forEach((h, i) => index.set(h, i));
          if (!checkHeader(header)) {
            headerOk = false;
            break;
          }
          continue;
        }
        if (row.cells.length !== header.length) {
          this.error(row.line, 'row', `has ${row.cells.length} cells where the header has ${header.length}`);
          continue;
        }
        cells = row.cells;
        this.rows++;
        onRecord(record, row.line);
        if (this.rows % this.progressEvery === 0) this.progress();
      }
      while (e < batch.errors.length) this.rowError(batch.errors[e++]);
      if (!headerOk) break;
    }
    this.flush();
    this.progress();
  }

  private rowError(err: { line: number; reason: string }): void {
    this.error(err.line, 'row', err.reason);
  }

  private checkColumns(columns: string[], required: readonly string[], allowed: ReadonlySet<string>): boolean {
    let ok = true;
    const seen = new Set<string>();
    for (const c of columns) {
      if (seen.has(c)) {
        this.error(1, c, 'column appears twice');
        ok = false;
      }
      seen.add(c);
      if (!allowed.has(c)) {
        this.error(1, c, `unknown column; the columns are ${[...allowed].join(', ')}`);
        ok = false;
      }
    }
    for (const r of required) {
      if (!seen.has(r)) {
        this.error(1, r, 'required column missing');
        ok = false;
      }
    }
    return ok;
  }

  // ---- rows ----------------------------------------------------------------------

  /** The row's provenance, or null (reported) when a cell is bad. Rows with different provenance go in different batches. */
  private rowMeta(r: CsvRecord, line: number): { meta: WriteMeta; key: string } | null {
    const source = r('source')?.trim() || null;
    const reliability = r('reliability')?.trim().toUpperCase() || null;
    let ok = true;
    if (source !== null && source.length > SOURCE_MAX) {
      this.error(line, 'source', `must be at most ${SOURCE_MAX} characters`);
      ok = false;
    }
    if (reliability !== null && !(RELIABILITY_GRADES as readonly string[]).includes(reliability)) {
      this.error(line, 'reliability', `must be one of ${RELIABILITY_GRADES.join(', ')}`);
      ok = false;
    }
    if (!ok) return null;
    return {
      meta: { actorId: this.opts.actorId, source, reliability: reliability as Reliability | null },
      key: `${reliability ?? ''}\u0000${source ?? ''}`,
    };
  }

  private batchFor(m: { meta: WriteMeta; key: string }): Pending {
    if (m.key !== this.pending.metaKey) {
      this.flush();
      this.pending = this.emptyBatch(m.meta, m.key);
    }
    return this.pending;
  }

  private id(cell: Cell, line: number, field: string, prefix: string): string | null {
    const v = cell?.trim() ?? '';
    if (v === '') return newId(prefix);
    if (!ID_PATTERN.test(v)) {
      this.error(line, field, `"${v.slice(0, 60)}" is not an id (lower-case letters, an underscore, then 6 to 40 letters or digits)`);
      return null;
    }
    return v;
  }

  private requireCase(cell: Cell, line: number): string | null {
    const ref = cell?.trim() ?? '';
    if (ref === '') {
      this.error(line, 'case_reference', 'is required');
      return null;
    }
    const id = this.caseId(ref);
    if (id === null) this.error(line, 'case_reference', `no case has the reference ${ref}`);
    return id;
  }

  private existingKind(id: string): EntityKind | undefined {
    return this.pending.kinds.get(id) ?? this.storedKind(id);
  }

  /** The property cells of a row of `kind` as values (numbers, lists); bad numbers are reported. */
  protected parseProps(kind: EntityKind, r: CsvRecord, line: number, propColumns: readonly string[]): Record<string, unknown> {
    const props: Record<string, unknown> = {};
    const def: EntityKindDef = ENTITY_KINDS[kind];
    for (const c of propColumns) {
      const cell = r(c);
      if (cell === undefined || cell.trim() === '') continue;
      const pdef: PropDef | undefined = def.props[c];
      // A property of another kind goes through as text: the store's validation names it ("is not a property of Vehicle").
      if (!pdef) props[c] = cell;
      else if (pdef.type === 'number') {
        const v = cell.trim();
        if (!NUMBER.test(v)) this.error(line, c, `must be a number, not "${v.slice(0, 40)}"`);
        else props[c] = Number(v);
      } else if (pdef.type === 'stringList') props[c] = cell.split(LIST_SEPARATOR);
      else props[c] = cell;
    }
    return props;
  }

  private entityRow(r: CsvRecord, line: number, propColumns: readonly string[]): void {
    const errorsBefore = this.errors.length;
    const id = this.id(r('id'), line, 'id', 'ent');
    const caseId = this.requireCase(r('case_reference'), line);
    const meta = this.rowMeta(r, line);
    const kindCell = r('kind')?.trim().toUpperCase() ?? '';
    const role = r('role')?.trim() || null;
    const existing = id === null ? undefined : this.existingKind(id);

    if (existing !== undefined) {
      // A known id: this row brings the entity into another case; it does not redefine it.
      if (kindCell !== '' && kindCell !== existing) this.error(line, 'kind', `entity ${id} is a ${existing}, not a ${kindCell}`);
      const filled = propColumns.find((c) => (r(c)?.trim() ?? '') !== '');
      if (filled) this.repeatedDefinition(id!, existing, r, line, filled, propColumns);
      if (this.errors.length > errorsBefore || caseId === null || meta === null) return;
      const b = this.batchFor(meta);
      b.attach.push({ entityId: id!, caseId, role });
      b.attachLines.push(line);
      return;
    }

    if (kindCell === '') this.error(line, 'kind', 'is required');
    else if (!(kindCell in ENTITY_KINDS)) this.error(line, 'kind', `must be one of ${ENTITY_KIND_NAMES.join(', ')}`);
    const kind = kindCell as EntityKind;
    const props = kindCell in ENTITY_KINDS ? this.parseProps(kind, r, line, propColumns) : {};
    if (this.errors.length > errorsBefore || id === null || caseId === null || meta === null) return;
    const b = this.batchFor(meta);
    b.entities.push({ id, kind, props, role, caseId });
    b.entityLines.push(line);
    b.kinds.set(id, kind);
    if (b.entities.length + b.attach.length >= this.batchSize) this.flush();
  }

  private linkRow(r: CsvRecord, line: number): void {
    const errorsBefore = this.errors.length;
    const id = this.id(r('id'), line, 'id', 'lnk');
    const caseId = this.requireCase(r('case_reference'), line);
    const meta = this.rowMeta(r, line);
    const type = r('type')?.trim().toUpperCase() ?? '';
    if (type === '') this.error(line, 'type', 'is required');
    else if (!(type in LINK_TYPES)) this.error(line, 'type', `must be one of ${LINK_TYPE_NAMES.join(', ')}`);
    const ends: string[] = [];
    for (const col of ['from_id', 'to_id'] as const) {
      const v = r(col)?.trim() ?? '';
      if (v === '') this.error(line, col, 'is required');
      else if (!ID_PATTERN.test(v)) this.error(line, col, `"${v.slice(0, 60)}" is not an id`);
      ends.push(v);
    }
    if (this.errors.length > errorsBefore || id === null || caseId === null || meta === null) return;
    const b = this.batchFor(meta);
    b.links.push({ id, type: type as LinkType, fromId: ends[0], toId: ends[1], caseId });
    b.linkLines.push(line);
    if (b.links.length >= this.batchSize) this.flush();
  }

  /** Reads both files (entities first), checking every row and flushing batches; stops quietly at the error cap. */
  protected async readAll(): Promise<void> {
    const { entitiesFile, linksFile } = this.opts;
    const entityAllowed = new Set<string>([...ENTITY_BASE_COLUMNS, ...ENTITY_PROPERTY_COLUMNS, ...PROVENANCE_COLUMNS]);
    const linkAllowed = new Set<string>([...LINK_COLUMNS, ...PROVENANCE_COLUMNS]);
    try {
      if (entitiesFile) {
        let propColumns: string[] = [];
        await this.readFile(
          'entities',
          entitiesFile,
          (cols) => {
            propColumns = cols.filter((c) => ENTITY_PROPERTY_COLUMNS.includes(c));
            // No id column: every row gets a new id, as an empty id cell does.
            return this.checkColumns(cols, ['case_reference', 'kind'], entityAllowed);
          },
          (r, line) => this.entityRow(r, line, propColumns),
        );
      }
      if (linksFile) {
        await this.readFile(
          'links',
          linksFile,
          (cols) =>
            this.checkColumns(
              cols,
              LINK_COLUMNS.filter((c) => c !== 'id'),
              linkAllowed,
            ),
          (r, line) => this.linkRow(r, line),
        );
      }
    } catch (err) {
      if (!(err instanceof ErrorCapReached)) throw err;
    }
    // Rows the store refused are found when their batch is flushed, after later rows were read: report in file order.
    const fileOrder = new Map<string, number>();
    for (const e of this.errors) if (!fileOrder.has(e.file)) fileOrder.set(e.file, fileOrder.size);
    this.errors.sort((a, b) => fileOrder.get(a.file)! - fileOrder.get(b.file)! || a.line - b.line);
  }

  protected result(unchanged?: number): ImportResult {
    const ok = this.errors.length === 0;
    return {
      ok,
      entities: ok ? this.counts.entities : 0,
      attached: ok ? this.counts.attached : 0,
      links: ok ? this.counts.links : 0,
      rows: this.rows,
      errors: this.errors,
      truncated: this.truncated,
      elapsedMs: Date.now() - this.started,
      ...(unchanged === undefined ? {} : { unchanged: ok ? unchanged : 0 }),
    };
  }

  /** Empties the pending batch (after it was loaded or planned). */
  protected clearPending(): void {
    const b = this.pending;
    b.entities = [];
    b.entityLines = [];
    b.attach = [];
    b.attachLines = [];
    b.links = [];
    b.linkLines = [];
    b.kinds.clear();
  }
}

/** The embedded store's importer: one SQLite transaction, committed only when every row was good. */
class EmbeddedCsvImport extends CsvRowImport {
  private readonly cache = new BulkCache();
  private readonly q;

  constructor(
    private readonly db: Db,
    private readonly graph: EmbeddedGraphStore,
    opts: CsvImportOptions,
  ) {
    super(opts);
    // The importer is the embedded store's own tool: it reads the store's tables
    // directly instead of widening the GraphStore port with unscoped lookups the
    // API must never have.
    this.q = {
      caseByReference: db.prepare<[string], { id: string }>('SELECT id FROM case_file WHERE reference = ?'),
      entityKind: db.prepare<[string], { kind: EntityKind }>('SELECT kind FROM entity WHERE id = ?'),
    };
  }

  protected caseByReference(ref: string): string | null {
    return this.q.caseByReference.get(ref)?.id ?? null;
  }

  protected storedKind(id: string): EntityKind | undefined {
    return this.q.entityKind.get(id)?.kind;
  }

  /**
   * Hands the batch to the store. A row the store refuses is reported with its
   * line and column and the batch is loaded again without it (the refused
   * call's savepoint undid the rows before it).
   */
  protected flush(): void {
    const b = this.pending;
    while (b.entities.length || b.attach.length || b.links.length) {
      const at = { kind: 'entity' as 'entity' | 'attach' | 'link', index: -1 };
      try {
        const n = this.graph.bulkLoad(
          { entities: b.entities, attach: b.attach, links: b.links },
          b.meta,
          (kind, index) => {
            at.kind = kind;
            at.index = index;
          },
          this.cache,
        );
        this.counts.entities += n.entities;
        this.counts.attached += n.attached;
        this.counts.links += n.links;
        break;
      } catch (err) {
        if (!(err instanceof DomainError) || at.index < 0) throw err;
        const [rows, lines] =
          at.kind === 'entity' ? [b.entities, b.entityLines] : at.kind === 'attach' ? [b.attach, b.attachLines] : [b.links, b.linkLines];
        const line = lines[at.index];
        rows.splice(at.index, 1);
        lines.splice(at.index, 1);
        const { field, reason } = describeStoreError(err, at.kind);
        this.error(line, field, reason);
      }
    }
    this.clearPending();
  }

  async run(): Promise<ImportResult> {
    const { entitiesFile, linksFile } = this.opts;
    if (!entitiesFile && !linksFile) throw new Error('nothing to import: give an entities file, a links file or both');
    // A big page cache for the import only: index inserts land at random places in large B-trees.
    const cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma(`cache_size = ${IMPORT_CACHE_KIB}`);
    // Every reference and value of a row is checked here before it is written (its case, its link
    // ends in that case, its kind, type, grades and properties against the model), so the schema's
    // foreign keys and CHECK constraints would only check it again: they cost about 40% of an entity
    // insert (json_valid on its properties) and 30% of a link insert. Off for this connection and
    // this run only (foreign_keys cannot change inside a transaction, hence before BEGIN).
    const foreignKeys = this.db.pragma('foreign_keys', { simple: true }) as number;
    this.db.pragma('foreign_keys = OFF');
    this.db.pragma('ignore_check_constraints = ON');
    try {
      // IMMEDIATE: take the write lock now rather than fail half-way when a server writes meanwhile.
      this.db.exec('BEGIN IMMEDIATE');
      try {
        await this.readAll();
        if (this.errors.length) this.db.exec('ROLLBACK');
        else this.db.exec('COMMIT');
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    } finally {
      this.db.pragma(`cache_size = ${cacheSize}`);
      this.db.pragma('ignore_check_constraints = OFF');
      this.db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
    // A big import leaves a big write-ahead log; fold it into the database so the next start does not replay it.
    if (this.errors.length === 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return this.result();
  }
}

/** The CSV column and the reason of an error the store (or the model's checks) raised for a row. */
export function describeStoreError(err: DomainError, kind: 'entity' | 'attach' | 'link'): { field: string; reason: string } {
  const path = err.field ?? (kind === 'link' ? 'type' : 'id');
  const last = path.split('.').pop() ?? path;
  const field = FIELD_COLUMNS[last] ?? last;
  const reason = err.field && err.message.startsWith(`${err.field}: `) ? err.message.slice(err.field.length + 2) : err.message;
  return { field, reason };
}

/** Imports entities and links from CSV files into the embedded store, all or nothing. */
export function importCsv(stores: { readonly db: Db; readonly graph: EmbeddedGraphStore }, opts: CsvImportOptions): Promise<ImportResult> {
  return new EmbeddedCsvImport(stores.db, stores.graph, opts).run();
}

// ---- writing (the same layout, for exports, tests and benchmarks) -----------------

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  let s: string;
  if (Array.isArray(v)) {
    if (v.some((x) => String(x).includes(LIST_SEPARATOR)))
      throw new Error(`a list item contains the separator ${LIST_SEPARATOR}: ${JSON.stringify(v)}`);
    s = v.join(LIST_SEPARATOR);
  } else s = String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes generated batches as entities.csv and links.csv in `dir`; returns the cases (which must exist before an import). */
export function writeGraphCsv(
  batches: Iterable<GraphBatch>,
  dir: string,
): { entitiesFile: string; linksFile: string; cases: GeneratedCase[]; entities: number; attached: number; links: number } {
  const entitiesFile = join(dir, 'entities.csv');
  const linksFile = join(dir, 'links.csv');
  const ef = openSync(entitiesFile, 'w');
  const lf = openSync(linksFile, 'w');
  const cases: GeneratedCase[] = [];
  let entities = 0;
  let attached = 0;
  let links = 0;
  try {
    writeSync(ef, [...ENTITY_BASE_COLUMNS, ...ENTITY_PROPERTY_COLUMNS].join(',') + '\n');
    writeSync(lf, LINK_COLUMNS.join(',') + '\n');
    for (const b of batches) {
      cases.push(...b.cases);
      let out = '';
      for (const e of b.entities) {
        out +=
          [e.id, e.caseReference, e.kind, e.role ?? '', ...ENTITY_PROPERTY_COLUMNS.map((c) => e.props[c])].map(csvCell).join(',') + '\n';
      }
      for (const a of b.attach)
        out += [a.entityId, a.caseReference, '', a.role ?? ''].map(csvCell).join(',') + ','.repeat(ENTITY_PROPERTY_COLUMNS.length) + '\n';
      writeSync(ef, out);
      out = '';
      for (const l of b.links) out += `${l.id},${csvCell(l.caseReference)},${l.type},${l.fromId},${l.toId}\n`;
      writeSync(lf, out);
      entities += b.entities.length;
      attached += b.attach.length;
      links += b.links.length;
    }
  } finally {
    closeSync(ef);
    closeSync(lf);
  }
  return { entitiesFile, linksFile, cases, entities, attached, links };
}

/** "2 of 40 rows refused (3 problems)", or the header's problems: errors and rows are counted apart (a row may have several). */
export function describeRefusal(result: Pick<ImportResult, 'errors' | 'rows' | 'truncated'>): string {
  const header = result.errors.filter((e) => e.line === 1).length;
  if (header) return `${header} problem${header === 1 ? '' : 's'} in the header (see above), so no row was read`;
  const rows = new Set(result.errors.map((e) => `${e.file}:${e.line}`)).size;
  const more = result.truncated ? ' at least' : '';
  return `${more}${rows} of ${result.rows} rows refused (${result.errors.length} problem${result.errors.length === 1 ? '' : 's'})`.trim();
}
