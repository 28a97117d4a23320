// The publish dialog's logic: the checks said before sending, the preview, the server's refusals at their field.
import { describe, expect, it } from 'vitest';
import {
  checkChoice,
  checkReason,
  choiceInput,
  currentPublication,
  defaultChoice,
  placeServerError,
  preview,
  publicUrl,
  reviewIn,
  type Choice,
} from './publish-form.js';

const choice = (fields: string[], languages: string[]): Choice => ({ fields: new Set(fields), languages: new Set(languages) }) as Choice;

const ANA = {
  fullName: 'Ana López',
  ageNow: 12,
  physicalDescription: null,
  clothing: 'Red jacket',
  lastSeenAt: '2026-03-01T16:45:00.000Z',
  lastSeenLocation: { name: 'Tecún Umán', country: 'gt' },
};

describe('defaultChoice', () => {
  it('takes the photo only when the child has one, and the reader’s language with Spanish', () => {
    expect(defaultChoice('fr-FR', false).fields.has('PHOTO')).toBe(false);
    expect(defaultChoice('fr-FR', true).fields.has('PHOTO')).toBe(true);
    expect([...defaultChoice('fr-FR', true).languages]).toEqual(['fr', 'es']);
    expect([...defaultChoice('es-GT', true).languages]).toEqual(['es', 'en']);
    expect([...defaultChoice('de', true).languages]).toEqual(['en', 'es']);
  });
});

describe('checkChoice', () => {
  it('accepts a name in one language', () => {
    expect(checkChoice(choice(['NAME'], ['es']), false)).toEqual({});
  });
  it('says what is wrong at the fields and at the languages', () => {
    expect(checkChoice(choice([], []), true)).toEqual({ fields: 'noField', languages: 'noLanguage' });
    expect(checkChoice(choice(['AGE', 'HOTLINE'], ['en']), true)).toEqual({ fields: 'nameOrPhoto' });
    expect(checkChoice(choice(['PHOTO'], ['en']), false)).toEqual({ fields: 'noPhoto' });
    expect(checkChoice(choice(['PHOTO'], ['en']), true)).toEqual({});
  });
});

describe('choiceInput', () => {
  it('sends the fields and languages in a stable order whatever the order of clicks', () => {
    expect(choiceInput(choice(['HOTLINE', 'NAME', 'AGE'], ['pt', 'en']))).toEqual({
      fields: ['NAME', 'AGE', 'HOTLINE'],
      languages: ['en', 'pt'],
    });
  });
});

describe('checkReason', () => {
  it('wants a reason of at most 500 characters', () => {
    expect(checkReason('  ')).toBe('noReason');
    expect(checkReason('x'.repeat(501))).toBe('reasonTooLong');
    expect(checkReason(' Found safe ')).toBeNull();
  });
});

describe('placeServerError', () => {
  it('puts the server’s refusals at their field', () => {
    expect(placeServerError('input.fields', 'PHOTO: the child has no photo yet (upload one on the child first)')).toEqual({
      place: 'fields',
      problem: 'noPhoto',
    });
    expect(placeServerError('input.fields', 'a public page needs the name or the photo')).toEqual({
      place: 'fields',
      problem: 'nameOrPhoto',
    });
    expect(placeServerError('input.languages', 'choose at least one language')).toEqual({ place: 'languages', problem: 'noLanguage' });
    expect(placeServerError('input.languages', 'de is not one of en, es, fr, pt')).toEqual({ place: 'languages', problem: 'invalid' });
    expect(placeServerError('reason', 'must be at most 500 characters')).toEqual({ place: 'reason', problem: 'reasonTooLong' });
    expect(placeServerError('caseId', 'the child is already published (pub_1): change that page or take it down first')).toEqual({
      place: 'form',
      problem: 'alreadyPublished',
    });
    expect(placeServerError('caseId', "the case is FOUND_SAFE: only an open case's child is published")).toEqual({
      place: 'form',
      problem: 'notOpen',
    });
    expect(placeServerError('personId', 'the case has no missing child recorded yet (fill in the Child tab first)').problem).toBe(
      'noChild',
    );
    expect(placeServerError('id', 'the page was taken down meanwhile: publish again')).toEqual({ place: 'form', problem: 'ended' });
    expect(placeServerError(undefined, 'boom')).toEqual({ place: 'form', problem: 'invalid' });
  });
});

describe('preview', () => {
  it('shows only the chosen fields, each from the profile, missing ones as null', () => {
    const lines = preview(choice(['CLOTHING', 'NAME', 'DESCRIPTION'], ['en']), ANA, 'GT');
    expect(lines).toEqual([
      { field: 'NAME', value: 'Ana López' },
      { field: 'DESCRIPTION', value: null },
      { field: 'CLOTHING', value: 'Red jacket' },
    ]);
    expect(JSON.stringify(lines)).not.toContain('Tecún');
  });
  it('gives the last-seen place with its date, the age, and the hotlines of the case’s and the place’s countries', () => {
    const lines = preview(
      choice(['AGE', 'LAST_SEEN', 'HOTLINE'], ['en']),
      { ...ANA, lastSeenLocation: { name: 'Tapachula', country: 'mx' } },
      'gt',
    );
    expect(lines).toEqual([
      { field: 'AGE', value: '12' },
      { field: 'LAST_SEEN', value: 'Tapachula', at: '2026-03-01T16:45:00.000Z' },
      { field: 'HOTLINE', value: 'GT, MX' },
    ]);
    expect(preview(choice(['HOTLINE'], ['en']), ANA, 'GT')).toEqual([{ field: 'HOTLINE', value: 'GT' }]);
  });
});

describe('publicUrl, reviewIn, currentPublication', () => {
  it('makes the page’s address on this server', () => {
    expect(publicUrl('https://homeward.example', '/public/GT/pub_1')).toBe('https://homeward.example/public/GT/pub_1');
  });
  it('counts whole days to the review date', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    expect(reviewIn('2026-12-31T12:00:00Z', now)).toEqual({ days: 30, soon: false });
    expect(reviewIn('2026-12-05T00:00:00Z', now)).toEqual({ days: 4, soon: true });
    expect(reviewIn('2026-11-30T12:00:00Z', now).days).toBe(-1);
  });
  it('shows the live page, else the latest ended one', () => {
    expect(
      currentPublication([
        { status: 'TAKEN_DOWN', id: 2 },
        { status: 'PUBLISHED', id: 1 },
      ])?.id,
    ).toBe(1);
    expect(
      currentPublication([
        { status: 'EXPIRED', id: 2 },
        { status: 'TAKEN_DOWN', id: 1 },
      ])?.id,
    ).toBe(2);
    expect(currentPublication([])).toBeNull();
  });
});
