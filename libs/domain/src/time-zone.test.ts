import { describe, expect, it } from 'vitest';
import { isTimeZone, wallTimeToInstant, zoneOffset } from './time-zone';

const iso = (t: number) => new Date(t).toISOString();

describe('time zones', () => {
  it('tells the offset of a zone at an instant, DST included', () => {
    expect(zoneOffset(Date.parse('2026-11-20T22:40:00Z'), 'America/Guatemala')).toBe(-360);
    expect(zoneOffset(Date.parse('2026-07-01T00:00:00Z'), 'Europe/Madrid')).toBe(120);
    expect(zoneOffset(Date.parse('2026-01-01T00:00:00Z'), 'Europe/Madrid')).toBe(60);
  });

  it('reads a wall-clock time in a zone', () => {
    expect(iso(wallTimeToInstant('2026-03-01T15:30', 'America/Guatemala'))).toBe('2026-03-01T21:30:00.000Z');
    expect(iso(wallTimeToInstant('2026-07-01T12:00:30', 'Europe/Madrid'))).toBe('2026-07-01T10:00:30.000Z');
    expect(iso(wallTimeToInstant('2026-03-01T15:30', 'UTC'))).toBe('2026-03-01T15:30:00.000Z');
  });

  it('reads a repeated hour as its first occurrence and a skipped one with the offset before the change', () => {
    // Madrid, 25 October 2026: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice.
    expect(iso(wallTimeToInstant('2026-10-25T02:30', 'Europe/Madrid'))).toBe('2026-10-25T00:30:00.000Z');
    // Madrid, 29 March 2026: 02:00 CET becomes 03:00 CEST, so 02:30 never happens: read as CET.
    expect(iso(wallTimeToInstant('2026-03-29T02:30', 'Europe/Madrid'))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('refuses what is not a wall-clock time or a zone', () => {
    expect(wallTimeToInstant('yesterday', 'UTC')).toBeNaN();
    expect(wallTimeToInstant('2026-03-01T15:30Z', 'UTC')).toBeNaN();
    expect(wallTimeToInstant('2026-02-30T15:30', 'UTC')).toBeNaN();
    expect(isTimeZone('America/Guatemala')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
