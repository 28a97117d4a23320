import { CASE_CATEGORIES, CASE_STATUSES, RISK_LEVELS } from '@homeward/graph-schema';
import { CASE_ROLES, DomainError, ErrorCode, badInput, notFound, type CaseRecord, type Role } from '@homeward/domain';
import type { CaseMemberRecord, CaseStore, NewCase } from '../port';
import { num, obj, str, toCaseRecord, toUserRecord, type Row } from './mapping';
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

/** The case role of a membership row (null: the account's role). */
function caseRoleIn(row: Row): Role | null {
  const v = row['caseRole'];
  return typeof v === 'string' && (CASE_ROLES as readonly string[]).includes(v) ? (v as Role) : null;
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
      await tx.run('addMember', { caseId: c.id, userId: c.createdBy, addedBy: c.createdBy, addedAt: createdAt, caseRole: null });
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

  async members(caseId: string): Promise<CaseMemberRecord[]> {
    const rows = await this.db.read((tx) => tx.run('members', { caseId }));
    return rows.map((r) => ({ ...toUserRecord(r), caseRole: caseRoleIn(r) }));
  }

  async memberships(userId: string): Promise<Array<{ caseId: string; caseRole: Role | null }>> {
    const rows = await this.db.read((tx) => tx.run('memberships', { userId }));
    return rows.map((r) => ({ caseId: str(r, 'id'), caseRole: caseRoleIn(r) }));
  }

  async caseRoleOf(caseId: string, userId: string): Promise<Role | null | undefined> {
    const [row] = await this.db.read((tx) => tx.run('caseRoleOf', { caseId, userId }));
    return row ? caseRoleIn(row) : undefined;
  }

  async addMember(caseId: string, userId: string, addedBy: string, caseRole: Role | null = null): Promise<void> {
    if (caseRole !== null && !(CASE_ROLES as readonly string[]).includes(caseRole))
      throw badInput('caseRole', `must be one of ${CASE_ROLES.join(', ')}`);
    await this.db.write(async (tx) => {
      if ((await tx.run('caseExists', { caseId })).length === 0) throw notFound('case', caseId);
      if ((await tx.run('userExists', { userId })).length === 0)
        throw new DomainError(ErrorCode.BadUserInput, `userId: user ${userId} not found`, 'userId');
      await tx.run('addMember', { caseId, userId, addedBy, addedAt: new Date().toISOString(), caseRole });
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
