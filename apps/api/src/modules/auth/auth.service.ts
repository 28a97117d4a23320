import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { DomainError, ErrorCode, newId, type UserRecord } from '@homeward/domain';
import type { StateStores } from '@homeward/graph-store';
import type { Config } from '../../base/config.js';
import type { Principal } from '../../base/context.js';
import { CONFIG, STORES } from '../../base/tokens.js';
import { Revocations } from './revocations.js';
import { newDeviceId, signDeviceCookie, verifyDeviceCookie, DEVICE_COOKIE_MAX_AGE_S } from './device-cookie.js';
import { signToken, verifyToken } from './token.js';

export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const LOCKOUT_AFTER = 5;
export const LOCKOUT_MS = 10 * 60 * 1000;
/** A trusted device's own budget (OWASP device cookie): as many tries as an untrusted browser, counted for it alone. */
export const DEVICE_LOCKOUT_AFTER = 5;
/** Session activity is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60 * 1000;

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane).
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, ARGON2);
/** A hash of nothing anyone knows, checked when there is no account to check, to take the same time. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Q0FBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE';

@Injectable()
export class AuthService {
  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    @Inject(CONFIG) private readonly config: Config,
    private readonly revocations: Revocations,
  ) {}

  /**
   * `device`: the browser's device cookie and how to renew it (HTTP). A valid cookie of this account
   * counts the attempt on that device, not on the account (see device-cookie.ts).
   */
  async login(
    email: string,
    password: string,
    device?: { readonly cookie: string | null; set(value: string): void },
  ): Promise<{ token: string; user: UserRecord }> {
    // One answer for every failure (unknown email, wrong password, locked or disabled account), so that
    // nobody can learn which emails exist or which accounts are locked (OWASP ASVS 2.2, 3.5).
    const refused = () =>
      new DomainError(ErrorCode.Unauthenticated, 'invalid email or password, or too many attempts: try again in a few minutes');
    const user = await this.stores.accounts.findUserByEmail(email);
    const now = Date.now();
    // The attempt is counted before the password is checked, atomically: concurrent guesses cannot
    // share one count, so at most LOCKOUT_AFTER passwords are ever checked per lock (CJIS 5.6.2.1.1).
    const claims = verifyDeviceCookie(device?.cookie, this.config.jwtSecret, now);
    const trustedDevice = user && claims && claims.sub === user.id ? claims.dev : null;
    const allowed = !user
      ? false
      : trustedDevice
        ? await this.stores.accounts.beginDeviceLoginAttempt(trustedDevice, user.id, now, {
            maxAttempts: DEVICE_LOCKOUT_AFTER,
            lockMs: LOCKOUT_MS,
          })
        : await this.stores.accounts.beginLoginAttempt(user.id, now, { maxAttempts: LOCKOUT_AFTER, lockMs: LOCKOUT_MS });
    if (!user || !allowed) {
      // The same work as a real check, so that time does not tell these cases apart either.
      await verify(DUMMY_HASH, password).catch(() => false);
      throw refused();
    }
    const ok = await verify(user.passwordHash, password).catch(() => false);
    if (!ok || user.disabled) throw refused();
    // A trusted device's success clears its own count only: a stranger's lock on the account stays.
    if (trustedDevice) await this.stores.accounts.recordDeviceLoginSuccess(trustedDevice);
    else await this.stores.accounts.recordLoginSuccess(user.id);
    device?.set(
      signDeviceCookie(
        { sub: user.id, dev: trustedDevice ?? newDeviceId(), exp: Math.floor(now / 1000) + DEVICE_COOKIE_MAX_AGE_S },
        this.config.jwtSecret,
      ),
    );
    const sid = newId('ses');
    await this.stores.accounts.createSession({
      id: sid,
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + SESSION_MAX_MS,
      revoked: false,
    });
    const token = signToken(
      { sub: user.id, sid, iat: Math.floor(now / 1000), exp: Math.floor((now + SESSION_MAX_MS) / 1000) },
      this.config.jwtSecret,
    );
    const { passwordHash: _h, failedLogins: _f, lockedUntil: _l, ...plain } = user;
    return { token, user: plain };
  }

  async logout(principal: Principal): Promise<void> {
    await this.stores.accounts.revokeSession(principal.sessionId);
    // Its live subscriptions and collaboration connections close too, on every replica.
    this.revocations.announce({ sessionId: principal.sessionId, reason: 'signed out' });
  }

  /** The principal behind a bearer token, or null when it is missing, forged, expired, revoked, idle too long or its user disabled. */
  async authenticate(token: string | null | undefined): Promise<Principal | null> {
    if (!token) return null;
    const claims = verifyToken(token, this.config.jwtSecret);
    if (!claims) return null;
    const session = await this.stores.accounts.getSession(claims.sid);
    const now = Date.now();
    if (!session || session.revoked || session.userId !== claims.sub || session.expiresAt <= now) return null;
    if (now - session.lastSeenAt > SESSION_IDLE_MS) return null;
    const user = await this.stores.accounts.getUser(claims.sub);
    if (!user || user.disabled) return null;
    if (now - session.lastSeenAt > TOUCH_EVERY_MS) await this.stores.accounts.touchSession(session.id, now);
    return { userId: user.id, sessionId: session.id, role: user.role, agencyId: user.agencyId, displayName: user.displayName };
  }

  static bearer(header: string | string[] | undefined | unknown): string | null {
    if (typeof header !== 'string') return null;
    const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
    return m ? m[1] : null;
  }
}
