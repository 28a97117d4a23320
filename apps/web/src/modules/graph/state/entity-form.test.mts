// The entity forms: stored properties to input strings and back, and what is checked before the server.
import { describe, expect, it } from 'vitest';
import { formProps, isEntityKind, parseForm, toFormValues } from './entity-form.js';

describe('formProps', () => {
  it('lists a kind’s properties from graph-schema, without photo references', () => {
    const names = formProps('PERSON').map(([n]) => n);
    expect(names).toContain('fullName');
    expect(names).toContain('aliases');
    expect(names).not.toContain('photoRefs');
  });

  it('is empty for an unknown kind', () => {
    expect(formProps('SPACESHIP')).toEqual([]);
    expect(isEntityKind('SPACESHIP')).toBe(false);
    expect(isEntityKind('VEHICLE')).toBe(true);
  });
});

describe('parseForm', () => {
  it('names required properties left empty and numbers that are not numbers', () => {
    const { errors } = parseForm('LOCATION', { name: '  ', country: 'gt', latitude: 'north', longitude: '-90.5' }, false);
    expect(errors).toEqual({ name: 'required', latitude: 'number' });
  });

  it('reads a decimal comma, upper-cases countries, splits lists and trims', () => {
    const { props, errors } = parseForm('LOCATION', { name: ' Mercado ', country: 'gt', latitude: '14,6', longitude: '-90.5' }, false);
    expect(errors).toEqual({});
    expect(props).toEqual({ name: 'Mercado', country: 'GT', latitude: 14.6, longitude: -90.5 });
    const person = parseForm('PERSON', { fullName: 'Ana', aliases: ' Anita, , La Nena ,' }, false);
    expect(person.props).toEqual({ fullName: 'Ana', aliases: ['Anita', 'La Nena'] });
  });

  it('leaves out empty optional properties when creating, and clears them (null) when updating', () => {
    expect(parseForm('VEHICLE', { plate: 'P-123', make: '' }, false).props).toEqual({ plate: 'P-123' });
    const update = parseForm('VEHICLE', { plate: 'P-123', make: '' }, true).props;
    expect(update.plate).toBe('P-123');
    expect(update.make).toBeNull();
    expect(update.color).toBeNull();
  });

  it('sends a datetime as an ISO instant, and a string it cannot read as typed (the server names the field)', () => {
    const ok = parseForm('SIGHTING', { observedAt: '2026-03-01T10:30' }, false).props.observedAt as string;
    expect(ok).toBe(new Date('2026-03-01T10:30').toISOString());
    expect(parseForm('SIGHTING', { observedAt: 'yesterday' }, false).props.observedAt).toBe('yesterday');
  });
});

describe('toFormValues', () => {
  it('turns stored values into input strings, empty for absent ones', () => {
    const v = toFormValues('PERSON', { fullName: 'Ana', aliases: ['Anita', 'La Nena'], nationality: null });
    expect(v.fullName).toBe('Ana');
    expect(v.aliases).toBe('Anita, La Nena');
    expect(v.nationality).toBe('');
    expect(v.clothing).toBe('');
    expect(toFormValues('LOCATION', { latitude: 14.6 }).latitude).toBe('14.6');
    expect(toFormValues('PERSON', null).fullName).toBe('');
  });

  it('round-trips through parseForm: a datetime comes back as the same instant (to the minute)', () => {
    const stored = { observedAt: '2026-03-01T16:45:00.000Z', description: 'Blue car', confidence: 0.75 };
    const back = parseForm('SIGHTING', toFormValues('SIGHTING', stored), false);
    expect(back.errors).toEqual({});
    expect(back.props).toEqual(stored);
  });

  it('shows an unreadable stored datetime as it is rather than hiding it', () => {
    expect(toFormValues('SIGHTING', { observedAt: 'unknown' }).observedAt).toBe('unknown');
  });
});
