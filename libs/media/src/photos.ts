/**
 * Photos of a case (the child, companions, suspects, sighting stills): the
 * metadata port, the limits every upload is held to, and the checks that
 * refuse a file before anything is stored.
 */

/** What a photo is attached to: an entity of one case. */
export interface PhotoRecord {
  readonly id: string;
  /** SHA-256 (hex) of the original bytes, exactly as uploaded: the file's name in the store and its evidence hash. */
  readonly sha256: string;
  readonly caseId: string;
  readonly entityId: string;
  /** The entity's kind when the photo was attached (PERSON, SIGHTING, ...). */
  readonly entityKind: string;
  readonly mime: string;
  readonly size: number;
  readonly width: number;
  readonly height: number;
  readonly uploadedBy: string;
  /** UTC ISO-8601. */
  readonly uploadedAt: string;
  readonly caption: string | null;
}

/** A face found in a photo, with its unit-length descriptor. */
export interface FaceRecord {
  readonly photoId: string;
  /** Position of the face in the photo's detection order. */
  readonly index: number;
  /** Box as fractions (0..1) of the upright photo's width and height: x, y, width, height. */
  readonly box: readonly [number, number, number, number];
  readonly score: number;
  readonly embedding: Float32Array;
}

export type LeadStatus = 'PENDING' | 'ACCEPTED' | 'REJECTED';

/**
 * A possible match between a face in a reference photo of the case (the
 * child, a companion) and a face in a sighting still. Never an
 * identification: a person decides.
 */
export interface FaceLead {
  readonly id: string;
  /** The opted-in case the lead was found for. */
  readonly caseId: string;
  readonly personId: string;
  readonly referencePhotoId: string;
  readonly referenceFace: number;
  readonly sightingId: string;
  /** The case the sighting photo belongs to (may be another case the finder could see). */
  readonly sightingCaseId: string;
  readonly sightingPhotoId: string;
  readonly sightingFace: number;
  /** Cosine similarity of the two descriptors, -1..1. */
  readonly similarity: number;
  readonly status: LeadStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  /** The SIGHTING_OF link written when the lead was accepted. */
  readonly linkId: string | null;
}

export type NewLead = Omit<FaceLead, 'status' | 'decidedBy' | 'decidedAt' | 'linkId'>;

export interface FaceMatchSetting {
  readonly caseId: string;
  readonly enabled: boolean;
  readonly updatedBy: string | null;
  readonly updatedAt: string | null;
}

/** Photo metadata, faces and face-match leads; one adapter per backend. */
export interface PhotoStore {
  addPhoto(p: PhotoRecord): Promise<void>;
  getPhoto(id: string): Promise<PhotoRecord | null>;
  photosOfEntity(caseId: string, entityId: string): Promise<PhotoRecord[]>;
  photosOfCases(caseIds: readonly string[], entityKinds?: readonly string[]): Promise<PhotoRecord[]>;
  /** How many photo records point at this content (a file is removed only when none do). */
  countBySha(sha256: string): Promise<number>;

  /** Replaces the faces of a photo and marks it analysed (an empty list means: analysed, no face). */
  setFaces(photoId: string, faces: readonly FaceRecord[]): Promise<void>;
  /** Ids among `photoIds` that were analysed already. */
  analysed(photoIds: readonly string[]): Promise<Set<string>>;
  facesOf(photoIds: readonly string[]): Promise<FaceRecord[]>;

  faceMatchSetting(caseId: string): Promise<FaceMatchSetting>;
  setFaceMatch(caseId: string, enabled: boolean, by: string, at: string): Promise<FaceMatchSetting>;

  /** Adds leads not seen before (same case, reference face and sighting face); returns those added. */
  addLeads(leads: readonly NewLead[]): Promise<FaceLead[]>;
  leadsOfCase(caseId: string): Promise<FaceLead[]>;
  getLead(id: string): Promise<FaceLead | null>;
  /** Decides a pending lead; null when it was no longer pending (someone decided first). */
  decideLead(id: string, status: 'ACCEPTED' | 'REJECTED', by: string, at: string, linkId: string | null): Promise<FaceLead | null>;
}

/** Limits every upload is held to. */
export const PHOTO_LIMITS = {
  /** Bytes of one upload, counted while it streams in. */
  maxBytes: 20 * 1024 * 1024,
  /** Largest side a photo may declare. */
  maxSide: 12_000,
  /** Most pixels a photo may decode to (sharp's limitInputPixels): 50 megapixels, about 200 MB of RGBA. */
  maxPixels: 50_000_000,
  /** Longest side of a thumbnail. */
  thumbSide: 320,
  captionMax: 500,
} as const;

export const PHOTO_MIME: Readonly<Record<string, string>> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** Why a file was refused; the reason is for people, the code for clients (translated there). */
export type PhotoRejection = 'NOT_AN_IMAGE' | 'UNSUPPORTED_FORMAT' | 'TOO_LARGE' | 'TOO_MANY_PIXELS' | 'CORRUPT' | 'EMPTY';

export class PhotoRejectedError extends Error {
  constructor(
    readonly reason: PhotoRejection,
    message: string,
  ) {
    super(message);
    this.name = 'PhotoRejectedError';
  }
}

export const isSha256 = (s: string): boolean => /^[0-9a-f]{64}$/.test(s);
