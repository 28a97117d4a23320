import { ENTITY_KINDS, type EntityKind, type LinkType } from '@homeward/graph-schema';
import { DomainError, ErrorCode, badInput, type EntityRecord, type LinkRecord, type Reliability, type Subgraph } from '@homeward/domain';
import type { AdjacentLink, ExpandFilters, GraphStore, Scope } from '@homeward/graph-store';
import { checkMinCredibility, checkMinReliability, compareGrades, linkGrade, pathGrade, type PathGrade } from './grading';

/*
 * Paths between two entities, written once over the stores' one-step
 * primitive (`GraphStore.expand`), so the embedded store and Neo4j answer alike
 * and scope is applied where the links are read: a path can only be made of
 * links of the caller's cases.
 *
 * How: a bidirectional breadth-first search grows a ball around each end (the
 * smaller frontier first, so a hub on one side does not flood the search)
 * until they meet, which gives the shortest length D and, for every entity
 * near the target, its exact distance to it. Paths of each length L = D, D+1,
 * ... are then enumerated depth-first from the source, taking a step only when
 * the distance still to go fits in L. That bound never cuts a real path, so
 * the enumeration is exact: for hop counts it lists the same k shortest
 * loopless paths as Yen's algorithm, without Yen's repeated searches. Ties of
 * one length are ordered by grade (strongest first), then by ids.
 *
 * Time-respecting paths (after i2): every step happens no earlier than the one
 * before, and at most `maxGapHours` after it when given. The time of a step is
 * the sighting's observedAt when the link has a sighting at one end (both
 * links through a sighting therefore share its time), else the link's
 * createdAt (when it was recorded: the model has no other time for a
 * relation). The distance bound ignores time, so it stays exact.
 *
 * The work is bounded: maxLength <= 8, at most 200 paths, and a budget of
 * entities touched (and of search steps, 20 per entity); a search that hits
 * the budget fails with LIMIT_EXCEEDED naming it, rather than running on or
 * answering with a silently partial list.
 */

export const MAX_PATH_LENGTH = 8;
export const MAX_PATHS = 200;
export const DEFAULT_NODE_BUDGET = 50_000;
export const MAX_NODE_BUDGET = 500_000;
/** Search steps allowed per entity of the budget: enumeration revisits entities along different paths. */
const STEPS_PER_NODE = 20;
/** Extra paths of one length collected beyond those needed, so ties are ordered by grade among more than the first found. */
const TIE_EXTRA = 50;
/** The deepest plain shortest-path search (`shortestPath`): one path is cheap to find, so it may look further than the k-path enumeration. */
export const MAX_SHORTEST_PATH_LENGTH = 12;
/** Entities per `expand` call: keeps one SQL JSON list or Cypher UNWIND list small. */
const EXPAND_CHUNK = 500;

export type PathMode = 'SHORTEST' | 'ALL';

export interface PathQuery {
  readonly fromId: string;
  readonly toId: string;
  /** SHORTEST: the k shortest paths; ALL: every simple path up to maxLength, shortest first, at most k. */
  readonly mode: PathMode;
  readonly k: number;
  readonly maxLength: number;
  /** Kinds an entity on the way may have (the two ends are exempt). */
  readonly kinds?: readonly EntityKind[] | null;
  readonly linkTypes?: readonly LinkType[] | null;
  readonly minReliability?: string | null;
  readonly minCredibility?: number | null;
  readonly timeRespecting?: boolean | null;
  /** Time-respecting only: the longest wait allowed between two steps. */
  readonly maxGapHours?: number | null;
  readonly nodeBudget?: number | null;
}

export interface FoundPath {
  /** From the source to the target. */
  readonly nodeIds: string[];
  /** links[i] joins nodeIds[i] and nodeIds[i + 1] (in either direction). */
  readonly links: LinkRecord[];
  /** When each step happened under the time rule above (ISO 8601), one per link. */
  readonly stepTimes: string[];
  readonly grade: PathGrade;
}

export interface PathsAnswer {
  readonly paths: FoundPath[];
  /** The entities on the paths, as the caller sees them. */
  readonly nodes: EntityRecord[];
  /** ALL mode: more paths exist within maxLength than the k listed. */
  readonly truncated: boolean;
  /** Entities the search touched. */
  readonly visited: number;
}

export type PathStore = Pick<GraphStore, 'expand' | 'getEntities' | 'shortestChain'>;

interface Checked {
  readonly mode: PathMode;
  readonly k: number;
  readonly maxLength: number;
  readonly kinds: ReadonlySet<string> | null;
  readonly filters: ExpandFilters;
  readonly timeRespecting: boolean;
  readonly maxGapMs: number | null;
  readonly nodeBudget: number;
}

const isInt = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;

/** Validates a query; errors name the argument and the reason. */
export function checkPathQuery(q: PathQuery): Checked {
  if (!q.fromId) throw badInput('fromId', 'is required');
  if (!q.toId) throw badInput('toId', 'is required');
  if (q.fromId === q.toId) throw badInput('toId', 'must differ from fromId');
  if (q.mode !== 'SHORTEST' && q.mode !== 'ALL') throw badInput('mode', 'must be SHORTEST or ALL');
  if (!isInt(q.k, 1, MAX_PATHS)) throw badInput('k', `must be an integer from 1 to ${MAX_PATHS}`);
  if (!isInt(q.maxLength, 1, MAX_PATH_LENGTH)) throw badInput('maxLength', `must be an integer from 1 to ${MAX_PATH_LENGTH}`);
  const budget = q.nodeBudget ?? DEFAULT_NODE_BUDGET;
  if (!isInt(budget, 1, MAX_NODE_BUDGET)) throw badInput('nodeBudget', `must be an integer from 1 to ${MAX_NODE_BUDGET}`);
  for (const [i, kind] of (q.kinds ?? []).entries())
    if (!Object.prototype.hasOwnProperty.call(ENTITY_KINDS, kind)) throw badInput(`kinds.${i}`, `unknown entity kind ${kind}`);
  const timeRespecting = q.timeRespecting === true;
  let maxGapMs: number | null = null;
  if (q.maxGapHours !== null && q.maxGapHours !== undefined) {
    if (!timeRespecting) throw badInput('maxGapHours', 'applies to time-respecting paths only (set timeRespecting)');
    if (!Number.isFinite(q.maxGapHours) || q.maxGapHours < 0) throw badInput('maxGapHours', 'must be a number of hours, 0 or more');
    maxGapMs = q.maxGapHours * 3_600_000;
  }
  const minReliability: Reliability | undefined = checkMinReliability(q.minReliability, 'minReliability');
  const minCredibility = checkMinCredibility(q.minCredibility, 'minCredibility');
  return {
    mode: q.mode,
    k: q.k,
    maxLength: q.maxLength,
    kinds: q.kinds && q.kinds.length ? new Set<string>(q.kinds) : null,
    filters: { linkTypes: q.linkTypes && q.linkTypes.length ? q.linkTypes : undefined, minReliability, minCredibility },
    timeRespecting,
    maxGapMs,
    nodeBudget: budget,
  };
}

const limit = (what: string, budget: number) =>
  new DomainError(
    ErrorCode.LimitExceeded,
    `nodeBudget: the search ${what} (${budget} entities) before it could finish; ` +
      `narrow it (linkTypes, kinds, a minimum grade, a smaller maxLength) or raise nodeBudget (at most ${MAX_NODE_BUDGET})`,
    'nodeBudget',
  );

/** Strongest links first, then by id: enumeration meets the strong paths of a length first, and answers are stable. */
const byGradeThenId = (a: AdjacentLink, b: AdjacentLink) =>
  compareGrades(linkGrade(a.link), linkGrade(b.link)) || (a.link.id < b.link.id ? -1 : a.link.id > b.link.id ? 1 : 0);

/** The adjacency read so far, fetched a frontier at a time and counted against the budget. */
class Explorer {
  private readonly adjacency = new Map<string, AdjacentLink[]>();
  readonly kind = new Map<string, EntityKind>();
  /** observedAt (ms) of the sightings met. */
  readonly observed = new Map<string, number>();
  private readonly touched = new Set<string>();

  constructor(
    private readonly store: PathStore,
    private readonly scope: Scope,
    private readonly filters: ExpandFilters,
    private readonly budget: number,
  ) {}

  get visited(): number {
    return this.touched.size;
  }

  adjacent(id: string): AdjacentLink[] | undefined {
    return this.adjacency.get(id);
  }

  know(e: EntityRecord): void {
    this.kind.set(e.id, e.kind);
    this.touched.add(e.id);
    if (e.kind === 'SIGHTING' && typeof e.props.observedAt === 'string') this.observed.set(e.id, Date.parse(e.props.observedAt));
  }

  async load(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.adjacency.has(id));
    for (let i = 0; i < missing.length; i += EXPAND_CHUNK) {
      const chunk = missing.slice(i, i + EXPAND_CHUNK);
      for (const id of chunk) this.adjacency.set(id, []);
      for (const a of await this.store.expand(chunk, this.scope, this.filters)) {
        this.adjacency.get(a.fromId)?.push(a);
        this.kind.set(a.otherId, a.otherKind);
        if (a.otherObservedAt) this.observed.set(a.otherId, Date.parse(a.otherObservedAt));
        this.touched.add(a.otherId);
      }
      for (const id of chunk) this.adjacency.get(id)!.sort(byGradeThenId);
      if (this.touched.size > this.budget) throw limit('reached its node budget', this.budget);
    }
  }
}

/** The time of stepping from `from` over `a`, in ms (see the rule at the top). */
function stepTime(ex: Explorer, from: string, a: AdjacentLink): number {
  const sighting =
    a.otherKind === 'SIGHTING' ? ex.observed.get(a.otherId) : ex.kind.get(from) === 'SIGHTING' ? ex.observed.get(from) : undefined;
  return sighting !== undefined && !Number.isNaN(sighting) ? sighting : Date.parse(a.link.provenance.createdAt);
}

const compareIds = (a: readonly string[], b: readonly string[]) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length;
};

/** Paths between two entities the caller may see; none (not an error) when either end is outside their scope. */
export async function findPaths(store: PathStore, scope: Scope, query: PathQuery): Promise<PathsAnswer> {
  return search(store, scope, query.fromId, query.toId, checkPathQuery(query), TIE_EXTRA);
}

/**
 * One shortest chain of visible links between two entities, as a subgraph in path order (nodes from
 * `fromId` to `toId`, edges[i] joining nodes[i] and nodes[i + 1]); null when there is none within
 * `maxDepth` (clamped to 1..MAX_SHORTEST_PATH_LENGTH) or when an end is not visible. The same search as
 * findPaths with k = 1 and no tie collection: of the chains of the shortest length, the first met taking
 * the strongest graded link at each step. An entity to itself is itself, with no links.
 */
export async function shortestPath(
  store: PathStore,
  scope: Scope,
  fromId: string,
  toId: string,
  maxDepth: number,
): Promise<Subgraph | null> {
  if (fromId === toId) {
    const self = await store.getEntities([fromId], scope);
    return self.length ? { nodes: self, edges: [] } : null;
  }
  const maxLength = Math.max(1, Math.min(Math.trunc(maxDepth) || 1, MAX_SHORTEST_PATH_LENGTH));
  // A store that can search the whole way itself answers in one request (Neo4j: one statement, not one per level).
  if (store.shortestChain) {
    const chain = await store.shortestChain(fromId, toId, maxLength, scope);
    if (chain !== undefined) return chain;
  }
  const q: Checked = {
    mode: 'SHORTEST',
    k: 1,
    maxLength,
    kinds: null,
    filters: {},
    timeRespecting: false,
    maxGapMs: null,
    // The stores' own searches this replaces were unbounded; keep the widest budget so a reachable pair is still found.
    nodeBudget: MAX_NODE_BUDGET,
  };
  const found = await search(store, scope, fromId, toId, q, 0);
  const [path] = found.paths;
  if (!path) return null;
  return { nodes: found.nodes, edges: path.links };
}

async function search(store: PathStore, scope: Scope, s: string, t: string, q: Checked, tieExtra: number): Promise<PathsAnswer> {
  const ends = await store.getEntities([s, t], scope);
  // An end the caller may not see is treated as absent: no error that would confirm it exists.
  if (ends.length < 2) return { paths: [], nodes: [], truncated: false, visited: 0 };
  const ex = new Explorer(store, scope, q.filters, q.nodeBudget);
  for (const e of ends) ex.know(e);
  const passable = (v: string) => !q.kinds || q.kinds.has(ex.kind.get(v) ?? '');

  // ---- 1. bidirectional breadth-first balls ------------------------------------------------
  const distS = new Map<string, number>([[s, 0]]);
  const distT = new Map<string, number>([[t, 0]]);
  let frontS = [s];
  let frontT = [t];
  let rS = 0;
  let rT = 0;
  let shortest = Infinity;
  const grow = async (forward: boolean) => {
    const front = forward ? frontS : frontT;
    const mine = forward ? distS : distT;
    const theirs = forward ? distT : distS;
    const far = forward ? t : s;
    const r = forward ? rS : rT;
    await ex.load(front);
    const next: string[] = [];
    for (const u of front) {
      for (const a of ex.adjacent(u)!) {
        const v = a.otherId;
        if (mine.has(v)) continue;
        // The far end is reached but never passed through; an entity of a kind not allowed is not on the way.
        if (v !== far && !passable(v)) continue;
        mine.set(v, r + 1);
        const other = theirs.get(v);
        if (other !== undefined) shortest = Math.min(shortest, r + 1 + other);
        if (v !== far) next.push(v);
      }
    }
    if (forward) {
      frontS = next;
      rS++;
    } else {
      frontT = next;
      rT++;
    }
  };
  // Grows the smaller frontier until the two balls together span `length` (or one side is exhausted).
  const span = async (length: number) => {
    while (rS + rT < length && frontS.length && frontT.length) await grow(frontS.length <= frontT.length);
  };
  // The shortest length is exact once it is within the balls' reach (any path of length <= rS + rT crosses both).
  while (shortest > rS + rT && rS + rT < q.maxLength && frontS.length && frontT.length) await grow(frontS.length <= frontT.length);
  if (shortest > q.maxLength) return { paths: [], nodes: [], truncated: false, visited: ex.visited };

  // ---- 2. enumeration, one length at a time ---------------------------------------------------
  const lowerBound = (v: string) => distT.get(v) ?? (frontT.length ? rT + 1 : Infinity);
  const stepBudget = q.nodeBudget * STEPS_PER_NODE;
  let steps = 0;
  const results: FoundPath[] = [];
  const want = q.mode === 'ALL' ? q.k + 1 : q.k;

  for (let L = shortest; L <= q.maxLength && results.length < want; L++) {
    await span(L);
    const cap = want - results.length + (q.mode === 'SHORTEST' ? tieExtra : 0);
    const found: FoundPath[] = [];
    const nodes: string[] = [s];
    const onPath = new Set<string>([s]);
    const links: LinkRecord[] = [];
    const times: number[] = [];
    const walk = async (u: string, depth: number, last: number | null): Promise<void> => {
      if (++steps > stepBudget) throw limit(`took more steps than its node budget allows (${STEPS_PER_NODE} per entity of`, q.nodeBudget);
      let around = ex.adjacent(u);
      if (!around) {
        await ex.load([u]);
        around = ex.adjacent(u)!;
      }
      for (const a of around) {
        if (found.length >= cap) return;
        const v = a.otherId;
        if (onPath.has(v)) continue;
        if (v !== t && (depth + 1 >= L || !passable(v) || depth + 1 + lowerBound(v) > L)) continue;
        const at = stepTime(ex, u, a);
        if (q.timeRespecting && last !== null && (at < last || (q.maxGapMs !== null && at - last > q.maxGapMs))) continue;
        if (v === t) {
          if (depth + 1 === L) {
            const pathLinks = [...links, a.link];
            found.push({
              nodeIds: [...nodes, t],
              links: pathLinks,
              stepTimes: [...times, at].map((ms) => new Date(ms).toISOString()),
              grade: pathGrade(pathLinks),
            });
          }
          continue;
        }
        nodes.push(v);
        onPath.add(v);
        links.push(a.link);
        times.push(at);
        await walk(v, depth + 1, at);
        nodes.pop();
        onPath.delete(v);
        links.pop();
        times.pop();
      }
    };
    await walk(s, 0, null);
    found.sort(
      (a, b) =>
        compareGrades(a.grade, b.grade) ||
        compareIds(a.nodeIds, b.nodeIds) ||
        compareIds(
          a.links.map((l) => l.id),
          b.links.map((l) => l.id),
        ),
    );
    results.push(...found);
  }

  const truncated = q.mode === 'ALL' && results.length > q.k;
  const paths = results.slice(0, q.k);
  const ids = [...new Set(paths.flatMap((p) => p.nodeIds))];
  const nodes = ids.length ? await store.getEntities(ids, scope) : [];
  return { paths, nodes, truncated, visited: ex.visited };
}
