import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LINK_TYPES, type EntityKind } from '@homeward/graph-schema';
import { ID_PATTERN, validateEntityProps } from '@homeward/domain';
import { generateGraph, hubCount, type GenerateOptions, type GraphBatch } from './generator';

const OPTS: GenerateOptions = { entities: 20_000, cases: 40, linksPerEntity: 3, seed: 7, batchSize: 2_000 };

function digest(opts: GenerateOptions): string {
  const h = createHash('sha256');
  for (const b of generateGraph(opts)) h.update(JSON.stringify(b));
  return h.digest('hex');
}

interface Census {
  batches: GraphBatch[];
  kinds: Map<string, EntityKind>;
  cases: Map<string, Set<string>>;
  degree: Map<string, number>;
  links: number;
  problems: string[];
}

/** Walks the batches in order, checking each row against what came before it (as a loader would). */
function census(opts: GenerateOptions): Census {
  const c: Census = { batches: [], kinds: new Map(), cases: new Map(), degree: new Map(), links: 0, problems: [] };
  const refs = new Set<string>();
  const problem = (p: string) => c.problems.length < 20 && c.problems.push(p);
  for (const b of generateGraph(opts)) {
    c.batches.push(b);
    for (const k of b.cases) refs.add(k.reference);
    for (const e of b.entities) {
      if (!ID_PATTERN.test(e.id)) problem(`entity id ${e.id}`);
      if (c.kinds.has(e.id)) problem(`entity ${e.id} defined twice`);
      if (!refs.has(e.caseReference)) problem(`entity ${e.id} in unknown case ${e.caseReference}`);
      try {
        validateEntityProps(e.kind, e.props);
      } catch (err) {
        problem(`entity ${e.id}: ${(err as Error).message}`);
      }
      c.kinds.set(e.id, e.kind);
      c.cases.set(e.id, new Set([e.caseReference]));
    }
    for (const a of b.attach) {
      const set = c.cases.get(a.entityId);
      if (!set) problem(`attach of unknown ${a.entityId}`);
      else if (set.has(a.caseReference)) problem(`attach of ${a.entityId} twice to ${a.caseReference}`);
      else set.add(a.caseReference);
    }
    for (const l of b.links) {
      c.links++;
      if (!ID_PATTERN.test(l.id)) problem(`link id ${l.id}`);
      const from = c.kinds.get(l.fromId);
      const to = c.kinds.get(l.toId);
      const def = LINK_TYPES[l.type];
      if (!from || !to) problem(`link ${l.id} before its ends`);
      else if (!(def.from as readonly string[]).includes(from) || !(def.to as readonly string[]).includes(to))
        problem(`link ${l.id} ${l.type} ${from}->${to}`);
      if (l.fromId === l.toId) problem(`self link ${l.id}`);
      if (!c.cases.get(l.fromId)?.has(l.caseReference) || !c.cases.get(l.toId)?.has(l.caseReference))
        problem(`link ${l.id} joins entities outside its case`);
      c.degree.set(l.fromId, (c.degree.get(l.fromId) ?? 0) + 1);
      c.degree.set(l.toId, (c.degree.get(l.toId) ?? 0) + 1);
    }
  }
  return c;
}

describe('generateGraph', () => {
  const c = census(OPTS);

  it('is deterministic for a seed and differs between seeds', () => {
    const small = { ...OPTS, entities: 3_000, cases: 10 };
    expect(digest(small)).toBe(digest(small));
    expect(digest({ ...small, seed: 8 })).not.toBe(digest(small));
  });

  it('makes only valid rows: ids, properties, link kinds by the model, both ends in the link’s case', () => {
    expect(c.problems).toEqual([]);
  });

  it('meets the requested sizes', () => {
    expect(c.kinds.size).toBe(OPTS.entities);
    expect(c.batches[0].cases).toHaveLength(OPTS.cases);
    expect(c.links / OPTS.entities).toBeGreaterThan(2.7);
    expect(c.links / OPTS.entities).toBeLessThan(3.3);
    // Batches stay near the requested size (a case is never split) so memory stays bounded.
    for (const b of c.batches) expect(b.entities.length + b.attach.length + b.links.length).toBeLessThan(OPTS.batchSize! + 6_000);
    expect(c.batches.length).toBeGreaterThan(10);
  });

  it('has every kind, a missing child per case and locations in Central America and Mexico', () => {
    const kinds = new Set(c.kinds.values());
    expect([...kinds].sort()).toEqual(['LOCATION', 'ONLINE_ACCOUNT', 'PERSON', 'PHONE', 'SIGHTING', 'VEHICLE']);
    const children = new Set<string>();
    for (const b of c.batches) {
      for (const e of b.entities) {
        if (e.role === 'MISSING_CHILD') children.add(e.caseReference);
        if (e.kind === 'LOCATION') {
          expect(e.props.latitude as number).toBeGreaterThan(7);
          expect(e.props.latitude as number).toBeLessThan(33);
          expect(e.props.longitude as number).toBeGreaterThan(-118);
          expect(e.props.longitude as number).toBeLessThan(-77);
        }
      }
    }
    expect(children.size).toBe(OPTS.cases);
  });

  it('has hubs and cross-case overlaps', () => {
    const degrees = [...c.degree.values()].sort((a, b) => b - a);
    const mean = (2 * c.links) / c.kinds.size;
    // A few entities with many times the average number of links.
    expect(degrees[0]).toBeGreaterThan(mean * 20);
    expect(degrees.filter((d) => d > mean * 10).length).toBeGreaterThanOrEqual(hubCount(OPTS.entities));
    // Also a band of moderately connected entities (the benchmark starts from ones of about 30 links).
    expect(degrees.filter((d) => d >= 25 && d <= 35).length).toBeGreaterThan(10);
    const shared = [...c.cases.values()].filter((s) => s.size > 1).length;
    expect(shared).toBeGreaterThan(OPTS.cases);
    expect(Math.max(...[...c.cases.values()].map((s) => s.size))).toBeGreaterThanOrEqual(3);
  });
});
