import { CASE_CATEGORIES, CASE_STATUSES, RISK_LEVELS } from '@homeward/graph-schema';
import { DomainError, ErrorCode, badInput, notFound, type CaseRecord, type UserRecord } from '@homeward/domain';
import type { CaseStore, NewCase } from '../port';
import { num, obj, str, toCaseRecord, toUserRecord } from './mapping';
import type { TxRunner } from './tx';

type CasePatch = Partial<Pick<CaseRecord, 'title' | 'status' | 'riskLevel' | 'lastSeenAt' | 'category'>>;

/** Enumerations SQLite enforces with CHECK constraints; Neo4j has none, so they are checked here. */
const ENUMS: Record<string, readonly string[]> = { category: CASE_CATEGORIES, status: CASE_STATUSES, riskLevel: RISK_LEVELS };
const PATCHABLE = ['title', 'status', 'riskLevel', 'lastSeenAt', 'category'] as const;

function checkEnums(values: Record<string, unknown>, prefix: string): void {
  for (const [key, allowed] of Object.entries(ENUMS)) {
    const v = values[key];
    if (v !== undefined && (typeof v !== 'string' || !allowed.includes(v)))
      throw badInput(`${prefix}.${key}`, `must be one of ${allowed.join(', ')}`);
  }
}

/** The `SET c += $patch` map: only the patchable fields given; null clears (lastSeenAt). */
export function casePatch(patch: CasePatch): Record<string, unknown> {
  checkEnums(patch, 'input');
  const out: Record<string, unknown> = {};
  for (const k of PATCHABLE) if (patch[k] !== undefined) out[k] = patch[k];
  return out;
}

export class Neo4jCaseStore implements CaseStore {
  constructor(private readonly db: TxRunner) {}

  async createCase(c: NewCase): Promise<CaseRecord> {
    checkEnums({ ...c }, 'input');
    const createdAt = new Date().toISOString();
    return this.db.write(async (tx) => {
      const clash = await tx.run('caseConflicts', { id: c.id, reference: c.reference });
      if (clash.length) throw new DomainError(ErrorCode.Conflict, `case ${c.reference} already exists`, 'input.reference');
      const [row] = await tx.run('createCase', { ...c, lastSeenAt: c.lastSeenAt ?? null, createdAt });
      // The creator is a member of what they create.
      await tx.run('addMember', { caseId: c.id, userId: c.createdBy, addedBy: c.createdBy, addedAt: createdAt });
      return toCaseRecord(obj(row, 'record'));
    });
  }

  async getCase(id: string): Promise<CaseRecord | null> {
    const [row] = await this.db.read((tx) => tx.run('getCase', { id }));
    return row ? toCaseRecord(obj(row, 'record')) : null;
  }

  async casesOfUser(userId: string): Promise<CaseRecord[]> {
    const rows = await this.db.read((tx) => tx.run('casesOfUser', { userId }));
    return rows.map((r) => toCaseRecord(obj(r, 'record')));
  }

  async caseIdsOfUser(userId: string): Promise<string[]> {
    const rows = await this.db.read((tx) => tx.run('caseIdsOfUser', { userId }));
    return rows.map((r) => str(r, 'id'));
  }

  async isMember(caseId: string, userId: string): Promise<boolean> {
    const [row] = await this.db.read((tx) => tx.run('isMember', { caseId, userId }));
    return row !== undefined && num(row, 'n') > 0;
  }

  async members(caseId: string): Promise<UserRecord[]> {
    const rows = await this.db.read((tx) => tx.run('members', { caseId }));
    return rows.map(toUserRecord);
  }

  async addMember(caseId: string, userId: string, addedBy: string): Promise<void> {
    await this.db.write(async (tx) => {
      if ((await tx.run('caseExists', { caseId })).length === 0) throw notFound('case', caseId);
      if ((await tx.run('userExists', { userId })).length === 0)
        throw new DomainError(ErrorCode.BadUserInput, `userId: user ${userId} not found`, 'userId');
      await tx.run('addMember', { caseId, userId, addedBy, addedAt: new Date().toISOString() });
    });
  }

  async removeMember(caseId: string, userId: string): Promise<boolean> {
    const [row] = await this.db.write((tx) => tx.run('removeMember', { caseId, userId }));
    return row !== undefined && num(row, 'removed') > 0;
  }

  async updateCase(id: string, patch: CasePatch): Promise<CaseRecord> {
    const set = casePatch(patch);
    const [row] = await this.db.write((tx) => tx.run('updateCase', { id, patch: set, now: new Date().toISOString() }));
    if (!row) throw notFound('case', id);
    return toCaseRecord(obj(row, 'record'));
  }

  async nextReference(country: string, year: number): Promise<string> {
    const prefix = `${country}-${year}-`;
    const [row] = await this.db.read((tx) => tx.run('countReferences', { prefix }));
    return `${prefix}${String(num(row, 'n') + 1).padStart(4, '0')}`;
  }
}
