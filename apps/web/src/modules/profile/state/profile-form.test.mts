// The child's profile form: only changed fields go to the server, emptied ones as null.
import { describe, expect, it } from 'vitest';
import type { ChildProfile } from '../graphql/profile.generated.js';
import { formFromProfile, profileInput, toLocalInput } from './profile-form.js';

const PROFILE = {
  caseId: 'c1',
  personId: 'p1',
  fullName: 'Ana López',
  aliases: ['Anita', 'La Nena'],
  dateOfBirth: '2014-05-02',
  sex: 'FEMALE',
  nationality: 'GT',
  physicalDescription: null,
  clothing: 'Red jacket',
  languagesSpoken: ['es', 'kek'],
  medicalNeeds: null,
  circumstances: null,
  lastSeenAt: '2026-03-01T16:45:00.000Z',
  lastSeenLocation: { id: 'loc1', name: 'Mercado', country: 'GT', latitude: 14.6, longitude: -90.5 },
} as unknown as ChildProfile;

describe('formFromProfile', () => {
  it('fills the form with lists comma-separated and absent values empty', () => {
    const f = formFromProfile(PROFILE);
    expect(f.aliases).toBe('Anita, La Nena');
    expect(f.languagesSpoken).toBe('es, kek');
    expect(f.medicalNeeds).toBe('');
    expect(f.lastSeenLocationId).toBe('loc1');
    expect(new Date(f.lastSeenAt).toISOString()).toBe('2026-03-01T16:45:00.000Z');
  });

  it('is an empty form before a profile exists', () => {
    expect(Object.values(formFromProfile(null)).every((v) => v === '')).toBe(true);
  });
});

describe('profileInput', () => {
  it('sends nothing when nothing changed', () => {
    const f = formFromProfile(PROFILE);
    expect(profileInput({ ...f }, f)).toEqual({});
  });

  it('sends only what changed: lists split, nationality upper-cased, an emptied field as null', () => {
    const before = formFromProfile(PROFILE);
    const after = { ...before, aliases: 'Anita,  Nena ,', nationality: 'mx', clothing: '  ', medicalNeeds: ' asthma ' };
    expect(profileInput(after, before)).toEqual({ aliases: ['Anita', 'Nena'], nationality: 'MX', clothing: null, medicalNeeds: 'asthma' });
  });

  it('sends the last-seen time as an ISO instant, and null when cleared', () => {
    const before = formFromProfile(PROFILE);
    const moved = profileInput({ ...before, lastSeenAt: '2026-03-02T08:00' }, before);
    expect(moved).toEqual({ lastSeenAt: new Date('2026-03-02T08:00').toISOString() });
    expect(profileInput({ ...before, lastSeenAt: '' }, before)).toEqual({ lastSeenAt: null });
  });
});

describe('toLocalInput', () => {
  it('writes an instant as the local minutes a datetime-local input takes', () => {
    expect(toLocalInput(null)).toBe('');
    const v = toLocalInput('2026-03-01T16:45:30.000Z');
    expect(v).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(new Date(v).getTime()).toBe(Date.parse('2026-03-01T16:45:00.000Z'));
  });
});
