import { describe, expect, it } from 'vitest';
import { markingOf, parseHandlingMarkings } from './handling-markings.js';

describe('HANDLING_MARKINGS', () => {
  it("gives each listed agency its marking and every other agency the '*' one", () => {
    const m = parseHandlingMarkings(' agy_demo00gt = OFFICIAL-SENSITIVE ; agy_demo00mx=RESERVADO;*=OFFICIAL;');
    expect(markingOf(m, 'agy_demo00gt')).toBe('OFFICIAL-SENSITIVE');
    expect(markingOf(m, 'agy_demo00mx')).toBe('RESERVADO');
    expect(markingOf(m, 'agy_other')).toBe('OFFICIAL');
  });

  it('is empty when unset, and has no fallback without *', () => {
    expect(markingOf(parseHandlingMarkings(undefined), 'agy_demo00gt')).toBeNull();
    expect(markingOf(parseHandlingMarkings('agy_a=CONFIDENTIEL'), 'agy_b')).toBeNull();
  });

  it('refuses an entry without =, a bad agency id or a marking that is empty, too long or has markup', () => {
    expect(() => parseHandlingMarkings('OFFICIAL')).toThrow(/agencyId=marking/);
    expect(() => parseHandlingMarkings('agy a=OFFICIAL')).toThrow(/not an agency id/);
    expect(() => parseHandlingMarkings('agy_a=')).toThrow(/1 to 60/);
    expect(() => parseHandlingMarkings(`agy_a=${'X'.repeat(61)}`)).toThrow(/1 to 60/);
    expect(() => parseHandlingMarkings('agy_a=<b>SECRET</b>')).toThrow(/agy_a/);
  });
});
