import { DomainError, ErrorCode, type Agency, type Role, type UserRecord } from '@homeward/domain';
import type { AccountStore, NewUser, SessionRecord } from '../port';
import type { Db } from './database';

export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  agency_id: string;
  password_hash: string;
  disabled: number;
  failed_logins: number;
  locked_until: number | null;
}

export const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  role: r.role,
  agencyId: r.agency_id,
  disabled: r.disabled === 1,
});

interface SessionRow {
  id: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  revoked: number;
}

export class EmbeddedAccountStore implements AccountStore {
  private readonly q;
  constructor(db: Db) {
    this.q = {
      insertAgency: db.prepare('INSERT INTO agency (id, name, country, kind) VALUES (@id, @name, @country, @kind)'),
      agency: db.prepare<[string], Agency>('SELECT * FROM agency WHERE id = ?'),
      agencies: db.prepare<[], Agency>('SELECT * FROM agency ORDER BY country, name'),
      insertUser: db.prepare(
        `INSERT INTO user_account (id, email, display_name, role, agency_id, password_hash, created_at)
         VALUES (@id, @email, @displayName, @role, @agencyId, @passwordHash, @createdAt)`,
      ),
      user: db.prepare<[string], UserRow>('SELECT * FROM user_account WHERE id = ?'),
      users: db.prepare<[string], UserRow>('SELECT * FROM user_account WHERE id IN (SELECT value FROM json_each(?))'),
      byEmail: db.prepare<[string], UserRow>('SELECT * FROM user_account WHERE email = ?'),
      allUsers: db.prepare<[], UserRow>('SELECT * FROM user_account ORDER BY display_name'),
      disable: db.prepare('UPDATE user_account SET disabled = ? WHERE id = ?'),
      setRole: db.prepare('UPDATE user_account SET role = ? WHERE id = ?'),
      // One statement, so two attempts can never both read the same count (SQLite runs writes one at a time);
      // every expression reads the row as it was before this update.
      attempt: db.prepare<[{ id: string; now: number; max: number; lockMs: number }], { failed_logins: number }>(
        `UPDATE user_account SET
           failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= @now THEN 1 ELSE failed_logins + 1 END,
           locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= @now THEN 1 ELSE failed_logins + 1 END) >= @max
                               THEN @now + @lockMs ELSE NULL END
         WHERE id = @id AND (locked_until IS NULL OR locked_until <= @now)
         RETURNING failed_logins`,
      ),
      success: db.prepare('UPDATE user_account SET failed_logins = 0, locked_until = NULL WHERE id = ?'),
      // The same count for one device, made at its first attempt; a locked device updates nothing and returns no row.
      deviceAttempt: db.prepare<[{ id: string; userId: string; now: number; max: number; lockMs: number }], { failed_logins: number }>(
        `INSERT INTO login_device (id, user_id, failed_logins, locked_until)
         VALUES (@id, @userId, 1, CASE WHEN 1 >= @max THEN @now + @lockMs ELSE NULL END)
         ON CONFLICT(id) DO UPDATE SET
           failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= @now THEN 1 ELSE failed_logins + 1 END,
           locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= @now THEN 1 ELSE failed_logins + 1 END) >= @max
                               THEN @now + @lockMs ELSE NULL END
         WHERE user_id = @userId AND (locked_until IS NULL OR locked_until <= @now)
         RETURNING failed_logins`,
      ),
      deviceSuccess: db.prepare('UPDATE login_device SET failed_logins = 0, locked_until = NULL WHERE id = ?'),
      insertSession: db.prepare(
        'INSERT INTO session (id, user_id, created_at, last_seen_at, expires_at, revoked) VALUES (@id, @userId, @createdAt, @lastSeenAt, @expiresAt, 0)',
      ),
      session: db.prepare<[string], SessionRow>('SELECT * FROM session WHERE id = ?'),
      touch: db.prepare('UPDATE session SET last_seen_at = ? WHERE id = ?'),
      revoke: db.prepare('UPDATE session SET revoked = 1 WHERE id = ?'),
      revokeUser: db.prepare('UPDATE session SET revoked = 1 WHERE user_id = ?'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM user_account'),
    };
  }

  async createAgency(a: Agency): Promise<Agency> {
    try {
      this.q.insertAgency.run(a);
    } catch (err) {
      if (err instanceof Error && /UNIQUE|PRIMARY/.test(err.message))
        throw new DomainError(ErrorCode.Conflict, `agency ${a.id} already exists`);
      throw err;
    }
    return a;
  }
  async getAgency(id: string): Promise<Agency | null> {
    return this.q.agency.get(id) ?? null;
  }
  async listAgencies(): Promise<Agency[]> {
    return this.q.agencies.all();
  }
  async createUser(u: NewUser): Promise<UserRecord> {
    try {
      this.q.insertUser.run({ ...u, email: u.email.toLowerCase(), createdAt: new Date().toISOString() });
    } catch (err) {
      if (err instanceof Error && /UNIQUE/.test(err.message))
        throw new DomainError(ErrorCode.Conflict, `email: ${u.email} is already registered`, 'email');
      throw err;
    }
    return toUser(this.q.user.get(u.id)!);
  }
  async getUser(id: string): Promise<UserRecord | null> {
    const r = this.q.user.get(id);
    return r ? toUser(r) : null;
  }
  async getUsers(ids: readonly string[]): Promise<UserRecord[]> {
    return this.q.users.all(JSON.stringify(ids)).map(toUser);
  }
  async findUserByEmail(email: string) {
    const r = this.q.byEmail.get(email.trim().toLowerCase());
    return r ? { ...toUser(r), passwordHash: r.password_hash, failedLogins: r.failed_logins, lockedUntil: r.locked_until } : null;
  }
  async listUsers(): Promise<UserRecord[]> {
    return this.q.allUsers.all().map(toUser);
  }
  async setUserDisabled(id: string, disabled: boolean): Promise<void> {
    this.q.disable.run(disabled ? 1 : 0, id);
  }
  async setUserRole(id: string, role: Role): Promise<void> {
    this.q.setRole.run(role, id);
  }
  async beginLoginAttempt(
    userId: string,
    now: number,
    policy: { readonly maxAttempts: number; readonly lockMs: number },
  ): Promise<boolean> {
    return this.q.attempt.get({ id: userId, now, max: policy.maxAttempts, lockMs: policy.lockMs }) !== undefined;
  }
  async recordLoginSuccess(userId: string): Promise<void> {
    this.q.success.run(userId);
  }
  async beginDeviceLoginAttempt(
    deviceId: string,
    userId: string,
    now: number,
    policy: { readonly maxAttempts: number; readonly lockMs: number },
  ): Promise<boolean> {
    return this.q.deviceAttempt.get({ id: deviceId, userId, now, max: policy.maxAttempts, lockMs: policy.lockMs }) !== undefined;
  }
  async recordDeviceLoginSuccess(deviceId: string): Promise<void> {
    this.q.deviceSuccess.run(deviceId);
  }
  async createSession(s: SessionRecord): Promise<void> {
    this.q.insertSession.run(s);
  }
  async getSession(id: string): Promise<SessionRecord | null> {
    const r = this.q.session.get(id);
    return r
      ? {
          id: r.id,
          userId: r.user_id,
          createdAt: r.created_at,
          lastSeenAt: r.last_seen_at,
          expiresAt: r.expires_at,
          revoked: r.revoked === 1,
        }
      : null;
  }
  async touchSession(id: string, at: number): Promise<void> {
    this.q.touch.run(at, id);
  }
  async revokeSession(id: string): Promise<void> {
    this.q.revoke.run(id);
  }
  async revokeUserSessions(userId: string): Promise<void> {
    this.q.revokeUser.run(userId);
  }
  async userCount(): Promise<number> {
    return this.q.count.get()!.n;
  }
}
