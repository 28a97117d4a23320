import { DriverRunner, type Row, type TxRunner } from '@homeward/neo4j-kit';
import type { Driver } from 'neo4j-driver';
import { CYPHER, type JournalCypherName } from './cypher';
import type { GraphJournal, JournalEntry, JournalKind, JournalRead, NewJournalEntry } from './port';

const toEntry = (caseId: string, r: Row): JournalEntry => ({
  seq: Number(r.seq),
  caseId,
  at: String(r.at),
  actorId: typeof r.actorId === 'string' ? r.actorId : null,
  kind: r.kind as JournalKind,
  nodes: JSON.parse(String(r.nodes)) as JournalEntry['nodes'],
  edges: JSON.parse(String(r.edges)) as JournalEntry['edges'],
  created: Array.isArray(r.created) ? r.created.map(String) : [],
});

/** The graph journal as GraphJournalEntry nodes of the shared Neo4j (every replica appends to and reads the same one). */
export class Neo4jGraphJournal implements GraphJournal {
  private readonly db: TxRunner<JournalCypherName>;

  constructor(driver: Driver, database?: string) {
    this.db = new DriverRunner(driver, CYPHER, { database });
  }

  async append(caseId: string, entry: NewJournalEntry): Promise<number> {
    const [r] = await this.db.write((tx) =>
      tx.run('appendEntry', {
        caseId,
        at: entry.at,
        actorId: entry.actorId,
        kind: entry.kind,
        nodes: JSON.stringify(entry.nodes),
        edges: JSON.stringify(entry.edges),
        created: [...entry.created],
      }),
    );
    return Number(r.seq);
  }

  async read(caseId: string, opts: JournalRead = {}): Promise<JournalEntry[]> {
    const rows = await this.db.read((tx) => tx.run('readEntries', { caseId, afterSeq: opts.afterSeq ?? 0, until: opts.until ?? null }));
    return rows.map((r) => toEntry(caseId, r));
  }
}
