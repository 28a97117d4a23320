import Database from 'better-sqlite3';
import type { Db } from './database';

/*
 * An in-memory copy of what the depth-n neighbourhood reads for every node and link it meets,
 * so that a walk next to a hub (thousands of rows) does not look each of them up in SQLite:
 *   - each entity's links in both directions (link rid, other end, case, type), in the order of
 *     the covering indexes link_by_src / link_by_dst, so the walk meets them as the SQL walk did;
 *   - each link's id and provenance;
 *   - each entity's memberships (case and role), in case order.
 * Entity rows themselves (id, label, props, provenance) are still read from SQLite.
 *
 * Kept in step with the database without trusting every write path to report itself:
 *   - this connection's writes: TEMP triggers on link, entity_case and entity call back into this
 *     process (a user function) with the rids they touch, which are then "dirty" and read from
 *     SQLite until the next rebuild (a rolled-back write leaves them dirty: harmless);
 *   - another connection's writes (another process on the same file): `PRAGMA data_version`
 *     changes, and the whole copy is stale until rebuilt.
 * While stale (or not built yet) the store answers from SQLite alone, as before; a rebuild is
 * scheduled off the request (see EmbeddedGraphStore).
 */

/** Past this many dirty rids, the copy is rebuilt rather than patched from SQLite read by read. */
const MAX_DIRTY = 200_000;

/** Strings stored once, by code; -1 is null. */
class Interned {
  private readonly codes = new Map<string, number>();
  readonly values: string[] = [];
  code(v: string | null): number {
    if (v === null) return -1;
    let c = this.codes.get(v);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(v);
      this.codes.set(v, c);
    }
    return c;
  }
  value(c: number): string | null {
    return c < 0 ? null : this.values[c];
  }
}

/** An Int32Array that grows while it is filled. */
class Int32List {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  done(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** One direction of the adjacency: entity rid → a range of entries (CSR). */
interface Direction {
  /** start[rid] .. start[rid + 1] is rid's range; rids past the copy have none. */
  readonly start: Int32Array;
  readonly link: Int32Array;
  readonly other: Int32Array;
  readonly caseRid: Int32Array;
  readonly type: Uint8Array;
}

/** A link as the neighbourhood answer needs it, besides its ends, case and type (known from the walk). */
export interface LinkColumns {
  id: string;
  createdBy: string;
  createdAt: string;
  source: string | null;
  reliability: string | null;
  credibility: number | null;
}

/** Link rows as the walk meets them: [link rid, other end, case rid, type]. */
export type AdjacentRow = [number, number, number, string];

interface Copy {
  readonly maxEntityRid: number;
  readonly maxLinkRid: number;
  readonly out: Direction;
  readonly in: Direction;
  readonly types: string[];
  /** Link id bytes (UTF-8) of link rid r: idBytes[idStart[r] .. idStart[r + 1]]; an absent rid has an empty range. */
  readonly idStart: Uint32Array;
  readonly idBytes: Buffer;
  readonly linkPresent: Uint8Array;
  readonly createdBy: Int32Array;
  readonly createdAt: Int32Array;
  readonly source: Int32Array;
  readonly reliability: Int32Array;
  /** -1 is null. */
  readonly credibility: Int16Array;
  readonly memStart: Int32Array;
  readonly memCase: Int32Array;
  readonly memRole: Int32Array;
  readonly strings: Interned;
  readonly bytes: number;
}

/** Listeners of each connection's TEMP triggers (a connection may hold more than one store in tests). */
const listeners = new WeakMap<Db, Set<InMemoryAdjacency>>();
/** Connections whose TEMP triggers are in place (only while some copy of theirs needs them: they cost every write). */
const armed = new WeakSet<Db>();

function watch(db: Db, adjacency: InMemoryAdjacency): void {
  let set = listeners.get(db);
  if (!set) {
    listeners.set(db, (set = new Set()));
    const all = set;
    // (link rid or null, entity rid...): a link whose columns changed, entities whose links or memberships changed.
    db.function('homeward_graph_touched', { varargs: true, deterministic: false }, (link: unknown, ...entities: unknown[]) => {
      for (const a of all) a.touched(link as number | null, entities as Array<number | null>);
      return null;
    });
  }
  set.add(adjacency);
}

function arm(db: Db): void {
  if (armed.has(db)) return;
  for (const stmt of [
    `CREATE TEMP TRIGGER IF NOT EXISTS homeward_link_ins AFTER INSERT ON main.link BEGIN
       SELECT homeward_graph_touched(NEW.rid, NEW.src, NEW.dst); END`,
    `CREATE TEMP TRIGGER IF NOT EXISTS homeward_link_del AFTER DELETE ON main.link BEGIN
       SELECT homeward_graph_touched(OLD.rid, OLD.src, OLD.dst); END`,
    `CREATE TEMP TRIGGER IF NOT EXISTS homeward_link_upd AFTER UPDATE ON main.link BEGIN
       SELECT homeward_graph_touched(OLD.rid, OLD.src, OLD.dst, NEW.src, NEW.dst), homeward_graph_touched(NEW.rid); END`,
    `CREATE TEMP TRIGGER IF NOT EXISTS homeward_member_ins AFTER INSERT ON main.entity_case BEGIN
       SELECT homeward_graph_touched(NULL, NEW.entity_rid); END`,
    `CREATE TEMP TRIGGER IF NOT EXISTS homeward_member_del AFTER DELETE ON main.entity_case BEGIN
       SELECT homeward_graph_touched(NULL, OLD.entity_rid); END`,
    `CREATE TEMP TRIGGER IF NOT EXISTS homeward_member_upd AFTER UPDATE ON main.entity_case BEGIN
       SELECT homeward_graph_touched(NULL, OLD.entity_rid, NEW.entity_rid); END`,
    `CREATE TEMP TRIGGER IF NOT EXISTS homeward_entity_del AFTER DELETE ON main.entity BEGIN
       SELECT homeward_graph_touched(NULL, OLD.rid); END`,
  ])
    db.exec(stmt);
  armed.add(db);
}

function disarm(db: Db): void {
  if (!armed.has(db)) return;
  for (const name of ['link_ins', 'link_del', 'link_upd', 'member_ins', 'member_del', 'member_upd', 'entity_del'])
    db.exec(`DROP TRIGGER IF EXISTS temp.homeward_${name}`);
  armed.delete(db);
}

export class InMemoryAdjacency {
  private copy: Copy | null = null;
  private copyVersion = -1;
  private readonly dirtyEntities = new Set<number>();
  private readonly dirtyLinks = new Set<number>();
  private overflow = false;
  /** While a build in steps runs: the rids this connection's writes touched since its snapshot. */
  private inFlight: Promise<boolean> | null = null;
  private writes = 0;
  private building: { entities: Set<number>; links: Set<number>; overflow: boolean } | null = null;
  private readonly dataVersion: { get(): unknown };
  /** How long the last build took, and how many bytes its arrays hold (for the benchmarks and the docs). */
  lastBuild: { ms: number; bytes: number; links: number; memberships: number } | null = null;

  constructor(private readonly db: Db) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck(true);
    watch(db, this);
  }

  /** Called by the TEMP triggers, inside the writing statement. */
  touched(link: number | null, entities: Array<number | null>): void {
    this.writes++;
    // A build in steps reads a snapshot taken when it began: what this connection writes meanwhile is dirty in its copy.
    const b = this.building;
    if (b) {
      if (b.entities.size + b.links.size > MAX_DIRTY) b.overflow = true;
      else {
        if (link !== null) b.links.add(link);
        for (const r of entities) if (r !== null) b.entities.add(r);
      }
    }
    if (!this.copy || this.overflow) return;
    if (link !== null) this.dirtyLinks.add(link);
    for (const r of entities) if (r !== null) this.dirtyEntities.add(r);
    if (this.dirtyEntities.size + this.dirtyLinks.size > MAX_DIRTY) this.overflow = true;
  }

  /**
   * Drops the copy (of every store on this connection) and the TEMP triggers until the next build:
   * for large bulk loads, which would otherwise pay a call into JavaScript for every row.
   */
  suspend(): void {
    for (const a of listeners.get(this.db) ?? []) {
      a.copy = null;
      a.building = null;
    }
    disarm(this.db);
  }

  /** Changes whenever this connection or another one writes the graph: a rebuild waits for it to stay put. */
  activity(): string {
    return `${String(this.dataVersion.get())}:${this.writes}`;
  }

  /** Whether the copy can answer now: built, no other connection wrote since, not too many dirty rids. */
  ready(): boolean {
    if (!this.copy || this.overflow) return false;
    if (this.dataVersion.get() !== this.copyVersion) {
      // Another connection committed: what it changed is unknown here.
      this.copy = null;
      return false;
    }
    return true;
  }

  /** Whether a rebuild would change anything (never built, stale or overflowing). */
  stale(): boolean {
    return !this.ready();
  }

  /**
   * Reads the whole copy from the database: the link table once, in rid ranges, both directions
   * sorted here into the covering indexes' order, then the memberships. On a read-only connection
   * of its own with a small page cache and no memory map, so that reading the whole file does not
   * stay in this process's memory (the main connection maps the file's first 256 MiB).
   */
  build(): void {
    const steps = this.steps();
    while (!steps.next().done);
  }

  /**
   * The same in steps of a few tens of milliseconds, the event loop free between them (seconds in
   * all at a million entities): the reading connection keeps its snapshot across them, and what
   * this connection writes meanwhile is marked dirty in the copy. Resolves false, leaving the
   * copy stale, when the database was closed, another connection wrote, this one wrote too much,
   * or another build ran meanwhile.
   */
  buildInSteps(): Promise<boolean> {
    // One at a time: a caller arriving meanwhile waits for the build under way.
    this.inFlight ??= this.runSteps().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async runSteps(): Promise<boolean> {
    if (this.db.memory) {
      this.build();
      return true;
    }
    const version = this.dataVersion.get();
    const steps = this.steps();
    try {
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
        await new Promise((resolve) => setImmediate(resolve));
        // Closed, written to meanwhile by another connection or too much by this one, or dropped for a bulk load
        // (suspend): the copy would be stale at once.
        if (!this.db.open || this.dataVersion.get() !== version || !this.building || this.building.overflow) {
          steps.return(false);
          return false;
        }
      }
    } catch (err) {
      steps.return(false);
      throw err;
    }
  }

  /** Yields between steps; returns whether its copy was taken (not replaced by a later build). */
  private *steps(): Generator<void, boolean, undefined> {
    const t = performance.now();
    // Before the snapshot: every write after it must reach touched().
    arm(this.db);
    // Read before the snapshot below: a commit of another connection in between only causes one rebuild too many.
    const version = this.dataVersion.get() as number;
    const reader = this.db.memory ? this.db : new Database(this.db.name, { readonly: true, fileMustExist: true });
    const building = { entities: new Set<number>(), links: new Set<number>(), overflow: false };
    this.building = building;
    let open = false;
    try {
      if (reader !== this.db) {
        reader.pragma('cache_size = -4096');
        reader.pragma('mmap_size = 0');
      }
      reader.exec('BEGIN');
      open = true;
      const copy = yield* readCopy(reader);
      reader.exec('COMMIT');
      open = false;
      if (this.building !== building) return false; // a later build replaced this one
      this.copy = copy;
      this.copyVersion = version;
      this.dirtyEntities.clear();
      this.dirtyLinks.clear();
      for (const r of building.entities) this.dirtyEntities.add(r);
      for (const r of building.links) this.dirtyLinks.add(r);
      this.overflow = building.overflow;
      this.lastBuild = { ms: performance.now() - t, bytes: copy.bytes, links: copy.links, memberships: copy.memCase.length };
      return true;
    } finally {
      if (this.building === building) this.building = null;
      if (open && reader.open && reader.inTransaction) reader.exec('ROLLBACK');
      if (reader !== this.db && reader.open) reader.close();
    }
  }

  /** Whether entity `rid`'s links and memberships must be read from SQLite (changed since the copy, or newer). */
  entityDirty(rid: number): boolean {
    return rid > this.copy!.maxEntityRid || this.dirtyEntities.has(rid);
  }

  /** Whether link `rid`'s columns must be read from SQLite. */
  linkDirty(rid: number): boolean {
    const c = this.copy!;
    return rid > c.maxLinkRid || c.linkPresent[rid] === 0 || this.dirtyLinks.has(rid);
  }

  /** Calls `visit` for each of a clean entity's links in one direction, in index order. */
  eachAdjacent(outgoing: boolean, rid: number, visit: (linkRid: number, other: number, caseRid: number, type: string) => void): void {
    const c = this.copy!;
    const d = outgoing ? c.out : c.in;
    for (let i = d.start[rid], end = d.start[rid + 1]; i < end; i++) visit(d.link[i], d.other[i], d.caseRid[i], c.types[d.type[i]]);
  }

  /** A clean link's id and provenance. */
  linkColumns(rid: number): LinkColumns {
    const c = this.copy!;
    const s = c.strings;
    const cred = c.credibility[rid];
    return {
      id: c.idBytes.toString('utf8', c.idStart[rid], c.idStart[rid + 1]),
      createdBy: s.value(c.createdBy[rid])!,
      createdAt: s.value(c.createdAt[rid])!,
      source: s.value(c.source[rid]),
      reliability: s.value(c.reliability[rid]),
      credibility: cred < 0 ? null : cred,
    };
  }

  /** A clean entity's memberships as [case rid, role], in case order. */
  eachMembership(rid: number, visit: (caseRid: number, role: string | null) => void): void {
    const c = this.copy!;
    for (let i = c.memStart[rid], end = c.memStart[rid + 1]; i < end; i++) visit(c.memCase[i], c.strings.value(c.memRole[i]));
  }
}

/** Rows per read of the link table (by rid range): \`all()\` on ranges costs less per row than one long iteration. */
const RANGE = 16_384;
/** Loop turns between two yields of the in-memory passes (a few milliseconds each). */
const STEP = 262_144;

function* readCopy(db: Db): Generator<void, Copy & { links: number }, undefined> {
  const maxEntityRid = (db.prepare('SELECT coalesce(max(rid), 0) FROM entity').pluck(true).get() as number) ?? 0;
  const maxLinkRid = (db.prepare('SELECT coalesce(max(rid), 0) FROM link').pluck(true).get() as number) ?? 0;
  const strings = new Interned();
  const types: string[] = [];
  const typeCode = new Map<string, number>();

  // Links by rid: id, provenance, and (for the directions below) ends, case and type.
  const idStart = new Uint32Array(maxLinkRid + 2);
  const linkPresent = new Uint8Array(maxLinkRid + 1);
  const createdBy = new Int32Array(maxLinkRid + 1);
  const createdAt = new Int32Array(maxLinkRid + 1);
  const source = new Int32Array(maxLinkRid + 1);
  const reliability = new Int32Array(maxLinkRid + 1);
  const credibility = new Int16Array(maxLinkRid + 1);
  const src = new Int32Array(maxLinkRid + 1);
  const dst = new Int32Array(maxLinkRid + 1);
  const caseOf = new Int32Array(maxLinkRid + 1);
  const typeOf = new Uint8Array(maxLinkRid + 1);
  let idBytes = Buffer.allocUnsafe(Math.max(1024, (maxLinkRid + 1) * 24));
  let used = 0;
  let links = 0;
  let next = 1;
  const range = db
    .prepare(
      'SELECT rid, id, src, dst, case_rid, type, created_by, created_at, source, reliability, credibility FROM link WHERE rid >= ? AND rid < ? ORDER BY rid',
    )
    .raw(true);
  for (let lo = 1; lo <= maxLinkRid; lo += RANGE) {
    const rows = range.all(lo, lo + RANGE) as Array<
      [number, string, number, number, number, string, string, string, string | null, string | null, number | null]
    >;
    for (const [rid, id, s, d, c, ty, by, at, from, rel, cred] of rows) {
      for (; next <= rid; next++) idStart[next] = used;
      const need = Buffer.byteLength(id);
      if (used + need > idBytes.length) {
        const bigger = Buffer.allocUnsafe(Math.max(idBytes.length * 2, used + need));
        idBytes.copy(bigger, 0, 0, used);
        idBytes = bigger;
      }
      used += idBytes.write(id, used);
      linkPresent[rid] = 1;
      src[rid] = s;
      dst[rid] = d;
      caseOf[rid] = c;
      let code = typeCode.get(ty);
      if (code === undefined) typeCode.set(ty, (code = types.push(ty) - 1));
      typeOf[rid] = code;
      createdBy[rid] = strings.code(by);
      createdAt[rid] = strings.code(at);
      source[rid] = strings.code(from);
      reliability[rid] = strings.code(rel);
      credibility[rid] = cred === null ? -1 : cred;
      links++;
    }
    yield;
  }
  for (; next <= maxLinkRid + 1; next++) idStart[next] = used;
  idBytes = Buffer.from(idBytes.subarray(0, used));
  // Types compare as SQLite's BINARY collation does (they are ASCII names).
  const rank = new Uint8Array(types.length);
  [...types.keys()].sort((a, b) => (types[a] < types[b] ? -1 : types[a] > types[b] ? 1 : 0)).forEach((code, i) => (rank[code] = i));

  // Each direction: a counting sort by end, links in rid order within an end, then each end's
  // range sorted as its index is (case, other end, type, rid).
  function* direction(end: Int32Array, far: Int32Array): Generator<void, Direction, undefined> {
    const start = new Int32Array(maxEntityRid + 2);
    for (let r = 1; r <= maxLinkRid; r++) {
      if (r % STEP === 0) yield;
      if (linkPresent[r] && end[r] <= maxEntityRid) start[end[r] + 1]++;
    }
    for (let e = 1; e <= maxEntityRid + 1; e++) start[e] += start[e - 1];
    const fill = start.slice();
    const link = new Int32Array(links);
    for (let r = 1; r <= maxLinkRid; r++) {
      if (r % STEP === 0) yield;
      if (linkPresent[r] && end[r] <= maxEntityRid) link[fill[end[r]]++] = r;
    }
    const before = (a: number, b: number) => caseOf[a] - caseOf[b] || far[a] - far[b] || rank[typeOf[a]] - rank[typeOf[b]] || a - b;
    for (let e = 1; e <= maxEntityRid; e++) {
      if (e % STEP === 0) yield;
      const from = start[e];
      const to = start[e + 1];
      if (to - from < 2) continue;
      if (to - from <= 32) {
        for (let i = from + 1; i < to; i++) {
          const x = link[i];
          let j = i - 1;
          for (; j >= from && before(link[j], x) > 0; j--) link[j + 1] = link[j];
          link[j + 1] = x;
        }
      } else {
        link.set(Array.from(link.subarray(from, to)).sort(before), from);
      }
    }
    const other = new Int32Array(links);
    const caseRid = new Int32Array(links);
    const type = new Uint8Array(links);
    for (let i = 0; i < links; i++) {
      if (i % STEP === 0) yield;
      const r = link[i];
      other[i] = far[r];
      caseRid[i] = caseOf[r];
      type[i] = typeOf[r];
    }
    return { start, link, other, caseRid, type };
  }
  const out = yield* direction(src, dst);
  yield;
  const inward = yield* direction(dst, src);
  yield;

  // Memberships, in (entity, case) order.
  const memStart = new Int32Array(maxEntityRid + 2);
  const memCase = new Int32List(maxEntityRid + 1);
  const memRole = new Int32List(maxEntityRid + 1);
  const members = db
    .prepare('SELECT entity_rid, case_rid, role FROM entity_case WHERE entity_rid >= ? AND entity_rid < ? ORDER BY entity_rid, case_rid')
    .raw(true);
  let at = 1;
  for (let lo = 1; lo <= maxEntityRid; lo += RANGE) {
    for (const [entity, c, role] of members.all(lo, Math.min(lo + RANGE, maxEntityRid + 1)) as Array<[number, number, string | null]>) {
      for (; at <= entity; at++) memStart[at] = memCase.length;
      memCase.push(c);
      memRole.push(strings.code(role));
    }
    yield;
  }
  for (; at <= maxEntityRid + 1; at++) memStart[at] = memCase.length;
  const mc = memCase.done().slice();
  const mr = memRole.done().slice();
  const arrays: ArrayBufferView[] = [idStart, linkPresent, createdBy, createdAt, source, reliability, credibility, memStart, mc, mr];
  for (const d of [out, inward]) arrays.push(d.start, d.link, d.other, d.caseRid, d.type);
  return {
    maxEntityRid,
    maxLinkRid,
    out,
    in: inward,
    types,
    idStart,
    idBytes,
    linkPresent,
    createdBy,
    createdAt,
    source,
    reliability,
    credibility,
    memStart,
    memCase: mc,
    memRole: mr,
    strings,
    bytes: arrays.reduce((sum, a) => sum + a.byteLength, idBytes.length),
    links,
  };
}
