import { parseParameters } from '@neo4j-cypher/language-support';
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { auditTrailContract, entry } from './__tests__/contract';
import { CYPHER, type CypherName } from './cypher';
import { AuditHeadMissingError } from './errors';
import { createNeo4jAuditTrail, openNeo4jAuditTrail, type AuditTx, type AuditTxRunner, type Row } from './neo4j';
import type { AuditTrail } from './port';

const plain = (v: unknown): unknown => (neo4j.isInt(v) ? v.toNumber() : v);

// The Cypher parser is slow to run per call; each statement's parameters are parsed once.
const parameterCache = new Map<CypherName, string>();
const parametersOf = (name: CypherName): string => {
  let p = parameterCache.get(name);
  if (p === undefined) {
    p = parseParameters(CYPHER[name], false).sort().join(', ');
    parameterCache.set(name, p);
  }
  return p;
};

/**
 * A Neo4j stand-in holding nodes as plain rows. It answers each named
 * statement the way the statement reads, refuses any run whose parameters
 * differ from those the statement uses (so a renamed parameter fails here,
 * not on a live server), and runs write work one at a time with a rollback on
 * throw, as the head lock and a managed transaction would.
 */
class FakeGraph implements AuditTxRunner {
  records: Row[] = [];
  head: Row | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  read<T>(work: (tx: AuditTx) => Promise<T>): Promise<T> {
    return work(this.tx());
  }

  write<T>(work: (tx: AuditTx) => Promise<T>): Promise<T> {
    const run = async () => {
      const saved = { records: [...this.records], head: this.head && { ...this.head } };
      try {
        return await work(this.tx());
      } catch (err) {
        this.records = saved.records;
        this.head = saved.head;
        throw err;
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private tx(): AuditTx {
    return {
      run: async (name: CypherName, params: Record<string, unknown> = {}) => {
        const expected = parametersOf(name);
        const given = Object.keys(params).sort().join(', ');
        if (expected !== given) throw new Error(`${name}: statement uses ${expected} but was given ${given}`);
        const p = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, plain(v)]));
        return this.answer(name, p);
      },
    };
  }

  private matches(r: Row, p: Record<string, unknown>): boolean {
    return (
      (r.seq as number) > (p.afterSeq as number) &&
      (p.actorId === null || r.actorId === p.actorId) &&
      (p.action === null || r.action === p.action) &&
      (p.from === null || (r.at as string) >= (p.from as string)) &&
      (p.to === null || (r.at as string) < (p.to as string))
    );
  }

  private sorted(rows: Row[], limit: number): Row[] {
    return [...rows].sort((a, b) => (a.seq as number) - (b.seq as number) || String(a.id).localeCompare(String(b.id))).slice(0, limit);
  }

  private answer(name: CypherName, p: Record<string, unknown>): Row[] {
    switch (name) {
      case 'lockHead':
        this.head ??= { id: 'head', seq: 0, hash: p.genesis, at: '' };
        this.head.lock = p.lock;
        return [{ seq: this.head.seq, hash: this.head.hash, at: this.head.at, records: this.records.length }];
      case 'appendRecords': {
        if (!this.head) return [];
        const { seq, hash, at } = p;
        for (const r of p.records as Array<Record<string, unknown>>)
          this.records.push(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
        Object.assign(this.head, { seq, hash, at });
        return [];
      }
      case 'readHead':
        return this.head ? [{ seq: this.head.seq, hash: this.head.hash, at: this.head.at }] : [];
      case 'hashAt':
        return this.records.filter((r) => r.seq === p.seq).map((r) => ({ hash: r.hash }));
      case 'queryAll':
        return this.sorted(
          this.records.filter((r) => this.matches(r, p)),
          p.limit as number,
        );
      case 'queryByCase':
        return this.sorted(
          this.records.filter((r) => r.caseId === p.caseId && this.matches(r, p)),
          p.limit as number,
        );
      case 'verifyPage':
        return this.sorted(
          this.records.filter((r) => (r.seq as number) > (p.afterSeq as number) && (r.seq as number) <= (p.end as number)),
          p.limit as number,
        );
      case 'countUpTo':
        return [{ n: this.records.filter((r) => (r.seq as number) <= (p.end as number)).length }];
      case 'countAll':
        return [{ n: this.records.length }];
      case 'maxSeq':
        return [{ seq: this.records.length ? Math.max(...this.records.map((r) => r.seq as number)) : null }];
    }
  }
}

const graphs = new Map<AuditTrail, FakeGraph>();

auditTrailContract(
  'neo4j adapter over a scripted graph',
  async () => {
    const g = new FakeGraph();
    const t = createNeo4jAuditTrail(g);
    graphs.set(t, g);
    return t;
  },
  async (t) => {
    await t.close?.();
    graphs.delete(t);
  },
);

describe('neo4j audit trail', () => {
  async function seeded(n: number): Promise<{ g: FakeGraph; trail: AuditTrail }> {
    const g = new FakeGraph();
    const trail = createNeo4jAuditTrail(g);
    for (let i = 1; i <= n; i += 1) await trail.append(entry({ targetId: `ent_${i}` }));
    return { g, trail };
  }

  it('locks the head and writes record and head in one write transaction', async () => {
    const calls: string[] = [];
    const g = new FakeGraph();
    const spy: AuditTxRunner = {
      read: (w) => g.read(w),
      write: (w) => g.write((tx) => w({ run: (name, params) => (calls.push(name), tx.run(name, params)) })),
    };
    await createNeo4jAuditTrail(spy).append(entry());
    expect(calls).toEqual(['lockHead', 'appendRecords']);
  });

  it('writes the appends asked for while a transaction runs together in the next, chained in order', async () => {
    const calls: string[] = [];
    const g = new FakeGraph();
    const spy: AuditTxRunner = {
      read: (w) => g.read(w),
      write: (w) => g.write((tx) => w({ run: (name, params) => (calls.push(name), tx.run(name, params)) })),
    };
    const trail = createNeo4jAuditTrail(spy);
    const records = await Promise.all(Array.from({ length: 12 }, (_, i) => trail.append(entry({ targetId: `ent_${i}` }))));
    // Far fewer transactions than appends, and one linear chain in the order asked.
    expect(calls.filter((c) => c === 'lockHead').length).toBeLessThanOrEqual(2);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(records.map((r) => r.targetId)).toEqual(Array.from({ length: 12 }, (_, i) => `ent_${i}`));
    for (let i = 1; i < records.length; i++) expect(records[i].prevHash).toBe(records[i - 1].hash);
    expect(await trail.verify()).toMatchObject({ intact: true, checked: 12, firstBad: null });
  });

  it('catches an edited property, a deleted record and a deleted last record', async () => {
    const edited = await seeded(6);
    edited.g.records[2].purpose = 'rewritten';
    expect((await edited.trail.verify()).firstBad).toMatchObject({ seq: 3, reason: expect.stringMatching(/edited/) });

    const middle = await seeded(6);
    middle.g.records.splice(3, 1);
    expect((await middle.trail.verify()).firstBad).toMatchObject({ seq: 4, id: null });

    const last = await seeded(6);
    last.g.records.pop();
    expect((await last.trail.verify()).firstBad).toMatchObject({ seq: 6, id: null, reason: expect.stringMatching(/trailing/) });
  });

  it('catches a forged twin of a verified record by the count', async () => {
    const { g, trail } = await seeded(4);
    g.records.push({ ...g.records[1], id: 'zz_twin' });
    expect((await trail.verify()).intact).toBe(false);
  });

  it('refuses to append when the head was deleted over existing records, leaving no new head behind', async () => {
    const { g, trail } = await seeded(3);
    g.head = null;
    await expect(trail.append(entry())).rejects.toBeInstanceOf(AuditHeadMissingError);
    expect(g.head).toBeNull();
    expect((await trail.verify()).firstBad).toMatchObject({ reason: expect.stringMatching(/head is missing/) });
  });
});

const uri = process.env.NEO4J_URI;
if (!uri)
  console.log(
    'Neo4j audit trail live run skipped: NEO4J_URI is not set (npm test starts a Neo4j itself where Java 17+ and Maven are installed)',
  );
describe.skipIf(!uri)('neo4j audit trail on a live server (NEO4J_URI)', () => {
  it('appends and verifies against the server', async () => {
    // Audit records cannot be removed by design, so this appends to the test database's trail and leaves it longer.
    const driver = neo4j.driver(uri ?? '', neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''));
    try {
      const trail = openNeo4jAuditTrail(driver, process.env.NEO4J_DATABASE);
      const before = await trail.count();
      const r = await trail.append(entry({ action: 'test.audit' }));
      expect(r.seq).toBe(before + 1);
      expect((await trail.verify()).intact).toBe(true);
    } finally {
      await driver.close();
    }
  });
});
