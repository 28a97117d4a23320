import * as Y from 'yjs';
import type { GEdge, GNode } from '../../../lib/graph.generated';

/** One graph change as caseReplay sends it (the graphChanged payload, with when and by whom). */
export interface ReplayChangeIn {
  readonly seq: number;
  readonly at: string;
  readonly actorId: string | null;
  readonly actorName: string | null;
  readonly kind: 'UPSERTED' | 'REMOVED';
  readonly nodes: readonly GNode[];
  readonly edges: readonly GEdge[];
}

/** One Yjs update of the notes or timeline document, base64. */
export interface ReplayDocUpdateIn {
  readonly seq: number;
  readonly at: string;
  readonly userId: string;
  readonly userName: string | null;
  readonly update: string;
}

export interface ReplayIn {
  readonly caseId: string;
  readonly openedAt: string;
  readonly changes: readonly ReplayChangeIn[];
  readonly notes: readonly ReplayDocUpdateIn[];
  readonly timeline: readonly ReplayDocUpdateIn[];
}

/** Who brought an entity or link into the case, and who last changed it, as of the moment shown. */
export interface Provenance {
  readonly addedAt: string;
  readonly addedBy: string | null;
  readonly changedAt?: string;
  readonly changedBy?: string | null;
}

export interface GraphMoment {
  readonly nodes: ReadonlyMap<string, GNode>;
  readonly edges: ReadonlyMap<string, GEdge>;
  readonly provenance: ReadonlyMap<string, Provenance>;
}

const byTimeThenSeq = <T extends { at: string; seq: number }>(a: T, b: T) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq;

/** How many of the (sorted) times are at or before t. */
export function countAtOrBefore(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface GraphState {
  nodes: Map<string, GNode>;
  edges: Map<string, GEdge>;
  provenance: Map<string, Provenance>;
}

function copyState(s: GraphState): GraphState {
  return { nodes: new Map(s.nodes), edges: new Map(s.edges), provenance: new Map(s.provenance) };
}

function applyChange(s: GraphState, c: ReplayChangeIn): void {
  if (c.kind === 'REMOVED') {
    const gone = new Set<string>();
    for (const n of c.nodes) if (s.nodes.delete(n.id)) gone.add(n.id);
    for (const e of c.edges) s.edges.delete(e.id);
    // An entity removed takes its links with it.
    if (gone.size > 0) for (const [id, e] of s.edges) if (gone.has(e.source) || gone.has(e.target)) s.edges.delete(id);
    return;
  }
  const mark = (id: string, existed: boolean) => {
    const p = s.provenance.get(id);
    if (existed && p) s.provenance.set(id, { ...p, changedAt: c.at, changedBy: c.actorName });
    else s.provenance.set(id, { addedAt: c.at, addedBy: c.actorName });
  };
  for (const n of c.nodes) {
    const prev = s.nodes.get(n.id);
    mark(n.id, prev !== undefined);
    s.nodes.set(n.id, prev ? { ...prev, ...n } : n);
  }
  for (const e of c.edges) {
    mark(e.id, s.edges.has(e.id));
    s.edges.set(e.id, e);
  }
}

/**
 * The case graph at any moment, folded from its changes: forward from the last moment asked, or, going back,
 * from the nearest checkpoint before it (one every CHECKPOINT changes, made on the way forward).
 */
export class GraphFold {
  static readonly CHECKPOINT = 100;
  readonly changes: readonly ReplayChangeIn[];
  readonly times: readonly number[];
  private state: GraphState = { nodes: new Map(), edges: new Map(), provenance: new Map() };
  private applied = 0;
  private readonly checkpoints = new Map<number, GraphState>();
  private last: { count: number; moment: GraphMoment } | null = null;

  constructor(changes: readonly ReplayChangeIn[]) {
    this.changes = [...changes].sort(byTimeThenSeq);
    this.times = this.changes.map((c) => Date.parse(c.at));
    this.checkpoints.set(0, copyState(this.state));
  }

  /** Every entity and link of the history, each as it was last known (removed ones included). */
  everything(): { nodes: ReadonlyMap<string, GNode>; edges: ReadonlyMap<string, GEdge> } {
    const nodes = new Map<string, GNode>();
    const edges = new Map<string, GEdge>();
    for (const c of this.changes) {
      for (const n of c.nodes) nodes.set(n.id, { ...nodes.get(n.id), ...n });
      for (const e of c.edges) edges.set(e.id, e);
    }
    return { nodes, edges };
  }

  /** The graph as it was at t (ms): every change at or before it applied. */
  at(t: number): GraphMoment {
    const count = countAtOrBefore(this.times, t);
    if (this.last?.count === count) return this.last.moment;
    if (count < this.applied) {
      const k = Math.floor(count / GraphFold.CHECKPOINT) * GraphFold.CHECKPOINT;
      this.state = copyState(this.checkpoints.get(k) ?? this.checkpoints.get(0)!);
      this.applied = this.checkpoints.has(k) ? k : 0;
    }
    while (this.applied < count) {
      applyChange(this.state, this.changes[this.applied]!);
      this.applied++;
      if (this.applied % GraphFold.CHECKPOINT === 0 && !this.checkpoints.has(this.applied)) {
        this.checkpoints.set(this.applied, copyState(this.state));
      }
    }
    // A new identity for each moment, so that views recompute; the fold keeps its own maps.
    const moment = { nodes: new Map(this.state.nodes), edges: new Map(this.state.edges), provenance: new Map(this.state.provenance) };
    this.last = { count, moment };
    return moment;
  }
}

export function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * A co-edited document (notes or timeline) at any moment, rebuilt from its updates. Forward moves apply the
 * updates in between to the same Y.Doc, in one transaction (its views redraw once); a move back builds a new
 * Y.Doc from the nearest checkpoint (the document's state every CHECKPOINT updates, kept on the way forward).
 */
export class DocFold {
  static readonly CHECKPOINT = 200;
  readonly updates: readonly ReplayDocUpdateIn[];
  readonly times: readonly number[];
  private readonly decoded: (Uint8Array | undefined)[];
  private readonly checkpoints = new Map<number, Uint8Array>();
  private doc = new Y.Doc();
  private applied = 0;

  constructor(updates: readonly ReplayDocUpdateIn[]) {
    this.updates = [...updates].sort(byTimeThenSeq);
    this.times = this.updates.map((u) => Date.parse(u.at));
    this.decoded = new Array<Uint8Array | undefined>(this.updates.length);
  }

  private bytes(i: number): Uint8Array {
    return (this.decoded[i] ??= decodeBase64(this.updates[i]!.update));
  }

  /** The document at t; the same Y.Doc as the last call when the move was forward (or none), a new one otherwise. */
  at(t: number): Y.Doc {
    const count = countAtOrBefore(this.times, t);
    if (count < this.applied) {
      let k = Math.floor(count / DocFold.CHECKPOINT) * DocFold.CHECKPOINT;
      while (k > 0 && !this.checkpoints.has(k)) k -= DocFold.CHECKPOINT;
      this.doc = new Y.Doc();
      const base = this.checkpoints.get(k);
      if (base) Y.applyUpdate(this.doc, base);
      this.applied = k;
    }
    if (this.applied < count) {
      const doc = this.doc;
      doc.transact(() => {
        while (this.applied < count) {
          Y.applyUpdate(doc, this.bytes(this.applied));
          this.applied++;
          if (this.applied % DocFold.CHECKPOINT === 0 && !this.checkpoints.has(this.applied)) {
            this.checkpoints.set(this.applied, Y.encodeStateAsUpdate(doc));
          }
        }
      });
    }
    return this.doc;
  }

  /** How many updates are in the document at t. */
  countAt(t: number): number {
    return countAtOrBefore(this.times, t);
  }
}

export type Verb = 'added' | 'changed' | 'removed' | 'notes' | 'timeline';

/** One line of the change list: "<time> <who> added <what>". */
export interface ReplayEvent {
  readonly at: string;
  readonly ms: number;
  readonly actor: string | null;
  readonly verb: Verb;
  /** What it is about: entity labels, or "A → B" for links; empty for document edits. */
  readonly what: readonly string[];
  /** The entity or link ids it is about. */
  readonly ids: readonly string[];
}

/** Every moment of the case, oldest first: graph changes said as added/changed/removed, document edits. */
export function eventsOf(graph: GraphFold, notes: DocFold, timeline: DocFold): ReplayEvent[] {
  const out: ReplayEvent[] = [];
  const present = new Set<string>();
  const labels = new Map<string, string>();
  const linkText = (e: GEdge) => `${labels.get(e.source) ?? e.source} → ${labels.get(e.target) ?? e.target}`;
  for (const c of graph.changes) {
    for (const n of c.nodes) if (n.label) labels.set(n.id, n.label);
    const ids = [...c.nodes.map((n) => n.id), ...c.edges.map((e) => e.id)];
    const what = [...c.nodes.map((n) => labels.get(n.id) ?? n.id), ...c.edges.map(linkText)];
    let verb: Verb;
    if (c.kind === 'REMOVED') {
      verb = 'removed';
      for (const id of ids) present.delete(id);
    } else {
      verb = ids.some((id) => !present.has(id)) ? 'added' : 'changed';
      for (const id of ids) present.add(id);
    }
    out.push({ at: c.at, ms: Date.parse(c.at), actor: c.actorName, verb, what, ids });
  }
  const docs: [DocFold, Verb][] = [
    [notes, 'notes'],
    [timeline, 'timeline'],
  ];
  for (const [fold, verb] of docs) {
    // Typing comes as many small updates: one line per person per minute of editing.
    let last: { userId: string; ms: number } | null = null;
    for (const u of fold.updates) {
      const ms = Date.parse(u.at);
      if (last && last.userId === u.userId && ms - last.ms < 60_000) {
        const prev = out[out.length - 1]!;
        out[out.length - 1] = { ...prev, at: u.at, ms };
        last = { userId: u.userId, ms };
        continue;
      }
      out.push({ at: u.at, ms, actor: u.userName, verb, what: [], ids: [] });
      last = { userId: u.userId, ms };
    }
  }
  return out.sort((a, b) => a.ms - b.ms);
}

/** The distinct moments something changed (ms), oldest first: where the slider's steps stop. */
export function stopsOf(graph: GraphFold, notes: DocFold, timeline: DocFold): number[] {
  return [...new Set([...graph.times, ...notes.times, ...timeline.times])].filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
}

/** The stop before (dir -1) or after (+1) t, or null at either end. */
export function stepFrom(stops: readonly number[], t: number, dir: 1 | -1): number | null {
  if (dir > 0) {
    const i = countAtOrBefore(stops, t);
    return i < stops.length ? stops[i]! : null;
  }
  const i = countAtOrBefore(stops, t - 1) - 1;
  return i >= 0 ? stops[i]! : null;
}
