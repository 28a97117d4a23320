import { randomBytes } from 'node:crypto';
import { AGENCY_KINDS, ROLES } from '@homeward/graph-schema';
import { DomainError, ErrorCode, badInput, newId, type Agency, type Role, type UserRecord } from '@homeward/domain';
import type { StateStores } from '@homeward/graph-store';
import { hashPassword } from '../auth/auth.service.js';

export const MIN_PASSWORD = 12;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Agencies and accounts, for the ADMIN role (GraphQL) and the admin CLI alike.
 * Plain class (no Nest decorators) so the CLI can use it without the server.
 */
export class Accounts {
  constructor(private readonly stores: StateStores) {}

  async createAgency(input: { name: string; country: string; kind: string }): Promise<Agency> {
    const name = input.name.trim();
    if (!name) throw badInput('name', 'must not be empty');
    const country = input.country.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) throw badInput('country', 'must be an ISO 3166-1 alpha-2 country code such as GT');
    if (!(AGENCY_KINDS as readonly string[]).includes(input.kind)) throw badInput('kind', `must be one of ${AGENCY_KINDS.join(', ')}`);
    return this.stores.accounts.createAgency({ id: newId('agy'), name, country, kind: input.kind as Agency['kind'] });
  }

  async createUser(input: {
    email: string;
    displayName: string;
    role: string;
    agencyId: string;
    password?: string | null;
  }): Promise<{ user: UserRecord; password: string; generated: boolean }> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw badInput('email', 'is not an email address');
    if (!input.displayName.trim()) throw badInput('displayName', 'must not be empty');
    if (!(ROLES as readonly string[]).includes(input.role)) throw badInput('role', `must be one of ${ROLES.join(', ')}`);
    if (!(await this.stores.accounts.getAgency(input.agencyId))) throw badInput('agencyId', `agency ${input.agencyId} not found`);
    const generated = !input.password;
    const password = input.password ?? randomBytes(12).toString('base64url');
    if (password.length < MIN_PASSWORD) throw badInput('password', `must be at least ${MIN_PASSWORD} characters`);
    const user = await this.stores.accounts.createUser({
      id: newId('usr'),
      email,
      displayName: input.displayName.trim(),
      role: input.role as Role,
      agencyId: input.agencyId,
      passwordHash: await hashPassword(password),
    });
    return { user, password, generated };
  }

  async setDisabled(userId: string, disabled: boolean): Promise<UserRecord> {
    const user = await this.stores.accounts.getUser(userId);
    if (!user) throw new DomainError(ErrorCode.NotFound, `user ${userId} not found`, 'userId');
    await this.stores.accounts.setUserDisabled(userId, disabled);
    // Tokens of a disabled account stop at once: authentication checks the flag, and the sessions are revoked too.
    if (disabled) await this.stores.accounts.revokeUserSessions(userId);
    return { ...user, disabled };
  }

  /** A new role takes effect at the caller's next request: authentication reads the account, not the token. */
  async setRole(userId: string, role: Role): Promise<UserRecord> {
    const user = await this.stores.accounts.getUser(userId);
    if (!user) throw new DomainError(ErrorCode.NotFound, `user ${userId} not found`, 'userId');
    await this.stores.accounts.setUserRole(userId, role);
    return { ...user, role };
  }

  async findAgency(idOrCountry: string): Promise<Agency> {
    const all = await this.stores.accounts.listAgencies();
    const byId = all.find((a) => a.id === idOrCountry);
    if (byId) return byId;
    const byCountry = all.filter((a) => a.country === idOrCountry.toUpperCase());
    if (byCountry.length === 1) return byCountry[0];
    throw badInput('agency', byCountry.length ? `several agencies in ${idOrCountry}; give the agency id` : `no agency ${idOrCountry}`);
  }

  /**
   * The first administrator of a fresh install without the demo workspace:
   * ADMIN_EMAIL / ADMIN_PASSWORD, or a one-time password printed once.
   */
  async ensureFirstAdmin(env: NodeJS.ProcessEnv): Promise<{ email: string; password: string | null } | null> {
    if ((await this.stores.accounts.userCount()) > 0) return null;
    const agency = await this.createAgency({
      name: env.ADMIN_AGENCY ?? 'Homeward administration',
      country: env.ADMIN_COUNTRY ?? 'ZZ',
      kind: 'LAW_ENFORCEMENT',
    });
    const { user, password, generated } = await this.createUser({
      email: env.ADMIN_EMAIL ?? 'admin@localhost.localdomain',
      displayName: 'Administrator',
      role: 'ADMIN',
      agencyId: agency.id,
      password: env.ADMIN_PASSWORD ?? null,
    });
    return { email: user.email, password: generated ? password : null };
  }
}
