import {
  ENTITY_KINDS,
  ENTITY_KIND_NAMES,
  LINK_TYPE_NAMES,
  STATE_LABELS,
  STATE_REL_TYPES,
  MIGRATION_LABEL,
  PROVENANCE_PROPS,
  LINK_PROVENANCE_PROPS,
  ENTITY_CHANGE_PROPS,
  CASE_PROPS,
  type EntityKindDef,
} from '../model';
import { indexedProps, searchableProps } from './sqlite';

/** Every entity node carries this label beside its kind's label, so an id lookup needs no kind. */
export const ENTITY_LABEL = 'Entity';

/**
 * A derived entity property the full-text index covers: the exact-match
 * identifiers (plates, numbers, handles, VINs) with separators removed, so that
 * "p777xyz" finds "P-777XYZ". Lucene's standard tokenizer splits "P-777XYZ" at
 * the dash into "p" and "777xyz", and no query of the typed word can join them
 * again. The embedded store indexes the same compact forms.
 */
export const SEARCH_KEYS_PROP = 'searchKeys';

/**
 * Property keys of the server-state nodes and relationships (users, agencies,
 * sessions, memberships, migrations) that the model tables above do not name.
 */
const STATE_PROPERTY_KEYS = [
  'email',
  'displayName',
  'agencyId',
  'passwordHash',
  'disabled',
  'failedLogins',
  'lockedUntil',
  'userId',
  'lastSeenAt',
  'expiresAt',
  'revoked',
  'leadAgencyId',
  'addedBy',
  'addedAt',
  // A membership's case role (MEMBER_OF), narrowing the account's role on that case.
  'caseRole',
  'name',
  'appliedAt',
  'checksum',
  // Document updates and audit records: keys of the indexes the migrations create.
  'room',
  'seq',
  // Collaborative documents (libs/collab): update bytes, snapshots, sign-offs, and the count of appends
  // whose increment serializes the writers of one room across replicas.
  'data',
  'state',
  'appends',
  'lastSeq',
  // Work in flight (libs/graph-store/src/jobs): a run's owner replica, heartbeat and progress.
  'run',
  'jobKey',
  'lockedAt',
  'owner',
  'startedBy',
  'startedAt',
  'heartbeatAt',
  'finishedAt',
  'progress',
  'error',
  'comment',
  'contentHash',
  // The audit trail (libs/audit).
  'hash',
  'prevHash',
  'at',
  'lock',
  'action',
  'outcome',
  'actorId',
  'actorEmail',
  'targetType',
  'targetId',
  'purpose',
  'details',
  // Photos, faces and face-match leads (libs/media).
  'sha256',
  'entityId',
  'entityKind',
  'mime',
  'size',
  'width',
  'height',
  'uploadedBy',
  'uploadedAt',
  'caption',
  'faces',
  'photoId',
  'idx',
  'box',
  'score',
  'embedding',
  'enabled',
  'updatedBy',
  'personId',
  'referencePhotoId',
  'referenceFace',
  'sightingId',
  'sightingCaseId',
  'sightingPhotoId',
  'sightingFace',
  'similarity',
  'decidedBy',
  'decidedAt',
  'linkId',
  // Entity resolution (libs/analysis): merge records, rejected pairs, blocking keys.
  'survivorId',
  'mergedId',
  'mergedLabel',
  'snapshot',
  'mergedBy',
  'mergedAt',
  'undoneBy',
  'undoneAt',
  'aId',
  'bId',
  'rejectedBy',
  'rejectedAt',
  // The missing child's records (libs/media/src/profile-store): last-seen place, found time, risk history, alerts, coverage.
  'lastSeenLocationId',
  'foundAt',
  'factors',
  'proposedLevel',
  'reasons',
  'confirmedLevel',
  'note',
  'assessedBy',
  'assessedAt',
  'msgType',
  'referencesId',
  'sent',
  'sender',
  'languages',
  'recipients',
  'areaDescription',
  'xml',
  'issuedBy',
  'issuedAt',
  'countries',
  'circles',
  // Publications and public tips (libs/media/src/publication-store).
  'fields',
  'content',
  'publishedBy',
  'publishedAt',
  'reviewAt',
  'endedAt',
  'endedBy',
  'endReason',
  'publicationId',
  'channel',
  'late',
  'receivedAt',
  'receivedBy',
  'reason',
  // A country's public site (libs/media/src/publication-store).
  'siteName',
  'siteNames',
  'brandColour',
  'logoSha256',
  'logoWidth',
  'logoHeight',
  'logoData',
  // Teamwork (libs/teamwork): notifications, tasks and their comments, access requests.
  'recipientId',
  'params',
  'readAt',
  'kinds',
  'assigneeId',
  'due',
  'priority',
  'entityIds',
  'sourceKind',
  'sourceId',
  'dueNotifiedAt',
  'taskId',
  'authorId',
  'body',
  'mentionedUserIds',
  'mentionedEntityIds',
  'fromCaseId',
  'toCaseId',
  'requesterId',
  'reason',
  'identifierKind',
  'message',
  'decisionReason',
  'grantedRole',
  // The graph journal (case replay): the nodes and edges a change carried (JSON), the ids it brought into the case.
  'nodes',
  'edges',
  'created',
  // Compact identifiers for the full-text index (SEARCH_KEYS_PROP).
  'searchKeys',
] as const;

export interface Migration {
  readonly name: string;
  readonly statements: readonly string[];
}

/**
 * Neo4j migrations, numbered and idempotent (IF NOT EXISTS), derived from the
 * model. `npm run schema:generate` writes them to graph-schema/migrations and
 * a test checks the committed files match.
 */
export function neo4jMigrations(): Migration[] {
  const constraints: string[] = [`CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:${ENTITY_LABEL}) REQUIRE n.id IS UNIQUE`];
  for (const kind of ENTITY_KIND_NAMES) {
    const { label } = ENTITY_KINDS[kind];
    constraints.push(`CREATE CONSTRAINT ${label.toLowerCase()}_id IF NOT EXISTS FOR (n:${label}) REQUIRE n.id IS UNIQUE`);
  }
  for (const label of STATE_LABELS) {
    constraints.push(`CREATE CONSTRAINT state_${label.toLowerCase()}_id IF NOT EXISTS FOR (n:${label}) REQUIRE n.id IS UNIQUE`);
  }
  constraints.push('CREATE CONSTRAINT user_email IF NOT EXISTS FOR (n:User) REQUIRE n.email IS UNIQUE');
  constraints.push('CREATE CONSTRAINT case_reference IF NOT EXISTS FOR (n:Case) REQUIRE n.reference IS UNIQUE');

  const indexes = indexedProps().map(
    ({ label, prop }) => `CREATE INDEX ${label.toLowerCase()}_${prop.toLowerCase()} IF NOT EXISTS FOR (n:${label}) ON (n.${prop})`,
  );
  const searchLabels = ENTITY_KIND_NAMES.map((k) => ENTITY_KINDS[k].label).join('|');
  const searchProps = [...new Set(ENTITY_KIND_NAMES.flatMap((k) => searchableProps(ENTITY_KINDS[k] as EntityKindDef))), SEARCH_KEYS_PROP];
  const fulltext = [
    `CREATE FULLTEXT INDEX entity_search IF NOT EXISTS FOR (n:${searchLabels}) ON EACH [${searchProps
      .map((p) => `n.${p}`)
      .join(', ')}] OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'standard-folding' } }`,
    'CREATE POINT INDEX location_point IF NOT EXISTS FOR (n:Location) ON (n.point)',
    'CREATE INDEX audit_seq IF NOT EXISTS FOR (n:AuditRecord) ON (n.seq)',
    'CREATE INDEX doc_update_room IF NOT EXISTS FOR (n:DocUpdate) ON (n.room, n.seq)',
    // Teamwork: a user's inbox, a case's and an assignee's tasks, a task's comments, the requests of a pair of cases.
    'CREATE INDEX notification_recipient IF NOT EXISTS FOR (n:Notification) ON (n.recipientId)',
    'CREATE INDEX task_case IF NOT EXISTS FOR (n:Task) ON (n.caseId)',
    'CREATE INDEX task_assignee IF NOT EXISTS FOR (n:Task) ON (n.assigneeId)',
    'CREATE INDEX task_comment_task IF NOT EXISTS FOR (n:TaskComment) ON (n.taskId)',
    'CREATE INDEX access_request_pair IF NOT EXISTS FOR (n:AccessRequest) ON (n.fromCaseId, n.toCaseId)',
    'CREATE INDEX access_request_to IF NOT EXISTS FOR (n:AccessRequest) ON (n.toCaseId)',
    // Case replay: a case's journal, in order.
    'CREATE INDEX graph_journal_case IF NOT EXISTS FOR (n:GraphJournalEntry) ON (n.caseId, n.seq)',
  ];
  return [
    { name: '001_constraints', statements: constraints },
    { name: '002_indexes', statements: indexes },
    { name: '003_search_and_spatial', statements: fulltext },
  ];
}

/** The text of one migration file. */
export function migrationFile(m: Migration): string {
  return `// Generated from graph-schema/src/model.ts by \`npm run schema:generate\`; do not edit.\n${m.statements.map((s) => `${s};`).join('\n')}\n`;
}

/** Labels, relationship types and property keys a Cypher statement of the project may use (for the linter). */
export function cypherLintSchema(): { labels: string[]; relationshipTypes: string[]; propertyKeys: string[] } {
  const labels = [ENTITY_LABEL, ...ENTITY_KIND_NAMES.map((k) => ENTITY_KINDS[k].label), ...STATE_LABELS, MIGRATION_LABEL];
  const relationshipTypes = [...LINK_TYPE_NAMES, ...STATE_REL_TYPES];
  const propertyKeys = new Set<string>(['id', 'kind', 'label', 'props', 'role', 'caseId', 'point', 'type', 'updatedAt']);
  for (const k of ENTITY_KIND_NAMES) for (const p of Object.keys(ENTITY_KINDS[k].props)) propertyKeys.add(p);
  for (const p of Object.keys(PROVENANCE_PROPS)) propertyKeys.add(p);
  for (const p of Object.keys(LINK_PROVENANCE_PROPS)) propertyKeys.add(p);
  for (const p of Object.keys(ENTITY_CHANGE_PROPS)) propertyKeys.add(p);
  for (const p of Object.keys(CASE_PROPS)) propertyKeys.add(p);
  for (const p of STATE_PROPERTY_KEYS) propertyKeys.add(p);
  return { labels, relationshipTypes, propertyKeys: [...propertyKeys] };
}
