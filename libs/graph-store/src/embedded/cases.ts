import { CASE_ROLES, DomainError, ErrorCode, badInput, notFound, type CaseRecord, type Role } from '@homeward/domain';
import type { CaseMemberRecord, CaseStore, NewCase } from '../port';
import type { Db } from './database';
import { toUser, type UserRow } from './accounts';

interface CaseRow {
  rid: number;
  id: string;
  reference: string;
  title: string;
  category: string;
  status: string;
  risk_level: string;
  country: string;
  reported_at: string;
  last_seen_at: string | null;
  lead_agency_id: string;
  created_by: string;
  created_at: string;
}

const toCase = (r: CaseRow): CaseRecord => ({
  id: r.id,
  reference: r.reference,
  title: r.title,
  category: r.category,
  status: r.status,
  riskLevel: r.risk_level,
  country: r.country,
  reportedAt: r.reported_at,
  lastSeenAt: r.last_seen_at,
  leadAgencyId: r.lead_agency_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export class EmbeddedCaseStore implements CaseStore {
  private readonly q;
  constructor(private readonly db: Db) {
    this.q = {
      insert: db.prepare(
        `INSERT INTO case_file (id, reference, title, category, status, risk_level, country, reported_at, last_seen_at, lead_agency_id, created_by, created_at)
         VALUES (@id, @reference, @title, @category, @status, @riskLevel, @country, @reportedAt, @lastSeenAt, @leadAgencyId, @createdBy, @createdAt)`,
      ),
      byId: db.prepare<[string], CaseRow>('SELECT * FROM case_file WHERE id = ?'),
      ofUser: db.prepare<[string], CaseRow>(
        `SELECT c.* FROM case_member m JOIN case_file c ON c.rid = m.case_rid WHERE m.user_id = ? ORDER BY c.reported_at DESC`,
      ),
      idsOfUser: db.prepare<[string], { id: string }>(
        'SELECT c.id FROM case_member m JOIN case_file c ON c.rid = m.case_rid WHERE m.user_id = ?',
      ),
      isMember: db.prepare<[string, string], { one: number }>(
        'SELECT 1 AS one FROM case_member m JOIN case_file c ON c.rid = m.case_rid WHERE c.id = ? AND m.user_id = ?',
      ),
      members: db.prepare<[string], UserRow & { case_role: Role | null }>(
        `SELECT u.*, m.case_role FROM case_member m JOIN case_file c ON c.rid = m.case_rid JOIN user_account u ON u.id = m.user_id
         WHERE c.id = ? ORDER BY u.display_name`,
      ),
      addMember: db.prepare(
        'INSERT OR IGNORE INTO case_member (case_rid, user_id, added_by, added_at, case_role) SELECT rid, ?, ?, ?, ? FROM case_file WHERE id = ?',
      ),
      memberships: db.prepare<[string], { id: string; case_role: Role | null }>(
        'SELECT c.id, m.case_role FROM case_member m JOIN case_file c ON c.rid = m.case_rid WHERE m.user_id = ?',
      ),
      caseRoleOf: db.prepare<[string, string], { case_role: Role | null }>(
        'SELECT m.case_role FROM case_member m JOIN case_file c ON c.rid = m.case_rid WHERE c.id = ? AND m.user_id = ?',
      ),
      removeMember: db.prepare('DELETE FROM case_member WHERE user_id = ? AND case_rid = (SELECT rid FROM case_file WHERE id = ?)'),
      userExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM user_account WHERE id = ?'),
      countRefs: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM case_file WHERE reference LIKE ?'),
    };
  }

  async createCase(c: NewCase): Promise<CaseRecord> {
    const createdAt = new Date().toISOString();
    const tx = this.db.transaction(() => {
      this.q.insert.run({ ...c, createdAt });
      // The creator is a member of what they create.
      this.q.addMember.run(c.createdBy, c.createdBy, createdAt, null, c.id);
    });
    try {
      tx();
    } catch (err) {
      if (err instanceof Error && /UNIQUE/.test(err.message))
        throw new DomainError(ErrorCode.Conflict, `case ${c.reference} already exists`, 'input.reference');
      throw err;
    }
    return toCase(this.q.byId.get(c.id)!);
  }

  async getCase(id: string): Promise<CaseRecord | null> {
    const r = this.q.byId.get(id);
    return r ? toCase(r) : null;
  }

  async casesOfUser(userId: string): Promise<CaseRecord[]> {
    return this.q.ofUser.all(userId).map(toCase);
  }

  async caseIdsOfUser(userId: string): Promise<string[]> {
    return this.q.idsOfUser.all(userId).map((r) => r.id);
  }

  async isMember(caseId: string, userId: string): Promise<boolean> {
    return this.q.isMember.get(caseId, userId) !== undefined;
  }

  async members(caseId: string): Promise<CaseMemberRecord[]> {
    return this.q.members.all(caseId).map((r) => ({ ...toUser(r), caseRole: r.case_role ?? null }));
  }

  async memberships(userId: string): Promise<Array<{ caseId: string; caseRole: Role | null }>> {
    return this.q.memberships.all(userId).map((r) => ({ caseId: r.id, caseRole: r.case_role ?? null }));
  }

  async caseRoleOf(caseId: string, userId: string): Promise<Role | null | undefined> {
    const r = this.q.caseRoleOf.get(caseId, userId);
    return r ? (r.case_role ?? null) : undefined;
  }

  async addMember(caseId: string, userId: string, addedBy: string, caseRole: Role | null = null): Promise<void> {
    if (caseRole !== null && !(CASE_ROLES as readonly string[]).includes(caseRole))
      throw badInput('caseRole', `must be one of ${CASE_ROLES.join(', ')}`);
    if (!this.q.byId.get(caseId)) throw notFound('case', caseId);
    if (!this.q.userExists.get(userId)) throw new DomainError(ErrorCode.BadUserInput, `userId: user ${userId} not found`, 'userId');
    this.q.addMember.run(userId, addedBy, new Date().toISOString(), caseRole, caseId);
  }

  async removeMember(caseId: string, userId: string): Promise<boolean> {
    return this.q.removeMember.run(userId, caseId).changes > 0;
  }

  async updateCase(
    id: string,
    patch: Partial<Pick<CaseRecord, 'title' | 'status' | 'riskLevel' | 'lastSeenAt' | 'category'>>,
  ): Promise<CaseRecord> {
    const cols: Record<string, string> = {
      title: 'title',
      status: 'status',
      riskLevel: 'risk_level',
      lastSeenAt: 'last_seen_at',
      category: 'category',
    };
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [k, col] of Object.entries(cols)) {
      const v = (patch as Record<string, unknown>)[k];
      if (v !== undefined) {
        sets.push(`${col} = ?`);
        values.push(v);
      }
    }
    if (sets.length) {
      const info = this.db.prepare(`UPDATE case_file SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
      if (info.changes === 0) throw notFound('case', id);
    }
    const r = this.q.byId.get(id);
    if (!r) throw notFound('case', id);
    return toCase(r);
  }

  async nextReference(country: string, year: number): Promise<string> {
    const prefix = `${country}-${year}-`;
    const n = this.q.countRefs.get(`${prefix}%`)!.n + 1;
    return `${prefix}${String(n).padStart(4, '0')}`;
  }
}
