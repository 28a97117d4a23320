import { PHOTO_FIELDS, type Photo } from '../../photos';

export interface FaceMatchJob {
  readonly state: 'IDLE' | 'RUNNING' | 'DONE' | 'FAILED';
  readonly total: number;
  readonly done: number;
  readonly newLeads: number;
  readonly unreadable: number;
  readonly stopped: boolean;
  readonly error: string | null;
  readonly finishedAt: string | null;
}

export interface FaceMatchStatus {
  readonly enabled: boolean;
  readonly threshold: number;
  readonly updatedAt: string | null;
  readonly job: FaceMatchJob;
}

export interface FaceBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface FaceMatchLead {
  readonly id: string;
  readonly status: 'PENDING' | 'ACCEPTED' | 'REJECTED';
  readonly similarity: number;
  readonly person: { readonly id: string; readonly label: string } | null;
  readonly sighting: { readonly id: string; readonly label: string } | null;
  readonly sightingCaseId: string;
  readonly referencePhoto: Photo | null;
  readonly referenceFace: FaceBox | null;
  readonly sightingPhoto: Photo | null;
  readonly sightingFace: FaceBox | null;
  readonly decidedAt: string | null;
}

const STATUS = 'enabled threshold updatedAt job { state total done newLeads unreadable stopped error finishedAt }';
const BOX = 'x y width height';
const LEAD = `id status similarity person { id label } sighting { id label } sightingCaseId referencePhoto { ${PHOTO_FIELDS} } referenceFace { ${BOX} } sightingPhoto { ${PHOTO_FIELDS} } sightingFace { ${BOX} } decidedAt`;

export const FACE_MATCH = `query FaceMatch($caseId: ID!) { faceMatch(caseId: $caseId) { ${STATUS} } }`;
export const SET_FACE_MATCH = `mutation SetFaceMatch($caseId: ID!, $enabled: Boolean!) { setFaceMatch(caseId: $caseId, enabled: $enabled) { ${STATUS} } }`;
export const RUN_FACE_MATCH = `mutation RunFaceMatch($caseId: ID!) { runFaceMatch(caseId: $caseId) { ${STATUS} } }`;
export const FACE_MATCH_LEADS = `query FaceMatchLeads($caseId: ID!) { faceMatchLeads(caseId: $caseId) { ${LEAD} } }`;
export const DECIDE_LEAD = `mutation DecideLead($caseId: ID!, $id: ID!, $accept: Boolean!) { decideFaceMatchLead(caseId: $caseId, id: $id, accept: $accept) { ${LEAD} } }`;
