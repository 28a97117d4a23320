/** Whether `zone` is an IANA time zone the runtime knows ("America/Guatemala", "UTC"). */
export function isTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Minutes east of UTC of a zone at an instant. */
export function zoneOffset(ms: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(ms / 60000) * 60000) / 60000);
}

/**
 * The instant a wall-clock time without zone ("2026-03-01T15:30", as a datetime-local field sends it)
 * names in `zone`, or NaN when it is not such a time. A time repeated by a fall-back is read as its
 * first occurrence; a time skipped by a spring-forward, with the offset from before the change.
 */
export function wallTimeToInstant(local: string, zone: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(local)) return NaN;
  const wall = Date.parse(`${local}Z`);
  // A day the month does not have (30 February) is refused, not rolled over.
  if (Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 16) !== local.slice(0, 16)) return NaN;
  const halfDay = 12 * 3600_000;
  // A zone's offset changes at most once in a day: the instants the offsets either side give are the candidates.
  const before = zoneOffset(wall - halfDay, zone);
  const offsets = new Set([before, zoneOffset(wall + halfDay, zone)]);
  const fits = [...offsets].map((o) => wall - o * 60000).filter((t) => t + zoneOffset(t, zone) * 60000 === wall);
  return fits.length ? Math.min(...fits) : wall - before * 60000;
}
