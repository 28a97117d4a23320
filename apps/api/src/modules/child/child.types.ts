import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { RiskLevelEnum } from '../../base/enums.js';
import { DateTimeScalar } from '../../base/scalars.js';
import { Agency } from '../cases/case.types.js';

export const PaperSizeEnum = { A4: 'A4', LETTER: 'LETTER' } as const;
export const AreaKindEnum = { CIRCLE: 'CIRCLE', CORRIDOR: 'CORRIDOR' } as const;
export const AlertMsgTypeEnum = { Alert: 'Alert', Update: 'Update', Cancel: 'Cancel' } as const;
export const AlertStatusEnum = { Actual: 'Actual', Exercise: 'Exercise', Test: 'Test' } as const;
registerEnumType(PaperSizeEnum, { name: 'PaperSize' });
registerEnumType(AreaKindEnum, { name: 'AreaKind', description: 'A circle around the last sighting, or a corridor along the sightings.' });
registerEnumType(AlertMsgTypeEnum, {
  name: 'AlertMsgType',
  description: 'CAP 1.2 msgType: an Update or Cancel refers to the first Alert.',
});
registerEnumType(AlertStatusEnum, {
  name: 'AlertStatus',
  description: 'CAP 1.2 status: Exercise and Test are not acted on by recipients.',
});

@ObjectType()
export class ProfileLocation {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => String) country: string;
  @Field(() => Float) latitude: number;
  @Field(() => Float) longitude: number;
}

export const LastSeenBasisEnum = { REPORT: 'REPORT', SIGHTING: 'SIGHTING' } as const;
registerEnumType(LastSeenBasisEnum, {
  name: 'LastSeenBasis',
  description: 'Where a "last seen" comes from.',
  valuesMap: {
    REPORT: { description: 'The report’s last-seen time and place (no later confirmed sighting).' },
    SIGHTING: { description: 'A confirmed sighting of the child later than the report’s last-seen time.' },
  },
});

@ObjectType({
  description:
    'Where and when the child was last seen: the latest of the report and the child’s confirmed sightings\n' +
    '(of the child, at a place, confidence 0.5 or more when stated, the link to the child not graded 4 or 5).\n' +
    'The case header, the profile, the poster and the alert all say this.',
})
export class LastSeen {
  @Field(() => LastSeenBasisEnum) basis: 'REPORT' | 'SIGHTING';
  @Field(() => DateTimeScalar, { nullable: true }) at: string | null;
  @Field(() => ProfileLocation, { nullable: true }) location: ProfileLocation | null;
  @Field(() => ID, { nullable: true, description: 'The sighting, for basis SIGHTING.' }) sightingId: string | null;
  @Field(() => String, { nullable: true, description: 'The sighting’s source (CCTV, WITNESS, …), for basis SIGHTING.' })
  sightingSource: string | null;
  @Field(() => Float, { nullable: true }) confidence: number | null;
}

@ObjectType({ description: 'Factors of a risk assessment; the server suggests some from the profile.' })
export class RiskFactorsView {
  @Field(() => Int, { nullable: true }) ageYears: number | null;
  @Field(() => Boolean) medicalNeeds: boolean;
  @Field(() => Boolean) vulnerability: boolean;
  @Field(() => Boolean) onlineGrooming: boolean;
  @Field(() => Boolean) suspectedAbductor: boolean;
  @Field(() => Boolean) violenceOrThreats: boolean;
  @Field(() => Boolean) inMigration: boolean;
  @Field(() => Boolean) crossBorder: boolean;
  @Field(() => Float) hoursMissing: number;
  @Field(() => Int) previousEpisodes: number;
  @Field(() => Boolean) outOfCharacter: boolean;
}

@InputType()
export class RiskFactorsInput {
  @Field(() => Int, { nullable: true }) ageYears?: number | null;
  @Field(() => Boolean, { defaultValue: false }) medicalNeeds: boolean;
  @Field(() => Boolean, { defaultValue: false }) vulnerability: boolean;
  @Field(() => Boolean, { defaultValue: false }) onlineGrooming: boolean;
  @Field(() => Boolean, { defaultValue: false }) suspectedAbductor: boolean;
  @Field(() => Boolean, { defaultValue: false }) violenceOrThreats: boolean;
  @Field(() => Boolean, { defaultValue: false }) inMigration: boolean;
  @Field(() => Boolean, { defaultValue: false }) crossBorder: boolean;
  @Field(() => Float, { defaultValue: 0 }) hoursMissing: number;
  @Field(() => Int, { defaultValue: 0 }) previousEpisodes: number;
  @Field(() => Boolean, { defaultValue: false }) outOfCharacter: boolean;
}

@ObjectType()
export class ChildProfile {
  @Field(() => ID) caseId: string;
  @Field(() => ID, { nullable: true, description: 'The Person with role MISSING_CHILD; null until one is recorded.' }) personId:
    string | null;
  @Field(() => String, { nullable: true }) fullName: string | null;
  @Field(() => [String]) aliases: string[];
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) dateOfBirth: string | null;
  @Field(() => String, { nullable: true }) sex: string | null;
  @Field(() => String, { nullable: true }) nationality: string | null;
  @Field(() => String, { nullable: true }) physicalDescription: string | null;
  @Field(() => String, { nullable: true }) clothing: string | null;
  @Field(() => [String]) languagesSpoken: string[];
  @Field(() => String, { nullable: true }) medicalNeeds: string | null;
  @Field(() => String, { nullable: true }) circumstances: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'The report’s last-seen time, as reported.' }) lastSeenAt: string | null;
  @Field(() => ProfileLocation, { nullable: true, description: 'The report’s last-seen place, as reported.' })
  lastSeenLocation: ProfileLocation | null;
  @Field(() => LastSeen, { description: 'The latest of the report and the confirmed sightings: what to tell as "last seen".' })
  lastSeen: LastSeen;
  @Field(() => Int, { nullable: true, description: 'Whole years at the last-seen time (or the report, when that is unknown).' })
  ageAtDisappearance: number | null;
  @Field(() => Int, { nullable: true }) ageNow: number | null;
  @Field(() => [String], { description: 'NOT_A_CHILD (18 or older: outside the ICMEC definition), NO_DATE_OF_BIRTH, NO_LAST_SEEN_PLACE.' })
  warnings: string[];
  @Field(() => RiskFactorsView, { description: 'Factors the profile and the case already tell; the investigator completes them.' })
  suggestedRiskFactors: RiskFactorsView;
  @Field(() => [ProfileLocation], { description: 'Places of the case, to choose the last-seen place from.' })
  caseLocations: ProfileLocation[];
}

@InputType()
export class ChildProfileInput {
  @Field(() => ID, { nullable: true, description: 'The person to edit; absent: the case’s missing child, created when there is none.' })
  personId?: string | null;
  @Field(() => String, { nullable: true }) fullName?: string | null;
  @Field(() => [String], { nullable: true }) aliases?: string[] | null;
  @Field(() => String, { nullable: true }) dateOfBirth?: string | null;
  @Field(() => String, { nullable: true }) sex?: string | null;
  @Field(() => String, { nullable: true }) nationality?: string | null;
  @Field(() => String, { nullable: true }) physicalDescription?: string | null;
  @Field(() => String, { nullable: true }) clothing?: string | null;
  @Field(() => [String], { nullable: true }) languagesSpoken?: string[] | null;
  @Field(() => String, { nullable: true }) medicalNeeds?: string | null;
  @Field(() => String, { nullable: true }) circumstances?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) lastSeenAt?: string | null;
  @Field(() => ID, { nullable: true, description: 'A Location of the case.' }) lastSeenLocationId?: string | null;
}

@ObjectType()
export class RiskReasonView {
  @Field(() => String) code: string;
  @Field(() => Int) points: number;
  @Field(() => RiskLevelEnum, { nullable: true, description: 'The level this factor alone requires.' }) floor: string | null;
  @Field(() => String) text: string;
}

@ObjectType()
export class RiskProposalView {
  @Field(() => RiskLevelEnum) level: string;
  @Field(() => Int) score: number;
  @Field(() => [RiskReasonView]) reasons: RiskReasonView[];
}

@ObjectType()
export class RiskAssessment {
  @Field(() => ID) id: string;
  @Field(() => ID) caseId: string;
  @Field(() => RiskFactorsView) factors: RiskFactorsView;
  @Field(() => RiskLevelEnum) proposedLevel: string;
  @Field(() => Int) score: number;
  @Field(() => [RiskReasonView]) reasons: RiskReasonView[];
  @Field(() => RiskLevelEnum) confirmedLevel: string;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => ID) assessedBy: string;
  @Field(() => DateTimeScalar) assessedAt: string;
}

@ObjectType()
export class Hotline {
  @Field(() => String) country: string;
  @Field(() => String, { nullable: true }) number: string | null;
}

@ObjectType()
export class PosterFile {
  @Field(() => String) filename: string;
  @Field(() => String) mimeType: string;
  @Field(() => Int) size: number;
  @Field(() => String, { description: 'The PDF, base64-encoded.' }) base64: string;
  @Field(() => [Hotline]) hotlines: Hotline[];
  @Field(() => Boolean) withPhoto: boolean;
}

@InputType()
export class TargetAreaInput {
  @Field(() => AreaKindEnum, { defaultValue: 'CIRCLE' }) kind: 'CIRCLE' | 'CORRIDOR';
  @Field(() => Float, { defaultValue: 5, description: 'Circle: radius at the moment of the sighting, km.' }) baseKm: number;
  @Field(() => Float, { defaultValue: 30, description: 'Circle: average travel speed since, km/h.' }) speedKmh: number;
  @Field(() => Float, { defaultValue: 500, description: 'Circle: the radius never grows beyond this, km.' }) capKm: number;
  @Field(() => Float, { defaultValue: 20, description: 'Corridor: distance either side of the route, km.' }) bufferKm: number;
}

@ObjectType()
export class AreaCircle {
  @Field(() => Float) lat: number;
  @Field(() => Float) lon: number;
  @Field(() => Float) radiusKm: number;
}

@ObjectType()
export class AreaPoint {
  @Field(() => Float) lat: number;
  @Field(() => Float) lon: number;
}

@ObjectType()
export class AreaPolygon {
  @Field(() => [AreaPoint], { description: 'A closed ring: the first point is repeated last.' }) points: AreaPoint[];
}

@ObjectType()
export class TargetArea {
  @Field(() => AreaKindEnum) kind: string;
  @Field(() => String) description: string;
  @Field(() => [AreaCircle]) circles: AreaCircle[];
  @Field(() => [AreaPolygon]) polygons: AreaPolygon[];
  @Field(() => [String]) countries: string[];
  @Field(() => [Agency], { description: 'Agencies whose coverage meets the area.' }) recipients: Agency[];
}

@InputType()
export class IssueAlertInput {
  @Field(() => AlertMsgTypeEnum, { defaultValue: 'Alert' }) msgType: 'Alert' | 'Update' | 'Cancel';
  @Field(() => AlertStatusEnum, { defaultValue: 'Actual' }) status: 'Actual' | 'Exercise' | 'Test';
  @Field(() => [String], { description: 'One CAP info block per language (en, es, fr, pt).' }) languages: string[];
  @Field(() => TargetAreaInput, { nullable: true }) area?: TargetAreaInput | null;
  @Field(() => ID, { nullable: true, description: 'Update/Cancel: the Alert it refers to (default: the case’s latest Alert).' })
  referencesId?: string | null;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Chosen by the client once per alert it means to issue and sent again with every retry: the alert is then issued once,\n' +
      'and a retry after a lost answer gets the alert already issued (8 to 64 letters, digits, - or _).',
  })
  requestId?: string | null;
}

@ObjectType({ description: 'One language of an alert as recipients will read it.' })
export class AlertPreviewInfo {
  @Field(() => String) language: string;
  @Field(() => String) headline: string;
  @Field(() => String) description: string;
  @Field(() => String, { nullable: true }) instruction: string | null;
  @Field(() => String, { nullable: true }) contact: string | null;
}

@ObjectType({ description: 'An alert composed as it would be issued now, stored nowhere.' })
export class AlertPreview {
  @Field(() => AlertMsgTypeEnum) msgType: string;
  @Field(() => AlertStatusEnum) status: string;
  @Field(() => String) areaDescription: string;
  @Field(() => [Agency]) recipients: Agency[];
  @Field(() => [AlertPreviewInfo]) infos: AlertPreviewInfo[];
  @Field(() => String, { description: 'The CAP 1.2 XML (its identifier and sent time are made again when issued).' }) xml: string;
}

@ObjectType()
export class ChildAlert {
  @Field(() => ID, { description: 'The CAP identifier.' }) id: string;
  @Field(() => ID) caseId: string;
  @Field(() => AlertMsgTypeEnum) msgType: string;
  @Field(() => ID, { nullable: true }) referencesId: string | null;
  @Field(() => String, { description: 'CAP sent time (with its offset).' }) sent: string;
  @Field(() => String) sender: string;
  @Field(() => [String]) languages: string[];
  @Field(() => [Agency]) recipients: Agency[];
  @Field(() => String) areaDescription: string;
  @Field(() => String, { description: 'The CAP 1.2 XML message.' }) xml: string;
  @Field(() => ID) issuedBy: string;
}

@ObjectType()
export class StatBucket {
  @Field(() => String) key: string;
  @Field(() => Int) count: number;
}

@ObjectType()
export class StatCase {
  @Field(() => ID) id: string;
  @Field(() => String) reference: string;
  @Field(() => String) title: string;
  @Field(() => RiskLevelEnum) riskLevel: string;
  @Field(() => String) country: string;
  @Field(() => DateTimeScalar) reportedAt: string;
}

@ObjectType({ description: 'Statistics over the cases the caller may see, and only those.' })
export class CaseStatisticsView {
  @Field(() => Int) total: number;
  @Field(() => [StatBucket]) byCategory: StatBucket[];
  @Field(() => [StatBucket]) byStatus: StatBucket[];
  @Field(() => [StatBucket]) byRisk: StatBucket[];
  @Field(() => [StatBucket]) byCountry: StatBucket[];
  @Field(() => Float, { nullable: true, description: 'Median hours from report to found, over found cases with a recorded time.' })
  medianHoursToRecovery: number | null;
  @Field(() => Int) recovered: number;
  @Field(() => [StatCase]) openHighRisk: StatCase[];
  @Field(() => Int, {
    description: 'Cases touching more than one country (places, sightings, or a shared entity with a case of another country).',
  })
  crossBorder: number;
  @Field(() => Float) crossBorderShare: number;
  @Field(() => String, { description: 'One row per case, CSV (RFC 4180, formula-guarded).' }) csv: string;
}

@InputType()
export class CircleInput {
  @Field(() => Float) lat: number;
  @Field(() => Float) lon: number;
  @Field(() => Float) radiusKm: number;
}

@InputType()
export class AgencyCoverageInput {
  @Field(() => [String], { description: 'Whole countries (ISO 3166-1 alpha-2).' }) countries: string[];
  @Field(() => [CircleInput], { description: 'Regions as circles.' }) circles: CircleInput[];
}

@ObjectType({ description: 'Where an agency works: posters and alerts whose area meets it list the agency as a recipient.' })
export class AgencyCoverageView {
  @Field(() => ID) agencyId: string;
  @Field(() => [String]) countries: string[];
  @Field(() => [AreaCircle]) circles: AreaCircle[];
  @Field(() => Boolean, { description: 'False when nothing is recorded and the agency’s own country stands in.' }) recorded: boolean;
}
