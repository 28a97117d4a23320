import type { Driver } from 'neo4j-driver';
import { DriverRunner } from '@homeward/neo4j-kit';
import type { EntityKind, LinkType } from '@homeward/graph-schema';
import {
  DomainError,
  ErrorCode,
  badInput,
  checkLinkKinds,
  entityLabel,
  notFound,
  resolutionKeys,
  validateEntityProps,
} from '@homeward/domain';
import type { WriteMeta } from '../port';
import { checkRole } from '../neo4j/graph-store';
import { entityProps, storedProps, type Row } from '../neo4j/mapping';
import { CsvRowImport, describeStoreError, type CsvImportOptions, type CsvRecord, type ImportResult } from './csv-import';
import { CYPHER, type ImportCypherName } from './cypher';

/*
 * The CSV importer's Neo4j backend. Same layout, same row checks (CsvRowImport) and the same
 * model rules as the embedded importer (validateEntityProps, checkRole, checkLinkKinds, link ends
 * in the case), but Neo4j cannot hold a million-row import in one transaction, so the run has two
 * phases:
 *
 * 1. Check: every row is read and checked, against the store (looked up a batch at a time) and
 *    against the rows before it; nothing is written. The good rows are kept as the plan of
 *    writes. A file with any bad row stops here and leaves nothing behind.
 * 2. Write: the plan in batched UNWIND statements, each batch a managed write transaction
 *    (retried by the driver on transient errors, deadlocks included; a retry writes nothing twice,
 *    see import/cypher.ts). Entities first, then memberships, then links, each phase optionally in
 *    several transactions at once (writeConcurrency). If a batch fails for good, everything the batches
 *    started so far added is removed again (undo below), using what phase 1 learnt of the store.
 *
 * Re-running an import is a no-op: a row whose entity is already stored with exactly the row's
 * properties (or whose link is stored between the same entities in the same case) is counted as
 * unchanged and not written. A stored entity or link with the same id but other content is
 * refused, naming the difference.
 *
 * Not guarded: another writer adding the same application ids between the two phases (ids are
 * random, so only another import of the same file could) — the undo would then remove its rows.
 */

export interface ImportTx {
  run(name: ImportCypherName, params?: Record<string, unknown>): Promise<Row[]>;
}

/** Managed transactions running the importer's statements (import/cypher.ts) by name. */
export interface ImportRunner {
  read<T>(work: (tx: ImportTx) => Promise<T>): Promise<T>;
  write<T>(work: (tx: ImportTx) => Promise<T>): Promise<T>;
}

/** An ImportRunner on a driver: the one runner every Neo4j adapter uses (libs/neo4j-kit), on the importer's statements. */
export function driverImportRunner(driver: Driver, database?: string): ImportRunner {
  return new DriverRunner(driver, CYPHER, { database });
}

export interface Neo4jImportOptions extends CsvImportOptions {
  /** Rows per write transaction (default 10,000). */
  readonly writeBatchSize?: number;
  /**
   * Write transactions running at once within a phase (default 1). Measured at 100,000 entities on
   * 2 cores: 4 at once was 1.7x slower than 1 (transactions queue on shared resolution keys, and link
   * transactions still deadlock and are retried), so concurrency is for larger machines to try.
   */
  readonly writeConcurrency?: number;
}

/** What the check phase knows of an entity: stored before the import, or defined by it. */
interface Known {
  kind: EntityKind;
  /** Cases it is in (stored memberships and those the plan adds). */
  cases: string[];
  /** Its role in `cases[i]` before the import, for stored memberships (to undo a role change). */
  roles: Array<string | null> | null;
  stored: boolean;
}

interface EntityRow {
  id: string;
  caseId: string;
  props: Record<string, unknown>;
  label: string;
  role: string | null;
}
interface AttachRow {
  entityId: string;
  caseId: string;
  role: string | null;
  newRole: string | null;
}
interface LinkRow {
  id: string;
  fromId: string;
  toId: string;
  caseId: string;
}
/**
 * One write transaction: consecutive rows of a file (so that transactions running at once touch
 * different cases and entities, and seldom wait for each other's locks), one statement per entity
 * kind or link type among them.
 */
interface Step<R> {
  params: { actorId: string; source: string | null; reliability: string | null };
  rows: R[];
  /** The rows by statement, with the statement's own parameters (an entity statement's kind). */
  parts: Map<ImportCypherName, { rows: R[]; extra: Record<string, unknown> }>;
  /** Entity steps: the resolution keys of their entities, one row per key. */
  keys?: Array<{ id: string; key: string }>;
  /** Attach steps: memberships added to stored entities, and roles changed (with the old role). */
  added?: Array<{ entityId: string; caseId: string }>;
  roles?: Array<{ entityId: string; caseId: string; role: string | null }>;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

class Neo4jCsvImport extends CsvRowImport {
  private readonly known = new Map<string, Known>();
  private readonly caseRefs = new Map<string, string | null>();
  /** Stored properties of entities of the current batch that are already in the store (for re-imports). */
  private storedNodes = new Map<string, Row>();
  /** Stored links of the current batch, by id. */
  private storedLinks = new Map<string, { type: string; toId: string; caseId: string }>();
  /** Link ids the plan writes: one id twice in the files is refused like a stored one. */
  private readonly plannedLinks = new Set<string>();
  private readonly writeBatch: number;
  private readonly concurrency: number;
  private readonly open = new Map<string, Step<unknown>>();
  private readonly plan = {
    entities: [] as Array<Step<EntityRow>>,
    attach: [] as Array<Step<AttachRow>>,
    links: [] as Array<Step<LinkRow>>,
  };
  private unchanged = 0;

  constructor(
    private readonly db: ImportRunner,
    opts: Neo4jImportOptions,
  ) {
    super(opts);
    this.writeBatch = Math.max(1, opts.writeBatchSize ?? 10_000);
    this.concurrency = Math.max(1, Math.floor(opts.writeConcurrency ?? 1));
  }

  // ---- lookups, fetched a batch of rows at a time -------------------------------------

  protected caseByReference(ref: string): string | null {
    return this.caseRefs.get(ref) ?? null;
  }

  protected storedKind(id: string): EntityKind | undefined {
    return this.known.get(id)?.kind;
  }

  protected override async prefetch(
    which: 'entities' | 'links',
    rows: ReadonlyArray<{ cells: string[] }>,
    column: (name: string) => number | undefined,
  ): Promise<void> {
    const values = (name: string) => {
      const i = column(name);
      return i === undefined ? [] : rows.map((r) => r.cells[i]?.trim() ?? '').filter((v) => v !== '');
    };
    const refs = [...new Set(values('case_reference'))].filter((r) => !this.caseRefs.has(r));
    const ids = which === 'entities' ? values('id') : [...values('from_id'), ...values('to_id')];
    // Entities not seen yet; for the entities file also those seen as stored, whose properties a re-import row is compared with.
    const unknown = [...new Set(ids)].filter((id) => {
      const k = this.known.get(id);
      return !k || (which === 'entities' && k.stored);
    });
    const fromCol = column('from_id');
    const idCol = column('id');
    await this.db.read(async (tx) => {
      if (refs.length) {
        const found = new Map((await tx.run('casesByReference', { refs })).map((r) => [String(r.reference), String(r.id)]));
        for (const ref of refs) this.caseRefs.set(ref, found.get(ref) ?? null);
      }
      this.storedNodes = new Map();
      if (unknown.length) {
        for (const r of await tx.run('entityStates', { ids: unknown, withProps: which === 'entities' })) {
          const id = String(r.id);
          const cases = (r.cases as Row[]) ?? [];
          if (!this.known.has(id))
            this.known.set(id, {
              kind: r.kind as EntityKind,
              cases: cases.map((c) => String(c.caseId)),
              roles: cases.map((c) => (c.role ?? null) as string | null),
              stored: true,
            });
          if (r.node) this.storedNodes.set(id, r.node as Row);
        }
      }
      this.storedLinks = new Map();
      if (which === 'links' && fromCol !== undefined && idCol !== undefined) {
        // Only a link whose source was stored before the import can be stored already.
        const candidates = rows
          .map((r) => ({ id: r.cells[idCol]?.trim() ?? '', fromId: r.cells[fromCol]?.trim() ?? '' }))
          .filter((r) => r.id !== '' && this.known.get(r.fromId)?.stored === true);
        if (candidates.length) {
          for (const r of await tx.run('storedLinks', { rows: candidates })) {
            this.storedLinks.set(String(r.id), { type: String(r.type), toId: String(r.toId), caseId: String(r.caseId) });
          }
        }
      }
    });
  }

  /** A re-import row of a stored entity is accepted when it repeats the stored properties exactly. */
  protected override repeatedDefinition(
    id: string,
    kind: EntityKind,
    r: CsvRecord,
    line: number,
    filled: string,
    propColumns: readonly string[],
  ): boolean {
    const node = this.storedNodes.get(id);
    const before = this.errors.length;
    if (!node) return super.repeatedDefinition(id, kind, r, line, filled, propColumns);
    const given = this.parseProps(kind, r, line, propColumns);
    if (this.errors.length > before) return false;
    let props: Record<string, unknown>;
    try {
      props = validateEntityProps(kind, given, 'input');
    } catch (err) {
      this.refused(err, line, 'entity');
      return false;
    }
    const stored = entityProps(kind, node);
    for (const key of new Set([...Object.keys(props), ...Object.keys(stored)])) {
      if (!same(props[key], stored[key])) {
        this.error(
          line,
          key,
          `entity ${id} is already stored with ${key} ${JSON.stringify(stored[key] ?? null)}, not ${JSON.stringify(props[key] ?? null)}; ` +
            'a row repeating a stored id must repeat its properties or leave them empty',
        );
        return false;
      }
    }
    return true;
  }

  // ---- checking a batch: the model's rules, then the plan ----------------------------------

  private step<R>(list: Array<Step<R>>, key: string, make: () => Step<R>): Step<R> {
    let s = this.open.get(key) as Step<R> | undefined;
    if (!s) {
      s = make();
      this.open.set(key, s as Step<unknown>);
      list.push(s);
    }
    return s;
  }

  private full(key: string, s: Step<unknown>): void {
    if (s.rows.length >= this.writeBatch) this.open.delete(key);
  }

  private add<R>(s: Step<R>, name: ImportCypherName, row: R, extra: Record<string, unknown> = {}): void {
    s.rows.push(row);
    let part = s.parts.get(name);
    if (!part) s.parts.set(name, (part = { rows: [], extra }));
    part.rows.push(row);
  }

  private refused(err: unknown, line: number, kind: 'entity' | 'attach' | 'link'): void {
    if (!(err instanceof DomainError)) throw err;
    const { field, reason } = describeStoreError(err, kind);
    this.error(line, field, reason);
  }

  protected flush(): void {
    const b = this.pending;
    const meta: WriteMeta = b.meta;
    const params = { actorId: meta.actorId, source: meta.source ?? null, reliability: meta.reliability ?? null };
    const metaKey = b.metaKey;
    // The plan's step keys of this batch's provenance (one string each, not one per row: millions of rows).
    const [entityKey, attachKey, linkKey] = ['e', 'a', 'l'].map((k) => `${k}\u0000${metaKey}`);
    b.entities.forEach((e, i) => {
      try {
        const props = validateEntityProps(e.kind, e.props, `entities.${i}`);
        const role = checkRole(e.kind, e.role, `entities.${i}.role`);
        const s = this.step(this.plan.entities, entityKey, () => ({ params, rows: [], parts: new Map(), keys: [] }));
        const row = { id: e.id, caseId: e.caseId, props: storedProps(e.kind, props), label: entityLabel(e.kind, props), role };
        this.add(s, `createEntities.${e.kind}`, row, { kind: e.kind });
        for (const k of resolutionKeys(e.kind, props)) s.keys!.push({ id: e.id, key: k });
        this.full(entityKey, s);
        this.known.set(e.id, { kind: e.kind, cases: [e.caseId], roles: null, stored: false });
        this.counts.entities++;
      } catch (err) {
        this.refused(err, b.entityLines[i], 'entity');
      }
    });
    b.attach.forEach((a, i) => {
      try {
        const k = this.known.get(a.entityId);
        if (!k) throw notFound('entity', a.entityId);
        const role = checkRole(k.kind, a.role, `attach.${i}.role`);
        const at = k.cases.indexOf(a.caseId);
        const storedRole = at >= 0 && k.roles && at < k.roles.length ? k.roles[at] : undefined;
        // Already in the case, and the row sets no other role: nothing to write (a re-import).
        if (at >= 0 && (!a.role || (storedRole !== undefined && storedRole === role))) {
          this.unchanged++;
          return;
        }
        const s = this.step(this.plan.attach, attachKey, () => ({ params, rows: [], parts: new Map(), added: [], roles: [] }));
        this.add(s, 'attach', { entityId: a.entityId, caseId: a.caseId, role, newRole: a.role ? role : null });
        if (at < 0) {
          k.cases.push(a.caseId);
          if (k.stored) s.added!.push({ entityId: a.entityId, caseId: a.caseId });
        } else if (storedRole !== undefined) s.roles!.push({ entityId: a.entityId, caseId: a.caseId, role: storedRole });
        this.full(attachKey, s);
        this.counts.attached++;
      } catch (err) {
        this.refused(err, b.attachLines[i], 'attach');
      }
    });
    b.links.forEach((l, i) => {
      const field = `links.${i}`;
      try {
        const from = this.known.get(l.fromId);
        if (!from?.cases.includes(l.caseId)) throw badInput(`${field}.fromId`, `entity ${l.fromId} is not in this case`);
        const to = this.known.get(l.toId);
        if (!to?.cases.includes(l.caseId)) throw badInput(`${field}.toId`, `entity ${l.toId} is not in this case`);
        if (l.fromId === l.toId) throw badInput(`${field}.toId`, 'an entity cannot be linked to itself');
        checkLinkKinds(l.type, from.kind, to.kind);
        const stored = this.storedLinks.get(l.id);
        if (stored) {
          if (stored.type === l.type && stored.toId === l.toId && stored.caseId === l.caseId) {
            this.unchanged++;
            return;
          }
          throw new DomainError(
            ErrorCode.Conflict,
            `link ${l.id} already exists (a ${stored.type} to ${stored.toId} in case ${stored.caseId})`,
            `${field}.id`,
          );
        }
        if (this.plannedLinks.has(l.id))
          throw new DomainError(ErrorCode.Conflict, `link ${l.id} already exists (an earlier row has this id)`, `${field}.id`);
        this.plannedLinks.add(l.id);
        const s = this.step(this.plan.links, linkKey, () => ({ params, rows: [], parts: new Map() }));
        this.add(s, `createLinks.${l.type as LinkType}`, { id: l.id, fromId: l.fromId, toId: l.toId, caseId: l.caseId });
        this.full(linkKey, s);
        this.counts.links++;
      } catch (err) {
        this.refused(err, b.linkLines[i], 'link');
      }
    });
    this.clearPending();
  }

  // ---- writing --------------------------------------------------------------------------

  /**
   * The plan's steps, a phase at a time (entities, then memberships, then links: each needs the one
   * before it committed), each phase's steps in up to `writeConcurrency` transactions at once. Steps of
   * a phase are disjoint in the rows they create; where two touch the same node (a case, a link's end,
   * a shared resolution key), Neo4j orders them with its locks and a deadlock is retried by the driver.
   */
  private async write(now: string): Promise<number> {
    let done = 0;
    let reported = 0;
    const started: Array<Step<unknown>> = [];
    let failure: { err: unknown } | null = null;
    for (const steps of [this.plan.entities, this.plan.attach, this.plan.links] as Array<Array<Step<unknown>>>) {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (failure === null && next < steps.length) {
          const s = steps[next++];
          started.push(s);
          try {
            await this.writeStep(s, now);
          } catch (err) {
            failure ??= { err };
            return;
          }
          done += s.rows.length;
          if (done - reported >= this.progressEvery || done === this.planned) {
            reported = done;
            this.opts.onProgress?.({ file: this.fileOf(s), rows: done, elapsedMs: Date.now() - this.started, phase: 'written' });
          }
        }
      };
      // Every transaction of the phase has settled when this returns, so the undo sees all they wrote.
      await Promise.all(Array.from({ length: Math.min(this.concurrency, steps.length) }, worker));
      if (failure !== null) await this.undo(started, (failure as { err: unknown }).err);
    }
    return done;
  }

  private get planned(): number {
    let n = 0;
    for (const list of [this.plan.entities, this.plan.attach, this.plan.links] as Array<Array<Step<unknown>>>)
      for (const s of list) n += s.rows.length;
    return n;
  }

  /** One step in its own write transaction. */
  private writeStep(s: Step<unknown>, now: string): Promise<void> {
    // Keys are shared between entities of different steps: taken in one order by every transaction, they cannot deadlock.
    const keys = s.keys?.length ? [...s.keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) : null;
    return this.db.write(async (tx) => {
      for (const [name, part] of s.parts) {
        const [r] = await tx.run(name, { ...s.params, ...part.extra, now, rows: part.rows });
        // A row whose case or entity vanished since the check matches nothing: fail rather than lose it.
        if (Number(r?.written ?? 0) !== part.rows.length) {
          throw new Error(
            `${name}: ${part.rows.length - Number(r?.written ?? 0)} of ${part.rows.length} rows found no case or entity (changed since the check?)`,
          );
        }
      }
      if (keys) await tx.run('resolutionKeys', { rows: keys });
    });
  }

  private fileOf(s: Step<unknown>): string {
    const name = this.plan.links.includes(s as Step<LinkRow>) ? this.opts.linksFile : this.opts.entitiesFile;
    return name?.split(/[\\/]/).pop() ?? '';
  }

  /**
   * Removes what the written steps added, newest first: links, memberships and roles given to
   * stored entities, then the entities created (with their memberships, and the keys no other
   * entity holds). Then rethrows the write's error, saying whether the undo succeeded.
   */
  private async undo(steps: Array<Step<unknown>>, cause: unknown): Promise<never> {
    const chunks = <T>(rows: T[]) =>
      Array.from({ length: Math.ceil(rows.length / this.writeBatch) }, (_, i) =>
        rows.slice(i * this.writeBatch, (i + 1) * this.writeBatch),
      );
    const why = cause instanceof Error ? cause.message : String(cause);
    try {
      for (const s of [...steps].reverse()) {
        if (this.plan.links.includes(s as Step<LinkRow>)) {
          const rows = (s.rows as LinkRow[]).map((l) => ({ id: l.id, fromId: l.fromId }));
          for (const c of chunks(rows)) await this.db.write((tx) => tx.run('undoLinks', { rows: c }));
        } else if (s.added || s.roles) {
          for (const c of chunks(s.added ?? [])) await this.db.write((tx) => tx.run('undoMemberships', { rows: c }));
          for (const c of chunks(s.roles ?? [])) await this.db.write((tx) => tx.run('undoRoles', { rows: c }));
        } else {
          const rows = s.rows as EntityRow[];
          for (const c of chunks(rows.map((e) => e.id))) await this.db.write((tx) => tx.run('undoEntities', { ids: c }));
        }
      }
    } catch (undoErr) {
      const also = undoErr instanceof Error ? undoErr.message : String(undoErr);
      throw new Error(
        `import failed while writing (${why}) and what it had written could not all be removed (${also}); ` +
          'run the same import again to complete it (rows already written are left as they are)',
        { cause },
      );
    }
    throw new Error(`import failed while writing (${why}); everything it had written was removed`, { cause });
  }

  async run(): Promise<ImportResult> {
    if (!this.opts.entitiesFile && !this.opts.linksFile) throw new Error('nothing to import: give an entities file, a links file or both');
    await this.readAll();
    if (this.errors.length === 0) await this.write(new Date().toISOString());
    return this.result(this.unchanged);
  }
}

/**
 * Imports entities and links from CSV files into Neo4j, all or nothing: every row is checked
 * before any is written, and a write that fails midway is undone (module comment above).
 */
export function importCsvToNeo4j(db: ImportRunner, opts: Neo4jImportOptions): Promise<ImportResult> {
  return new Neo4jCsvImport(db, opts).run();
}
