/** What one journal entry did to the case's graph: put the nodes and edges as given, or take them out. */
export type JournalKind = 'UPSERTED' | 'REMOVED';

/** A node or an edge as the change carried it (the API's GraphNode / GraphEdge, kept as JSON). */
export type JournalItem = Readonly<Record<string, unknown>> & { readonly id: string };

/** One change to a case's graph, as it was made: who, when, and the nodes and edges it carried in full. */
export interface JournalEntry {
  /** 1, 2, 3... per case, in the order the store took them. */
  readonly seq: number;
  readonly caseId: string;
  /** ISO 8601 (UTC, milliseconds), the server's clock when the change was recorded. */
  readonly at: string;
  /** The user who made the change; null for the system (an import, the demo seed). */
  readonly actorId: string | null;
  readonly kind: JournalKind;
  readonly nodes: readonly JournalItem[];
  readonly edges: readonly JournalItem[];
  /**
   * Ids of the nodes and edges this change brought into the case (a new entity or link, an entity
   * attached from another case, a survivor joining the case through a merge). An UPSERTED item not
   * listed here was already in the case: an edit, a regrade, a link re-pointed by a merge.
   */
  readonly created: readonly string[];
}

export type NewJournalEntry = Omit<JournalEntry, 'seq' | 'caseId'>;

export interface JournalRead {
  /** Only entries recorded at or before this time (ISO 8601, UTC). */
  readonly until?: string;
  /** Only entries with a seq above this one (a reader that has the earlier ones already). */
  readonly afterSeq?: number;
}

/**
 * The graph journal: every change to a case's entities and links, append-only, per case. The
 * link graph itself keeps only the present (a removal deletes, an edit overwrites); the journal
 * keeps what case replay needs to show the case as it was at any moment since.
 */
export interface GraphJournal {
  /** Appends one entry to the case's journal, atomically (also across processes); returns its seq. */
  append(caseId: string, entry: NewJournalEntry): Promise<number>;
  /** The case's entries, oldest first (by seq). */
  read(caseId: string, opts?: JournalRead): Promise<JournalEntry[]>;
}
