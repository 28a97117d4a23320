import { CASE_PROPS } from '@homeward/graph-schema';
import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, isCountryCode } from './countries';
import { DomainError } from './errors';
import { checkLinkKinds, entityLabel, isIsoDateTime, searchText, validateEntityProps, validateProps } from './validate';

/** The field and reason of the BAD_USER_INPUT a call throws. */
function refusal(fn: () => unknown): { field?: string; message: string; code: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return { field: err.field, message: err.message, code: err.code };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('dates and times as they exist in the calendar', () => {
  it('refuses days that do not exist, which Date.parse would roll over', () => {
    expect(Number.isNaN(Date.parse('2015-02-30'))).toBe(false); // why the check is needed
    expect(refusal(() => validateEntityProps('PERSON', { fullName: 'A', dateOfBirth: '2015-02-30' }))).toMatchObject({
      field: 'input.dateOfBirth',
      code: 'BAD_USER_INPUT',
    });
    expect(refusal(() => validateEntityProps('PERSON', { fullName: 'A', dateOfBirth: '2015-13-01' })).field).toBe('input.dateOfBirth');
    expect(validateEntityProps('PERSON', { fullName: 'A', dateOfBirth: '2016-02-29' }).dateOfBirth).toBe('2016-02-29');
    expect(refusal(() => validateEntityProps('PERSON', { fullName: 'A', dateOfBirth: '2015-02-29' })).field).toBe('input.dateOfBirth');
  });

  it('refuses date-times with impossible parts', () => {
    expect(isIsoDateTime('2026-11-20T22:40:00Z')).toBe(true);
    expect(isIsoDateTime('2026-11-20T22:40:00.123-06:00')).toBe(true);
    expect(isIsoDateTime('2026-04-31T10:00:00Z')).toBe(false);
    expect(isIsoDateTime('2026-11-20T24:00:00Z')).toBe(false);
    expect(isIsoDateTime('2026-11-20T10:60:00Z')).toBe(false);
    expect(isIsoDateTime('2026-11-20T10:00:00+15:00')).toBe(false);
    expect(isIsoDateTime('2026-11-20T10:00:00')).toBe(false);
    expect(isIsoDateTime('20 Nov 2026')).toBe(false);
  });

  it('refuses times before 1900 or in the future, with the field named', () => {
    const sighting = (observedAt: string) => validateEntityProps('SIGHTING', { observedAt });
    expect(refusal(() => sighting('0000-01-01T00:00:00Z'))).toMatchObject({
      field: 'input.observedAt',
      message: 'input.observedAt: must not be before 1900-01-01',
    });
    expect(refusal(() => sighting('9999-12-31T00:00:00Z'))).toMatchObject({
      field: 'input.observedAt',
      message: 'input.observedAt: must not be in the future',
    });
    const inAnHour = new Date(Date.now() + 3600_000).toISOString();
    expect(sighting(inAnHour).observedAt).toBe(inAnHour);
    expect(refusal(() => validateEntityProps('PERSON', { fullName: 'A', dateOfBirth: '1899-12-31' })).field).toBe('input.dateOfBirth');
  });
});

describe('countries', () => {
  it('knows the 249 assigned ISO 3166-1 codes and Kosovo, and nothing else', () => {
    expect(COUNTRY_CODES.size).toBe(250);
    for (const c of ['GT', 'MX', 'ES', 'US', 'SV', 'HN', 'XK']) expect(isCountryCode(c)).toBe(true);
    for (const c of ['ZZ', 'EU', 'UN', 'UK', 'XX', 'gt', 'GTM']) expect(isCountryCode(c)).toBe(false);
  });

  it('normalises case and refuses unknown codes by field', () => {
    expect(validateEntityProps('LOCATION', { name: 'X', country: ' mx ', latitude: 1, longitude: 1 }).country).toBe('MX');
    expect(refusal(() => validateEntityProps('LOCATION', { name: 'X', country: 'ZZ', latitude: 1, longitude: 1 })).field).toBe(
      'input.country',
    );
  });
});

describe('strings', () => {
  it('refuses control characters; text keeps its line breaks', () => {
    expect(refusal(() => validateEntityProps('PERSON', { fullName: 'Ana\u0000 Pérez' }))).toMatchObject({
      field: 'input.fullName',
      message: 'input.fullName: must not contain control characters',
    });
    expect(validateEntityProps('PERSON', { fullName: 'Ana\r\n Pérez\t' }).fullName).toBe('Ana  Pérez');
    expect(validateEntityProps('PERSON', { fullName: 'Ana', description: 'línea 1\nlínea 2\tfin' }).description).toBe(
      'línea 1\nlínea 2\tfin',
    );
  });

  it('trims, requires and bounds the length', () => {
    expect(validateEntityProps('PERSON', { fullName: '  Ana  ' }).fullName).toBe('Ana');
    expect(refusal(() => validateEntityProps('PERSON', { fullName: '   ' })).field).toBe('input.fullName');
    expect(refusal(() => validateEntityProps('PERSON', { fullName: 'x'.repeat(201) })).message).toBe(
      'input.fullName: must be at most 200 characters',
    );
  });

  it('refuses unknown properties instead of losing them, and missing required ones', () => {
    expect(refusal(() => validateEntityProps('PERSON', { fullName: 'A', shoeSize: 40 })).field).toBe('input.shoeSize');
    expect(refusal(() => validateEntityProps('PERSON', {})).field).toBe('input.fullName');
    expect(validateEntityProps('PERSON', { description: 'only this' }, 'input', true)).toEqual({ description: 'only this' });
  });
});

describe('case properties from the same declaration', () => {
  it('bounds an updated title as a created one', () => {
    expect(refusal(() => validateProps(CASE_PROPS, 'Case', { title: 'x'.repeat(100_000) }, 'input', true)).field).toBe('input.title');
    expect(refusal(() => validateProps(CASE_PROPS, 'Case', { lastSeenAt: '2999-01-01T00:00:00Z' }, 'input', true)).field).toBe(
      'input.lastSeenAt',
    );
    expect(validateProps(CASE_PROPS, 'Case', { title: ' Niña ' }, 'input', true)).toEqual({ title: 'Niña' });
  });
});

describe('labels, search text and link rules', () => {
  it('labels an entity from its display properties, or its kind', () => {
    expect(entityLabel('VEHICLE', { plate: 'P-512DKL' })).toBe('P-512DKL');
    expect(entityLabel('PERSON', {})).toBe('Person');
    expect(searchText('PERSON', { fullName: 'Ana', aliases: ['Anita', 'La Flaca'] })).toBe('Ana Anita La Flaca');
  });

  it('names the link type and the kinds it may join', () => {
    expect(() => checkLinkKinds('SEEN_WITH', 'PERSON', 'PERSON')).not.toThrow();
    expect(refusal(() => checkLinkKinds('SEEN_WITH', 'VEHICLE', 'LOCATION'))).toMatchObject({ code: 'INVALID_LINK', field: 'input.type' });
  });
});
