import { DomainError, ErrorCode, type Agency, type Role, type UserRecord } from '@homeward/domain';
import type { AccountStore, NewUser, SessionRecord } from '../port';
import { num, obj, toAgency, toLoginRecord, toSession, toUserRecord } from './mapping';
import type { TxRunner } from './tx';

/** E-mail addresses are kept trimmed and lower-case, so the unique constraint is case-insensitive. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export class Neo4jAccountStore implements AccountStore {
  constructor(private readonly db: TxRunner) {}

  async createAgency(a: Agency): Promise<Agency> {
    await this.db.write(async (tx) => {
      if ((await tx.run('agencyExists', { id: a.id })).length) throw new DomainError(ErrorCode.Conflict, `agency ${a.id} already exists`);
      await tx.run('createAgency', { id: a.id, name: a.name, country: a.country, kind: a.kind });
    });
    return a;
  }

  async getAgency(id: string): Promise<Agency | null> {
    const [row] = await this.db.read((tx) => tx.run('getAgency', { id }));
    return row ? toAgency(obj(row, 'agency')) : null;
  }

  async listAgencies(): Promise<Agency[]> {
    const rows = await this.db.read((tx) => tx.run('listAgencies'));
    return rows.map((r) => toAgency(obj(r, 'agency')));
  }

  async createUser(u: NewUser): Promise<UserRecord> {
    const email = normaliseEmail(u.email);
    return this.db.write(async (tx) => {
      if ((await tx.run('userConflicts', { id: u.id, email })).length) {
        throw new DomainError(ErrorCode.Conflict, `email: ${u.email} is already registered`, 'email');
      }
      const [row] = await tx.run('createUser', {
        id: u.id,
        email,
        displayName: u.displayName,
        role: u.role,
        passwordHash: u.passwordHash,
        agencyId: u.agencyId,
        createdAt: new Date().toISOString(),
      });
      if (!row) throw new DomainError(ErrorCode.BadUserInput, `agencyId: agency ${u.agencyId} not found`, 'agencyId');
      return toUserRecord(row);
    });
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const [user] = await this.getUsers([id]);
    return user ?? null;
  }

  async getUsers(ids: readonly string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.read((tx) => tx.run('getUsers', { ids: [...new Set(ids)] }));
    return rows.map(toUserRecord);
  }

  async findUserByEmail(email: string) {
    const [row] = await this.db.read((tx) => tx.run('userByEmail', { email: normaliseEmail(email) }));
    return row ? toLoginRecord(row) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    const rows = await this.db.read((tx) => tx.run('listUsers'));
    return rows.map(toUserRecord);
  }

  async setUserDisabled(id: string, disabled: boolean): Promise<void> {
    await this.db.write((tx) => tx.run('setUserDisabled', { id, disabled }));
  }

  async setUserRole(id: string, role: Role): Promise<void> {
    await this.db.write((tx) => tx.run('setUserRole', { id, role }));
  }

  async beginLoginAttempt(
    userId: string,
    now: number,
    policy: { readonly maxAttempts: number; readonly lockMs: number },
  ): Promise<boolean> {
    const [row] = await this.db.write((tx) =>
      tx.run('beginLoginAttempt', { id: userId, now, max: policy.maxAttempts, lockMs: policy.lockMs }),
    );
    return row?.allowed === true;
  }

  async recordLoginSuccess(userId: string): Promise<void> {
    await this.db.write((tx) => tx.run('recordLoginSuccess', { id: userId }));
  }

  async beginDeviceLoginAttempt(
    deviceId: string,
    userId: string,
    now: number,
    policy: { readonly maxAttempts: number; readonly lockMs: number },
  ): Promise<boolean> {
    const [row] = await this.db.write((tx) =>
      tx.run('beginDeviceLoginAttempt', { id: deviceId, userId, now, max: policy.maxAttempts, lockMs: policy.lockMs }),
    );
    return row?.allowed === true;
  }

  async recordDeviceLoginSuccess(deviceId: string): Promise<void> {
    await this.db.write((tx) => tx.run('recordDeviceLoginSuccess', { id: deviceId }));
  }

  async createSession(s: SessionRecord): Promise<void> {
    await this.db.write((tx) =>
      tx.run('createSession', { id: s.id, userId: s.userId, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt }),
    );
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    const [row] = await this.db.read((tx) => tx.run('getSession', { id }));
    return row ? toSession(obj(row, 'session')) : null;
  }

  async touchSession(id: string, at: number): Promise<void> {
    await this.db.write((tx) => tx.run('touchSession', { id, at }));
  }

  async revokeSession(id: string): Promise<void> {
    await this.db.write((tx) => tx.run('revokeSession', { id }));
  }

  async revokeUserSessions(userId: string): Promise<void> {
    await this.db.write((tx) => tx.run('revokeUserSessions', { userId }));
  }

  async userCount(): Promise<number> {
    const [row] = await this.db.read((tx) => tx.run('userCount'));
    return row ? num(row, 'n') : 0;
  }
}
