import { badInput, isTimeZone, wallTimeToInstant } from '@homeward/domain';
import type { TipContent } from '@homeward/media';

/** What a sender (or a call-taker) gives, as strings or numbers, before checking. */
export interface RawTip {
  readonly what?: unknown;
  readonly when?: unknown;
  /** The sender's IANA time zone (the page's script sends the browser's), to read `when` in. */
  readonly zone?: unknown;
  readonly where?: unknown;
  readonly latitude?: unknown;
  readonly longitude?: unknown;
  readonly contact?: unknown;
  readonly callerPhone?: unknown;
  readonly hotline?: unknown;
}

/** The size limits of a tip's fields (the photo's is TIP_PHOTO_MAX_BYTES). */
export const TIP_LIMITS = { what: 4000, where: 400, contact: 400, callerPhone: 40, hotline: 40 } as const;
export const TIP_PHOTO_MAX_BYTES = 10 * 1024 * 1024;

const text = (v: unknown, field: string, max: number, required = false): string | null => {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) throw badInput(field, 'is required');
    return null;
  }
  if (typeof v !== 'string') throw badInput(field, 'must be text');
  const s = v.trim();
  if (s.length > max) throw badInput(field, `must be at most ${max} characters`);
  return s;
};

const coordinate = (v: unknown, field: string, limit: number): number | null => {
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d{1,3}(\.\d{1,10})?\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n) || Math.abs(n) > limit) throw badInput(field, `must be a number from -${limit} to ${limit}`);
  return n;
};

/**
 * Checks a tip's fields (each error names the field): what was seen is
 * required; the time, if given, is not in the future; a position needs both
 * coordinates. A time without zone ("2026-03-01T15:00", as a browser's
 * datetime-local sends it) is read in the sender's `zone` when it is a known
 * one, else in `defaultZone` (the case country's).
 */
export function checkTip(raw: RawTip, now = new Date(), defaultZone = 'UTC'): Omit<TipContent, 'photo' | 'photoLocation'> {
  const what = text(raw.what, 'what', TIP_LIMITS.what, true)!;
  let seenAt: string | null = null;
  const when = text(raw.when, 'when', 40);
  if (when) {
    const zone = typeof raw.zone === 'string' && isTimeZone(raw.zone) ? raw.zone : defaultZone;
    const wall = wallTimeToInstant(when, zone);
    // An instant with its own offset ("…Z", "…-06:00") is taken as it is.
    const t = Number.isNaN(wall) && /(Z|[+-]\d{2}:\d{2})$/.test(when) ? Date.parse(when) : wall;
    if (!/^\d{4}-\d{2}-\d{2}T/.test(when) || Number.isNaN(t)) throw badInput('when', 'must be a date and time');
    if (t > now.getTime() + 5 * 60_000) throw badInput('when', 'must not be in the future');
    seenAt = new Date(t).toISOString();
  }
  const latitude = coordinate(raw.latitude, 'latitude', 90);
  const longitude = coordinate(raw.longitude, 'longitude', 180);
  if ((latitude === null) !== (longitude === null)) throw badInput(latitude === null ? 'latitude' : 'longitude', 'give both or neither');
  const callerPhone = text(raw.callerPhone, 'callerPhone', TIP_LIMITS.callerPhone);
  if (callerPhone && !/^[+\d][\d\s().-]{2,39}$/.test(callerPhone)) throw badInput('callerPhone', 'must be a phone number');
  return {
    what,
    seenAt,
    place: text(raw.where, 'where', TIP_LIMITS.where),
    latitude,
    longitude,
    contact: text(raw.contact, 'contact', TIP_LIMITS.contact),
    callerPhone,
    hotline: text(raw.hotline, 'hotline', TIP_LIMITS.hotline),
  };
}
