import type { Db } from '../embedded/database';
import type { GraphJournal, JournalEntry, JournalKind, JournalRead, NewJournalEntry } from './port';

interface EntryRow {
  seq: number;
  case_id: string;
  at: string;
  actor_id: string | null;
  kind: JournalKind;
  nodes: string;
  edges: string;
  created: string;
}

const DDL = `CREATE TABLE IF NOT EXISTS graph_journal (
  case_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('UPSERTED', 'REMOVED')),
  nodes TEXT NOT NULL,
  edges TEXT NOT NULL,
  created TEXT NOT NULL,
  PRIMARY KEY (case_id, seq)
) WITHOUT ROWID`;

const toEntry = (r: EntryRow): JournalEntry => ({
  seq: r.seq,
  caseId: r.case_id,
  at: r.at,
  actorId: r.actor_id,
  kind: r.kind,
  nodes: JSON.parse(r.nodes) as JournalEntry['nodes'],
  edges: JSON.parse(r.edges) as JournalEntry['edges'],
  created: JSON.parse(r.created) as string[],
});

/** The graph journal in the embedded SQLite file: one row per change, keyed by case and seq. */
export class EmbeddedGraphJournal implements GraphJournal {
  private readonly q;

  constructor(db: Db) {
    db.exec(DDL);
    this.q = {
      // One statement: SQLite runs it in one write transaction, so the next seq cannot be taken twice.
      append: db.prepare<[Record<string, unknown>], { seq: number }>(
        `INSERT INTO graph_journal (case_id, seq, at, actor_id, kind, nodes, edges, created)
         VALUES (@caseId, (SELECT coalesce(max(seq), 0) + 1 FROM graph_journal WHERE case_id = @caseId), @at, @actorId, @kind,
           @nodes, @edges, @created)
         RETURNING seq`,
      ),
      read: db.prepare<[Record<string, unknown>], EntryRow>(
        `SELECT * FROM graph_journal WHERE case_id = @caseId AND seq > @afterSeq AND (@until IS NULL OR at <= @until) ORDER BY seq`,
      ),
    };
  }

  async append(caseId: string, entry: NewJournalEntry): Promise<number> {
    return this.q.append.get({
      caseId,
      at: entry.at,
      actorId: entry.actorId,
      kind: entry.kind,
      nodes: JSON.stringify(entry.nodes),
      edges: JSON.stringify(entry.edges),
      created: JSON.stringify(entry.created),
    })!.seq;
  }

  async read(caseId: string, opts: JournalRead = {}): Promise<JournalEntry[]> {
    return this.q.read.all({ caseId, afterSeq: opts.afterSeq ?? 0, until: opts.until ?? null }).map(toEntry);
  }
}
