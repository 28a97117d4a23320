import { DEFAULT_REVIEW_DAYS } from '@homeward/media';
import { ConfigError } from '../../base/config.js';
import { parseRateLimit, type RateLimit } from '../../base/rate-limit.js';
import { publicUrlFromEnv } from '../child/child-photos.js';

/** Injection token of the public side's settings. */
export const PUBLIC_SETTINGS = Symbol('PUBLIC_SETTINGS');

export type { RateLimit };

export interface PublicSettings {
  /** PUBLIC_REVIEW_DAYS: a published page expires for review after this many days. */
  readonly reviewDays: number;
  /** PUBLIC_TIP_LIMITS: tips per sender address and per page. */
  readonly tipsPerAddress: RateLimit;
  readonly tipsPerPage: RateLimit;
  /** PUBLIC_POW_BITS: leading zero bits the tip form's proof of work must find (each bit doubles the work). */
  readonly powBits: number;
  /** PUBLIC_URL, for absolute links in feeds and Open Graph tags; null: the request's own host. */
  readonly publicUrl: string | null;
}

/** The public side's settings, checked once at start like every other setting. */
export function publicSettingsFromEnv(env: NodeJS.ProcessEnv): PublicSettings {
  const days = env.PUBLIC_REVIEW_DAYS ?? String(DEFAULT_REVIEW_DAYS);
  if (!/^\d+(\.\d+)?$/.test(days) || Number(days) <= 0 || Number(days) > 365)
    throw new ConfigError('PUBLIC_REVIEW_DAYS', `must be a number of days above 0 and at most 365, not "${days}"`);
  let tipsPerAddress: RateLimit = { count: 5, seconds: 600 };
  let tipsPerPage: RateLimit = { count: 60, seconds: 3600 };
  if (env.PUBLIC_TIP_LIMITS) {
    for (const part of env.PUBLIC_TIP_LIMITS.split(',')) {
      const [key, value] = part.split('=');
      if (key?.trim() === 'address' && value) tipsPerAddress = parseRateLimit('PUBLIC_TIP_LIMITS', value);
      else if (key?.trim() === 'page' && value) tipsPerPage = parseRateLimit('PUBLIC_TIP_LIMITS', value);
      else throw new ConfigError('PUBLIC_TIP_LIMITS', `"${part}" must be address=COUNT/SECONDS or page=COUNT/SECONDS`);
    }
  }
  const bits = env.PUBLIC_POW_BITS ?? '16';
  if (!/^\d{1,2}$/.test(bits) || Number(bits) > 28)
    throw new ConfigError('PUBLIC_POW_BITS', `must be a whole number of bits from 0 to 28, not "${bits}"`);
  return { reviewDays: Number(days), tipsPerAddress, tipsPerPage, powBits: Number(bits), publicUrl: publicUrlFromEnv(env) };
}
