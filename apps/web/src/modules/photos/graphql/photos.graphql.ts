export interface Photo {
  readonly id: string;
  readonly sha256: string;
  readonly mime: string;
  readonly size: number;
  readonly width: number;
  readonly height: number;
  readonly caption: string | null;
  readonly uploadedAt: string;
  readonly thumbnailUrl: string;
  readonly originalUrl: string;
}

export const PHOTO_FIELDS = 'id sha256 mime size width height caption uploadedAt thumbnailUrl originalUrl';

export const PHOTOS = `query Photos($caseId: ID!, $entityId: ID!) { photos(caseId: $caseId, entityId: $entityId) { ${PHOTO_FIELDS} } }`;
