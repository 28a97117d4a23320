import { createHmac, timingSafeEqual } from 'node:crypto';
import { newId } from '@homeward/domain';

/**
 * OWASP's device cookie ("Slow Down Online Guessing Attacks with Device Cookies"): a browser
 * that signed in to an account gets a signed cookie naming the account and a device id. A later
 * sign-in to that account carrying it counts its failures on that device only, so a stranger's
 * failures, which lock the account for every untrusted browser (the CJIS 5-try lock), do not keep
 * the colleague out, and a stolen or guessing device locks only itself.
 */
export const DEVICE_COOKIE = 'hw_device';
/** How long a browser stays trusted after its last successful sign-in. */
export const DEVICE_COOKIE_MAX_AGE_S = 90 * 24 * 60 * 60;

export interface DeviceClaims {
  /** The account the browser signed in to. */
  readonly sub: string;
  /** The device id its failures are counted under. */
  readonly dev: string;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
}

/** A key of its own, derived from the session secret: a device cookie is never a session token, nor the reverse. */
const keyOf = (secret: Buffer) => createHmac('sha256', secret).update('homeward device cookie v1').digest();

export function newDeviceId(): string {
  return newId('dev');
}

export function signDeviceCookie(claims: DeviceClaims, secret: Buffer): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${createHmac('sha256', keyOf(secret)).update(body).digest('base64url')}`;
}

export function verifyDeviceCookie(value: string | null | undefined, secret: Buffer, now = Date.now()): DeviceClaims | null {
  if (!value || value.length > 1000) return null;
  const [body, mac, extra] = value.split('.');
  if (!body || !mac || extra !== undefined) return null;
  const expected = createHmac('sha256', keyOf(secret)).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const c = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<DeviceClaims>;
    if (typeof c.sub !== 'string' || typeof c.dev !== 'string' || typeof c.exp !== 'number' || c.exp * 1000 <= now) return null;
    return { sub: c.sub, dev: c.dev, exp: c.exp };
  } catch {
    return null;
  }
}

/** The cookie's value in a Cookie request header, or null. */
export function deviceCookieOf(header: string | string[] | undefined): string | null {
  const text = Array.isArray(header) ? header.join('; ') : (header ?? '');
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === DEVICE_COOKIE) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Set-Cookie for the browser: readable by the server only, sent to the GraphQL endpoint only, never cross-site. */
export function deviceSetCookie(value: string, secure: boolean): string {
  return `${DEVICE_COOKIE}=${value}; Max-Age=${DEVICE_COOKIE_MAX_AGE_S}; Path=/graphql; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
