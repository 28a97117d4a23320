/**
 * The public side of a case: what a supervisor publishes about a missing
 * child (a frozen copy of the chosen fields, never a view into the case) and
 * the tips the public sends back. Pure types and checks; the records live
 * behind PublicationStore (embedded and Neo4j adapters in publication-store/).
 */
import { POSTER_LANGUAGES, type PosterLanguage } from './poster-i18n';
import type { PublicSiteStore } from './public-site';

/** The profile fields a supervisor may put on a public page; nothing else of a case is ever public. */
export const PUBLIC_FIELDS = ['NAME', 'AGE', 'PHOTO', 'DESCRIPTION', 'CLOTHING', 'LAST_SEEN', 'HOTLINE'] as const;
export type PublicField = (typeof PUBLIC_FIELDS)[number];

export const PUBLIC_LANGUAGES = POSTER_LANGUAGES;
export type PublicLanguage = PosterLanguage;

export type PublicationStatus = 'PUBLISHED' | 'TAKEN_DOWN' | 'EXPIRED';

/**
 * What the public page shows, copied from the profile when the supervisor
 * publishes or updates: a field not chosen is null here, so nothing unchosen
 * can reach a page, a feed or a poster whatever the renderer does.
 */
export interface PublicContent {
  readonly name: string | null;
  readonly ageYears: number | null;
  /** The photo's content hash (its EXIF-free thumbnail is what the public gets). */
  readonly photoSha256: string | null;
  readonly description: string | null;
  readonly clothing: string | null;
  readonly lastSeenAt: string | null;
  readonly lastSeenPlace: string | null;
  /** The last-seen point, for the area a feed item carries (rounded to about 1 km). */
  readonly lastSeenPoint: { readonly lat: number; readonly lon: number } | null;
  /** Hotline per country concerned (null number: call the emergency services). */
  readonly hotlines: ReadonlyArray<{ readonly country: string; readonly number: string | null }>;
}

export interface PublicationRecord {
  readonly id: string;
  readonly caseId: string;
  readonly personId: string;
  /** The country whose public site lists the child (the case's country). */
  readonly country: string;
  readonly status: PublicationStatus;
  readonly fields: readonly PublicField[];
  readonly languages: readonly PublicLanguage[];
  readonly content: PublicContent;
  readonly publishedBy: string;
  readonly publishedAt: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
  /** When the page is due for review: past it, the page expires until a supervisor publishes again. */
  readonly reviewAt: string;
  readonly endedAt: string | null;
  /** Who took it down (null: the system, on the case's status or the review date). */
  readonly endedBy: string | null;
  readonly endReason: string | null;
}

/** What an update may change: the chosen fields and languages, the copy, and the review date. */
export type PublicationUpdate = Pick<PublicationRecord, 'id' | 'fields' | 'languages' | 'content' | 'updatedBy' | 'updatedAt' | 'reviewAt'>;

export type TipStatus = 'NEW' | 'ACCEPTED' | 'MERGED' | 'DISMISSED';
export type TipChannel = 'PUBLIC' | 'HOTLINE';

export interface TipContent {
  readonly what: string;
  readonly seenAt: string | null;
  readonly place: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly contact: string | null;
  /** The stored photo (EXIF removed), when one was sent. */
  readonly photo: { readonly sha256: string; readonly mime: string; readonly width: number; readonly height: number } | null;
  /** Where the photo's EXIF said it was taken (read before the EXIF was stripped). */
  readonly photoLocation: { readonly lat: number; readonly lon: number } | null;
  /** Hotline intake: the caller's phone and the hotline that took the call. */
  readonly callerPhone: string | null;
  readonly hotline: string | null;
}

export interface TipRecord {
  readonly id: string;
  readonly caseId: string;
  readonly publicationId: string | null;
  readonly channel: TipChannel;
  readonly status: TipStatus;
  readonly receivedAt: string;
  /** Sent to a page already taken down (accepted for a grace period). */
  readonly late: boolean;
  readonly content: TipContent;
  /** The call-taker of a hotline tip. */
  readonly receivedBy: string | null;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly reason: string | null;
  /** The sighting it became (ACCEPTED) or was merged into (MERGED). */
  readonly sightingId: string | null;
}

export interface TipDecision {
  readonly id: string;
  readonly status: Exclude<TipStatus, 'NEW'>;
  readonly decidedBy: string;
  readonly decidedAt: string;
  readonly reason: string | null;
  readonly sightingId: string | null;
}

/** Publications, tips, and each country's public site (name, logo, colour). */
export interface PublicationStore extends PublicSiteStore {
  createPublication(p: PublicationRecord): Promise<void>;
  /** Replaces the copy of a page still published; false (nothing written) when it was taken down or expired meanwhile. */
  updatePublication(u: PublicationUpdate): Promise<boolean>;
  getPublication(id: string): Promise<PublicationRecord | null>;
  /** Every publication of a case, live or ended, newest first. */
  publicationsOfCase(caseId: string): Promise<PublicationRecord[]>;
  /** Pages being served now, newest first; of one country, or of all with null. */
  livePublications(country: string | null): Promise<PublicationRecord[]>;
  /** Ends a published page; null (nothing written) when it had already ended. */
  endPublication(
    id: string,
    status: Exclude<PublicationStatus, 'PUBLISHED'>,
    endedBy: string | null,
    endedAt: string,
    reason: string,
  ): Promise<PublicationRecord | null>;
  /** Published pages whose review date is at or before `now`. */
  dueForReview(now: string): Promise<PublicationRecord[]>;
  addTip(t: TipRecord): Promise<void>;
  getTip(id: string): Promise<TipRecord | null>;
  /** A case's tips, newest first. */
  tipsOfCase(caseId: string): Promise<TipRecord[]>;
  /** Decides a NEW tip; null (nothing written) when it was already decided. */
  decideTip(d: TipDecision): Promise<TipRecord | null>;
}

/** The default review period of a published page, in days (PUBLIC_REVIEW_DAYS). */
export const DEFAULT_REVIEW_DAYS = 30;
/** How long after a take-down a page's tips are still taken (and marked late). */
export const LATE_TIP_DAYS = 7;

export function checkPublicFields(fields: readonly string[]): string | null {
  if (fields.length === 0) return 'choose at least one field';
  for (const f of fields) if (!(PUBLIC_FIELDS as readonly string[]).includes(f)) return `${f} is not one of ${PUBLIC_FIELDS.join(', ')}`;
  if (!fields.includes('NAME') && !fields.includes('PHOTO')) return 'a public page needs the name or the photo';
  return null;
}

export function checkPublicLanguages(languages: readonly string[]): string | null {
  if (languages.length === 0) return 'choose at least one language';
  for (const l of languages)
    if (!(PUBLIC_LANGUAGES as readonly string[]).includes(l)) return `${l} is not one of ${PUBLIC_LANGUAGES.join(', ')}`;
  return null;
}

/** About 1 km: a public point says where, not which house. */
export const roundPoint = (v: number): number => Math.round(v * 100) / 100;
