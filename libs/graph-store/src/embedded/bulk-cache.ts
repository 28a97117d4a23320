import type { EntityKind } from '@homeward/graph-schema';

/**
 * What a bulk load already knows about the entities it wrote or attached: their rid, kind and
 * cases, so the links that follow need no lookups for them. Entries added by a bulkLoad call
 * that fails are taken back (its savepoint undid the rows).
 */
export class BulkCache {
  readonly ends = new Map<string, { rid: number; kind: EntityKind; cases: Set<number> }>();
  private journal: Array<() => void> | null = null;

  begin(): void {
    this.journal = [];
  }
  commit(): void {
    this.journal = null;
  }
  rollback(): void {
    for (const undo of (this.journal ?? []).reverse()) undo();
    this.journal = null;
  }
  remember(id: string, rid: number, kind: EntityKind, caseRid: number): void {
    const hit = this.ends.get(id);
    if (hit) {
      if (!hit.cases.has(caseRid)) {
        hit.cases.add(caseRid);
        this.journal?.push(() => hit.cases.delete(caseRid));
      }
      return;
    }
    this.ends.set(id, { rid, kind, cases: new Set([caseRid]) });
    this.journal?.push(() => this.ends.delete(id));
  }
}
