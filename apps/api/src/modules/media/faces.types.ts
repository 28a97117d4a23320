import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../base/scalars.js';
import { toNode } from '../graph/graph.mapper.js';
import { GraphNode } from '../graph/graph.types.js';
import type { FaceMatchJob as Job, LeadView } from './faces.service.js';
import { Photo, toPhoto } from './photos.types.js';
import type { FaceMatchSetting } from '@homeward/media';

@ObjectType({ description: 'Progress of the latest face-match run of a case (kept by the server process).' })
export class FaceMatchJob {
  @Field(() => String, { description: 'IDLE, RUNNING, DONE or FAILED.' }) state: string;
  @Field(() => Int, { description: 'Photos to analyse in this run.' }) total: number;
  @Field(() => Int) done: number;
  @Field(() => Int) newLeads: number;
  @Field(() => Int, { description: 'Photos the models could not read in this run (tried again next run).' }) unreadable: number;
  @Field(() => Boolean, { description: 'The opt-in was turned off during the run, which stopped it.' }) stopped: boolean;
  @Field(() => DateTimeScalar, { nullable: true }) startedAt: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) finishedAt: string | null;
  @Field(() => String, { nullable: true }) error: string | null;
}

@ObjectType({ description: 'Face-match leads of a case: opt-in, assistive, never an identification.' })
export class FaceMatchStatus {
  @Field(() => ID) caseId: string;
  @Field(() => Boolean) enabled: boolean;
  @Field(() => ID, { nullable: true }) updatedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) updatedAt: string | null;
  @Field(() => Float, { description: 'Cosine similarity at or above which a pair becomes a lead.' }) threshold: number;
  @Field(() => FaceMatchJob) job: FaceMatchJob;
}

@ObjectType({ description: 'Where a face is in its photo, as fractions (0..1) of the width and height.' })
export class FaceBox {
  @Field(() => Float) x: number;
  @Field(() => Float) y: number;
  @Field(() => Float) width: number;
  @Field(() => Float) height: number;
}

@ObjectType({
  description:
    'A possible match between a face of the case and a face in a sighting photo. It needs human review; it is not an identification.',
})
export class FaceMatchLead {
  @Field(() => ID) id: string;
  @Field(() => ID) caseId: string;
  @Field(() => GraphNode, { nullable: true }) person: GraphNode | null;
  @Field(() => GraphNode, { nullable: true }) sighting: GraphNode | null;
  @Field(() => ID) sightingCaseId: string;
  @Field(() => Photo, { nullable: true }) referencePhoto: Photo | null;
  @Field(() => FaceBox, { nullable: true }) referenceFace: FaceBox | null;
  @Field(() => Photo, { nullable: true }) sightingPhoto: Photo | null;
  @Field(() => FaceBox, { nullable: true }) sightingFace: FaceBox | null;
  @Field(() => Float, { description: 'Cosine similarity of the two face descriptors (-1..1).' }) similarity: number;
  @Field(() => String, { description: 'PENDING, ACCEPTED or REJECTED.' }) status: string;
  @Field(() => DateTimeScalar) createdAt: string;
  @Field(() => ID, { nullable: true }) decidedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) decidedAt: string | null;
  @Field(() => ID, { nullable: true, description: 'The SIGHTING_OF link written when the lead was accepted.' }) linkId: string | null;
}

const box = (b: readonly [number, number, number, number] | null): FaceBox | null =>
  b ? { x: b[0], y: b[1], width: b[2], height: b[3] } : null;

export function toStatus(s: { setting: FaceMatchSetting; job: Job }, threshold: number): FaceMatchStatus {
  return { ...s.setting, threshold, job: { ...s.job } };
}

export function toLead(v: LeadView): FaceMatchLead {
  const l = v.lead;
  return {
    id: l.id,
    caseId: l.caseId,
    person: v.person ? toNode(v.person, l.caseId) : null,
    sighting: v.sighting ? toNode(v.sighting, l.sightingCaseId) : null,
    sightingCaseId: l.sightingCaseId,
    referencePhoto: v.referencePhoto ? toPhoto(v.referencePhoto) : null,
    referenceFace: box(v.referenceBox),
    sightingPhoto: v.sightingPhoto ? toPhoto(v.sightingPhoto) : null,
    sightingFace: box(v.sightingBox),
    similarity: l.similarity,
    status: l.status,
    createdAt: l.createdAt,
    decidedBy: l.decidedBy,
    decidedAt: l.decidedAt,
    linkId: l.linkId,
  };
}
