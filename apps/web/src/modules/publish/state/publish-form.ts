// The publish dialog's logic, without React: the choice's checks (the server's, said before sending), the
// preview of what will be public, the server's refusals placed at their field, and the review date's state.
import type { PublicField } from '../../../generated/schema-types';

export const FIELDS: readonly PublicField[] = ['NAME', 'AGE', 'PHOTO', 'DESCRIPTION', 'CLOTHING', 'LAST_SEEN', 'HOTLINE'];
export const LANGUAGES = ['en', 'es', 'fr', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What a form problem is, as a key of the publish section's `problem` texts. */
export type Problem =
  | 'noField'
  | 'nameOrPhoto'
  | 'noPhoto'
  | 'noLanguage'
  | 'noChild'
  | 'notOpen'
  | 'alreadyPublished'
  | 'ended'
  | 'noReason'
  | 'reasonTooLong'
  | 'invalid';

/** Where a problem is shown: at the fields, the languages, the take-down reason, or the form as a whole. */
export type ProblemPlace = 'fields' | 'languages' | 'reason' | 'form';

export interface Choice {
  readonly fields: ReadonlySet<PublicField>;
  readonly languages: ReadonlySet<string>;
}

/** The default choice: what identifies the child and how to call, in the reader's language first. */
export function defaultChoice(lang: string, hasPhoto: boolean): Choice {
  const fields = new Set<PublicField>(['NAME', 'AGE', 'DESCRIPTION', 'CLOTHING', 'LAST_SEEN', 'HOTLINE']);
  if (hasPhoto) fields.add('PHOTO');
  const l = LANGUAGES.find((x) => lang.toLowerCase().startsWith(x)) ?? 'en';
  return { fields, languages: new Set(l === 'es' ? ['es', 'en'] : [l, 'es']) };
}

/** The choice as the server takes it, in a stable order. */
export function choiceInput(c: Choice): { fields: PublicField[]; languages: string[] } {
  return { fields: FIELDS.filter((f) => c.fields.has(f)), languages: LANGUAGES.filter((l) => c.languages.has(l)) };
}

/** The problems the server would refuse the choice for (libs/media checkPublicFields/Languages), said before sending. */
export function checkChoice(c: Choice, hasPhoto: boolean): Partial<Record<ProblemPlace, Problem>> {
  const out: Partial<Record<ProblemPlace, Problem>> = {};
  if (c.fields.size === 0) out.fields = 'noField';
  else if (!c.fields.has('NAME') && !c.fields.has('PHOTO')) out.fields = 'nameOrPhoto';
  else if (c.fields.has('PHOTO') && !hasPhoto) out.fields = 'noPhoto';
  if (c.languages.size === 0) out.languages = 'noLanguage';
  return out;
}

/** The take-down reason's problem, as the server's (at most 500 characters, not empty). */
export function checkReason(reason: string): Problem | null {
  const r = reason.trim();
  if (!r) return 'noReason';
  if (r.length > 500) return 'reasonTooLong';
  return null;
}

/**
 * A refusal of publishChild/updatePublication/takeDownPublication placed at its field, from the server's
 * extensions.field and its stable wording (publication.service.ts, libs/media publication.ts).
 */
export function placeServerError(field: string | undefined, message: string): { place: ProblemPlace; problem: Problem } {
  const f = field ?? '';
  if (f === 'input.fields') {
    if (/no photo/.test(message)) return { place: 'fields', problem: 'noPhoto' };
    if (/name or the photo/.test(message)) return { place: 'fields', problem: 'nameOrPhoto' };
    if (/at least one/.test(message)) return { place: 'fields', problem: 'noField' };
    return { place: 'fields', problem: 'invalid' };
  }
  if (f === 'input.languages') return { place: 'languages', problem: /at least one/.test(message) ? 'noLanguage' : 'invalid' };
  if (f === 'reason') return { place: 'reason', problem: /at most/.test(message) ? 'reasonTooLong' : 'noReason' };
  if (f === 'personId' || /no missing child/.test(message)) return { place: 'form', problem: 'noChild' };
  if (/already published/.test(message)) return { place: 'form', problem: 'alreadyPublished' };
  if (/only an open case/.test(message)) return { place: 'form', problem: 'notOpen' };
  if (f === 'id') return { place: 'form', problem: 'ended' };
  return { place: 'form', problem: 'invalid' };
}

/** The profile's parts a page may show (the child profile's fields of the same names). */
export interface ProfileFacts {
  readonly fullName: string | null;
  readonly ageNow: number | null;
  readonly physicalDescription: string | null;
  readonly clothing: string | null;
  readonly lastSeenAt: string | null;
  readonly lastSeenLocation: { readonly name: string; readonly country: string } | null;
}

/** One line of the preview: a field that will be public, with its value, or `missing` when the profile has none. */
export interface PreviewLine {
  readonly field: PublicField;
  readonly value: string | null;
  /** LAST_SEEN's date (ISO), shown in the reader's format. */
  readonly at?: string | null;
}

/**
 * What the page will show, as the server copies it (publication.service.ts content()): only the chosen
 * fields, each from the profile; the hotlines of the case's country and of the last-seen place's.
 */
export function preview(c: Choice, p: ProfileFacts, caseCountry: string): PreviewLine[] {
  const value = (f: PublicField): string | null => {
    switch (f) {
      case 'NAME':
        return p.fullName;
      case 'AGE':
        return p.ageNow === null ? null : String(p.ageNow);
      case 'PHOTO':
        return null;
      case 'DESCRIPTION':
        return p.physicalDescription;
      case 'CLOTHING':
        return p.clothing;
      case 'LAST_SEEN':
        return p.lastSeenLocation?.name ?? null;
      case 'HOTLINE':
        return [...new Set([caseCountry, ...(p.lastSeenLocation ? [p.lastSeenLocation.country] : [])].map((x) => x.toUpperCase()))].join(
          ', ',
        );
    }
  };
  return FIELDS.filter((f) => c.fields.has(f)).map((field) =>
    field === 'LAST_SEEN' ? { field, value: value(field), at: p.lastSeenAt } : { field, value: value(field) },
  );
}

/** The public page's full address, from this server's origin and the page's path. */
export function publicUrl(origin: string, path: string): string {
  return new URL(path, origin).toString();
}

/** Whole days until the review date (negative once passed), and whether it is soon (a week or less). */
export function reviewIn(reviewAt: string, now: Date): { days: number; soon: boolean } {
  const days = Math.ceil((Date.parse(reviewAt) - now.getTime()) / 86_400_000);
  return { days, soon: days <= 7 };
}

/** The publication to show: the live one, else the latest ended one (the list comes newest first). */
export function currentPublication<T extends { status: string }>(list: readonly T[]): T | null {
  return list.find((p) => p.status === 'PUBLISHED') ?? list[0] ?? null;
}
