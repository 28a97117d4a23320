/**
 * The one declaration of Homeward's link-graph model. Everything else (SQLite
 * DDL, Neo4j migrations, GraphQL enums, the schema used to lint Cypher, input
 * validation) is derived from these tables; never write a kind, property or
 * link rule twice.
 */

export type PropType = 'string' | 'text' | 'number' | 'datetime' | 'date' | 'stringList' | 'country' | 'enum';

export interface PropDef {
  readonly type: PropType;
  readonly required?: boolean;
  /** Part of the full-text index (names, aliases, plates, descriptions). */
  readonly searchable?: boolean;
  /** Gets an exact-match index (plates, VINs, phone numbers). */
  readonly indexed?: boolean;
  readonly values?: readonly string[];
  readonly maxLength?: number;
  readonly min?: number;
  readonly max?: number;
}

export const CASE_CATEGORIES = [
  'RUNAWAY',
  'FAMILY_ABDUCTION',
  'NON_FAMILY_ABDUCTION',
  'LOST_OR_INJURED',
  'MISSING_MIGRANT',
  'UNKNOWN',
] as const;
export const CASE_STATUSES = ['OPEN', 'FOUND_SAFE', 'FOUND_HARMED', 'FOUND_DECEASED', 'CLOSED'] as const;
export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export const ROLES = ['INVESTIGATOR', 'ANALYST', 'SUPERVISOR', 'ADMIN'] as const;
export const AGENCY_KINDS = ['LAW_ENFORCEMENT', 'NGO'] as const;
export const PERSON_ROLES = ['MISSING_CHILD', 'ABDUCTOR', 'SUSPECT', 'COMPANION', 'WITNESS', 'GUARDIAN', 'REPORTER', 'OTHER'] as const;
/** Admiralty (NATO) source reliability grade: A completely reliable ... F cannot be judged. */
export const RELIABILITY_GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const SIGHTING_SOURCES = ['WITNESS', 'CCTV', 'ANPR', 'PATROL', 'HOTLINE', 'SOCIAL_MEDIA', 'OTHER'] as const;

/** Provenance carried by every node and every link. */
export const PROVENANCE_PROPS = {
  createdBy: { type: 'string', required: true },
  createdAt: { type: 'datetime', required: true },
  source: { type: 'string', maxLength: 200 },
  reliability: { type: 'enum', values: RELIABILITY_GRADES },
} as const satisfies Record<string, PropDef>;

/**
 * Who last changed an entity and when: set when its properties are updated, when it is removed from
 * one of its cases but stays in others, and when a link at it is deleted. Absent until the first change
 * (an entity deleted outright leaves only the audit record of the mutation).
 */
export const ENTITY_CHANGE_PROPS = {
  updatedBy: { type: 'string' },
  updatedAt: { type: 'datetime' },
} as const satisfies Record<string, PropDef>;

/** Information credibility as in the police 5x5x5 / i2 grading: 1 known to be true ... 5 suspected to be false. */
export const CREDIBILITY_GRADES = [1, 2, 3, 4, 5] as const;

/**
 * Provenance of a link: that of every node plus the credibility of the information it records
 * (an entity is a thing; only a claimed relation between two things is credible or not).
 */
export const LINK_PROVENANCE_PROPS = {
  ...PROVENANCE_PROPS,
  credibility: { type: 'number', min: 1, max: 5 },
} as const satisfies Record<string, PropDef>;

export interface EntityKindDef {
  /** Neo4j label and the name used in error messages. */
  readonly label: string;
  /** Properties whose values, joined, make the label the client draws. */
  readonly display: readonly string[];
  readonly props: Readonly<Record<string, PropDef>>;
  /** Latitude/longitude properties kept in the spatial index. */
  readonly spatial?: { readonly lat: string; readonly lon: string };
}

export const ENTITY_KINDS = {
  PERSON: {
    label: 'Person',
    display: ['fullName'],
    props: {
      fullName: { type: 'string', required: true, searchable: true, maxLength: 200 },
      aliases: { type: 'stringList', searchable: true },
      dateOfBirth: { type: 'date' },
      sex: { type: 'enum', values: ['FEMALE', 'MALE', 'OTHER', 'UNKNOWN'] },
      nationality: { type: 'country' },
      description: { type: 'text', searchable: true, maxLength: 4000 },
      physicalDescription: { type: 'text', searchable: true, maxLength: 4000 },
      photoRefs: { type: 'stringList' },
      // The missing child's profile (issue 7): what a poster and an alert tell the public.
      clothing: { type: 'text', searchable: true, maxLength: 2000 },
      languagesSpoken: { type: 'stringList' },
      medicalNeeds: { type: 'text', maxLength: 2000 },
      circumstances: { type: 'text', searchable: true, maxLength: 4000 },
    },
  },
  VEHICLE: {
    label: 'Vehicle',
    display: ['plate'],
    props: {
      plate: { type: 'string', required: true, searchable: true, indexed: true, maxLength: 20 },
      plateCountry: { type: 'country' },
      vin: { type: 'string', indexed: true, maxLength: 17 },
      make: { type: 'string', searchable: true, maxLength: 60 },
      model: { type: 'string', searchable: true, maxLength: 60 },
      color: { type: 'string', maxLength: 40 },
      description: { type: 'text', searchable: true, maxLength: 4000 },
    },
  },
  LOCATION: {
    label: 'Location',
    display: ['name'],
    spatial: { lat: 'latitude', lon: 'longitude' },
    props: {
      name: { type: 'string', required: true, searchable: true, maxLength: 200 },
      country: { type: 'country', required: true },
      latitude: { type: 'number', required: true, min: -90, max: 90 },
      longitude: { type: 'number', required: true, min: -180, max: 180 },
      address: { type: 'string', searchable: true, maxLength: 400 },
      description: { type: 'text', searchable: true, maxLength: 4000 },
    },
  },
  SIGHTING: {
    label: 'Sighting',
    display: ['observedAt'],
    props: {
      observedAt: { type: 'datetime', required: true },
      description: { type: 'text', searchable: true, maxLength: 4000 },
      sightingSource: { type: 'enum', values: SIGHTING_SOURCES },
      confidence: { type: 'number', min: 0, max: 1 },
    },
  },
  PHONE: {
    label: 'Phone',
    display: ['number'],
    props: {
      number: { type: 'string', required: true, searchable: true, indexed: true, maxLength: 32 },
      country: { type: 'country' },
      imei: { type: 'string', indexed: true, maxLength: 20 },
      description: { type: 'text', searchable: true, maxLength: 4000 },
    },
  },
  ONLINE_ACCOUNT: {
    label: 'OnlineAccount',
    display: ['platform', 'handle'],
    props: {
      platform: { type: 'string', required: true, maxLength: 60 },
      handle: { type: 'string', required: true, searchable: true, indexed: true, maxLength: 120 },
      url: { type: 'string', maxLength: 400 },
      description: { type: 'text', searchable: true, maxLength: 4000 },
    },
  },
} as const satisfies Record<string, EntityKindDef>;

export type EntityKind = keyof typeof ENTITY_KINDS;
export const ENTITY_KIND_NAMES = Object.keys(ENTITY_KINDS) as EntityKind[];

export interface LinkTypeDef {
  readonly from: readonly EntityKind[];
  readonly to: readonly EntityKind[];
  readonly description: string;
}

const PEOPLE = ['PERSON'] as const;
const SEEN = ['PERSON', 'VEHICLE'] as const;
const CONTACT_POINTS = ['PERSON', 'PHONE', 'ONLINE_ACCOUNT'] as const;

export const LINK_TYPES = {
  ACCOMPANIED_BY: { from: PEOPLE, to: PEOPLE, description: 'Was accompanied by (the child by an adult, say).' },
  SEEN_WITH: { from: PEOPLE, to: PEOPLE, description: 'Was seen together with.' },
  RELATED_TO: { from: PEOPLE, to: PEOPLE, description: 'Family relation.' },
  ASSOCIATE_OF: { from: PEOPLE, to: PEOPLE, description: 'Known associate.' },
  CONTACTED: { from: CONTACT_POINTS, to: CONTACT_POINTS, description: 'Was in contact with (call, message, chat).' },
  OWNS: { from: PEOPLE, to: ['VEHICLE', 'PHONE', 'ONLINE_ACCOUNT'], description: 'Owns or controls.' },
  DRIVES: { from: PEOPLE, to: ['VEHICLE'], description: 'Was driving.' },
  PASSENGER_IN: { from: PEOPLE, to: ['VEHICLE'], description: 'Was a passenger in.' },
  LIVES_AT: { from: PEOPLE, to: ['LOCATION'], description: 'Lives or lived at.' },
  FREQUENTS: { from: SEEN, to: ['LOCATION'], description: 'Is often at.' },
  SIGHTED_AT: { from: ['SIGHTING'], to: ['LOCATION'], description: 'Sighting -> Location where it happened.' },
  SIGHTING_OF: { from: ['SIGHTING'], to: SEEN, description: 'Sighting -> Person or Vehicle that was seen.' },
  USES: { from: PEOPLE, to: ['PHONE', 'ONLINE_ACCOUNT', 'VEHICLE'], description: 'Uses (a phone, an account, a vehicle).' },
} as const satisfies Record<string, LinkTypeDef>;

export type LinkType = keyof typeof LINK_TYPES;
export const LINK_TYPE_NAMES = Object.keys(LINK_TYPES) as LinkType[];

/** Labels and relationship types of server state kept beside the link graph (Neo4j mode). */
export const STATE_LABELS = [
  'Case',
  'User',
  'Agency',
  'Session',
  // A browser that signed in to an account before (the OWASP device cookie): its own failure count.
  'LoginDevice',
  'AuditRecord',
  'AuditHead',
  'DocUpdate',
  'DocSnapshot',
  'SignOff',
  'Merge',
  'MergeRejection',
  'ResolutionKey',
  'Photo',
  'PhotoFace',
  'FaceMatchSetting',
  'FaceLead',
  'CaseChild',
  'RiskAssessment',
  'ChildAlert',
  'AgencyCoverage',
  // Work in flight (a face-match run): its state, progress and heartbeat, visible from every replica.
  'Job',
  // The public side (libs/media/src/publication-store): published pages and the tips the public sends.
  'Publication',
  'PublicTip',
  // A country's public site: its name, logo and brand colour (libs/media/src/public-site.ts).
  'PublicSite',
  // Teamwork (libs/teamwork): notifications and muted kinds, tasks and their comments, access requests between cases.
  'Notification',
  // A key told once (a mention in the notes): who claimed it first adds the notification.
  'NotificationOnce',
  'NotificationMute',
  'Task',
  'TaskComment',
  'AccessRequest',
  // Case replay: every change to a case's graph, append-only (libs/graph-store/src/journal), and each case's last seq.
  'GraphJournalEntry',
  'GraphJournalHead',
] as const;
export const STATE_REL_TYPES = ['IN_CASE', 'MEMBER_OF', 'WORKS_FOR', 'HAS_KEY'] as const;
/** One node per applied Neo4j migration, so a restart (or a second replica) applies each migration once. */
export const MIGRATION_LABEL = 'Migration';

/** Case properties (a case is a node too; its members are users). */
export const CASE_PROPS = {
  reference: { type: 'string', required: true, indexed: true },
  title: { type: 'string', required: true, searchable: true, maxLength: 200 },
  category: { type: 'enum', required: true, values: CASE_CATEGORIES },
  status: { type: 'enum', required: true, values: CASE_STATUSES },
  riskLevel: { type: 'enum', required: true, values: RISK_LEVELS },
  country: { type: 'country', required: true },
  reportedAt: { type: 'datetime', required: true },
  lastSeenAt: { type: 'datetime' },
} as const satisfies Record<string, PropDef>;
