import type { JobStore } from './jobs/port';
import type { GraphJournal } from './journal/port';
import type { EntityKind, LinkType } from '@homeward/graph-schema';
import type { Agency, CaseRecord, EntityRecord, LinkRecord, Reliability, Role, Subgraph, UserRecord } from '@homeward/domain';

/**
 * What a reader may see: the ids of the cases they are a member of. Every read
 * of the link graph takes one; nothing outside it is returned, counted or
 * traversed.
 */
export interface Scope {
  readonly caseIds: ReadonlySet<string>;
  /** The caller's case roles, for the memberships that carry one (a case not here: the account's role alone). */
  readonly caseRoles?: ReadonlyMap<string, Role>;
}

/** Who writes, from which source, how reliable (stored as provenance). */
export interface WriteMeta {
  readonly actorId: string;
  readonly source?: string | null;
  readonly reliability?: Reliability | null;
  /** Credibility (1-5) of the links written; entities carry none. */
  readonly credibility?: number | null;
}

export interface NewEntity {
  readonly id: string;
  readonly kind: EntityKind;
  readonly props: Record<string, unknown>;
  /** The person's role in the case they are added to. */
  readonly role?: string | null;
}

export interface NewLink {
  readonly id: string;
  readonly type: LinkType;
  readonly fromId: string;
  readonly toId: string;
}

/** One atomic change to a case's graph: all of it is written, or none. */
export interface GraphWrite {
  readonly caseId: string;
  readonly entities?: readonly NewEntity[];
  /** Existing entities (of other cases) brought into this case. */
  readonly attach?: ReadonlyArray<{ readonly entityId: string; readonly role?: string | null }>;
  readonly links?: readonly NewLink[];
}

export interface NeighborhoodQuery {
  readonly ids: readonly string[];
  readonly depth: number;
  readonly kinds?: readonly EntityKind[];
  readonly linkTypes?: readonly LinkType[];
  /** Stop after this many nodes (a hub must not flood the client). */
  readonly limit?: number;
}

export interface SearchQuery {
  readonly text: string;
  readonly caseId?: string;
  readonly kinds?: readonly EntityKind[];
  readonly limit?: number;
}

/** Which links a traversal step may take (all of them when a filter is absent). */
export interface ExpandFilters {
  readonly linkTypes?: readonly LinkType[];
  /** The weakest source reliability accepted (A best ... F cannot be judged); an ungraded link counts as F. */
  readonly minReliability?: Reliability;
  /** The weakest information credibility accepted (1 best ... 5); an ungraded link is refused when this is set. */
  readonly minCredibility?: number;
}

/** One visible link at an expanded entity, with what path algorithms need of the entity at its other end. */
export interface AdjacentLink {
  /** The expanded entity (one of the ids asked). */
  readonly fromId: string;
  readonly otherId: string;
  readonly otherKind: EntityKind;
  /** When the other end is a sighting: its observedAt (time-respecting paths order steps by it). */
  readonly otherObservedAt: string | null;
  readonly link: LinkRecord;
}

/** Analyst intelligence, entity resolution: a match the reader may not see, reported only as the agency to ask. */
export interface HiddenMatch {
  /** The entity of the reader's case that matched (the reader sees it already). */
  readonly entityId: string;
  /** Name of the lead agency of a case outside the reader's scope holding it (or the same identifier). */
  readonly agencyName: string;
  readonly reason: 'SAME_ENTITY' | 'SAME_IDENTIFIER';
}

/** Another visible entity with the same identifier (plate, VIN, phone number, IMEI, handle) as one of the case. */
export interface IdentifierMatch {
  readonly entityId: string;
  readonly other: EntityRecord;
  readonly key: string;
}

/** What a case shares with others: its entities in other visible cases, identifier matches, and notices for hidden ones. */
export interface CrossCaseMatches {
  /** Entities of the case that other visible cases hold too, with those cases (ids only). */
  readonly shared: ReadonlyArray<{ readonly entityId: string; readonly otherCaseIds: readonly string[] }>;
  readonly identifiers: IdentifierMatch[];
  readonly hidden: HiddenMatch[];
}

/** A visible case within some links of a case (0: they share an entity), with a few entities showing where. */
export interface NearCaseRow {
  readonly caseId: string;
  readonly distance: number;
  /** Entities of that case at that distance (at most five). */
  readonly viaEntityIds: readonly string[];
  /** Entities of the case asked about they are reached from (at most five). */
  readonly fromEntityIds: readonly string[];
}

/** A visible entity sharing a blocking key (name pair, birth date, identifier) with the one asked about. */
export interface DuplicateCandidateRow {
  readonly record: EntityRecord;
  readonly keys: readonly string[];
}

/** Two entities of one case sharing a blocking key (unscored), neither a rejected pair; `a.id < b.id`. */
export interface DuplicatePairRow {
  readonly a: EntityRecord;
  readonly b: EntityRecord;
  readonly keys: readonly string[];
}

/** A pair a person decided is not the same (`aId < bId`). */
export interface RejectedPairRow {
  readonly aId: string;
  readonly bId: string;
  readonly rejectedBy: string;
  readonly rejectedAt: string;
}

/** Everything a merge changed, kept so it can be undone exactly. */
export interface MergeSnapshot {
  readonly entity: {
    readonly id: string;
    readonly kind: EntityKind;
    readonly label: string;
    readonly props: Record<string, unknown>;
    readonly provenance: EntityRecord['provenance'];
    readonly updatedAt: string;
  };
  readonly memberships: ReadonlyArray<{
    readonly caseId: string;
    readonly role: string | null;
    readonly addedBy: string;
    readonly addedAt: string;
  }>;
  /** The merged entity's links as they were; `fate` says what the merge did to each. */
  readonly links: ReadonlyArray<LinkRecord & { readonly fate: 'REPOINTED' | 'DROPPED_DUPLICATE' | 'DROPPED_SELF' }>;
  /** Cases the survivor joined through the merge (left again by an undo). */
  readonly addedMemberships: readonly string[];
  /** Spellings of the merged entity the survivor took as aliases (taken off again by an undo; absent in older records). */
  readonly aliasesAdded?: readonly string[];
  /** Who last changed the survivor before the merge, as stored: an undo puts it back when nobody changed it since. */
  readonly survivorStamp?: { readonly updatedBy: string | null; readonly updatedAt: string | null };
}

export interface MergeRecord {
  readonly id: string;
  readonly caseId: string;
  readonly kind: EntityKind;
  readonly survivorId: string;
  readonly mergedId: string;
  readonly mergedLabel: string;
  readonly mergedBy: string;
  readonly mergedAt: string;
  readonly undoneBy: string | null;
  readonly undoneAt: string | null;
  readonly snapshot: MergeSnapshot;
}

export interface MergeRequest {
  readonly id: string;
  /** The case the merge is made from (the caller's write permission is checked on it). */
  readonly caseId: string;
  readonly survivorId: string;
  readonly mergedId: string;
}

/** A link's grades (police 5x5x5 / Admiralty): null means not graded. */
export interface LinkGrade {
  readonly reliability: Reliability | null;
  readonly credibility: number | null;
}

/** The link graph. */
export interface GraphStore {
  /** Writes entities, attachments and links of one case atomically; returns what it wrote as the case sees it. */
  write(change: GraphWrite, meta: WriteMeta): Promise<Subgraph>;
  updateEntity(id: string, props: Record<string, unknown>, scope: Scope, meta: WriteMeta): Promise<EntityRecord>;
  /** Removes the entity from one case (and its links in that case); deletes it when no case holds it any more. */
  removeEntity(caseId: string, id: string, meta: WriteMeta): Promise<{ removedLinks: string[] }>;
  /** Deletes one link of the case; returns it as it was. */
  deleteLink(caseId: string, id: string, meta: WriteMeta): Promise<LinkRecord>;
  /**
   * Sets a link's source reliability and information credibility (null clears a grade), stamping both
   * ends as changed by the actor; returns the link before and after, for the audit trail.
   */
  regradeLink(caseId: string, id: string, grade: LinkGrade, meta: WriteMeta): Promise<{ before: LinkRecord; after: LinkRecord }>;
  getEntities(ids: readonly string[], scope: Scope): Promise<EntityRecord[]>;
  caseGraph(caseId: string, scope: Scope): Promise<Subgraph>;
  neighborhood(q: NeighborhoodQuery, scope: Scope): Promise<Subgraph>;
  /**
   * One traversal step: every visible link at each of `ids`, both directions, that passes the filters.
   * A link is visible when its case is in scope (its two ends are then members of that case); nothing
   * of other cases is read out. Path algorithms (libs/analysis: paths, the shortest path too) are built on
   * this, once for both stores.
   */
  expand(ids: readonly string[], scope: Scope, filters?: ExpandFilters): Promise<AdjacentLink[]>;
  /**
   * Optional: libs/analysis `shortestPath`'s answer (the same chain, nodes and links) found in one request
   * where a store can search the whole way itself, `maxLength` already clamped by the caller. Undefined when
   * the store cannot tell that answer here (too many chains of the shortest length to choose among): the
   * caller then runs its own search over `expand`.
   */
  shortestChain?(fromId: string, toId: string, maxLength: number, scope: Scope): Promise<Subgraph | null | undefined>;
  search(q: SearchQuery, scope: Scope): Promise<EntityRecord[]>;
  /** Locations inside a bounding box. */
  locationsWithin(box: { minLat: number; maxLat: number; minLon: number; maxLon: number }, scope: Scope): Promise<EntityRecord[]>;
  /** Sightings of a case with their time, for the timeline. */
  caseSightings(caseId: string, scope: Scope): Promise<EntityRecord[]>;
  counts(): Promise<{ entities: number; links: number }>;
  /**
   * Matches of a case's entities elsewhere: other visible entities with the same identifier, and, for
   * cases outside the scope holding the same entity or identifier, only their lead agency's name.
   */
  crossCaseMatches(caseId: string, scope: Scope): Promise<CrossCaseMatches>;
  /**
   * Visible cases within `maxDistance` links of a case, nearest first. Walks out only through the case's
   * shared entities and the links of other cases (a link joins members of its own case), ids only.
   */
  nearCases(caseId: string, maxDistance: number, scope: Scope): Promise<NearCaseRow[]>;
  /** Visible entities of the same kind sharing a blocking key with `entityId`, minus rejected pairs (unscored). */
  duplicateCandidates(entityId: string, scope: Scope, limit?: number): Promise<DuplicateCandidateRow[]>;
  /** Pairs of the case's entities sharing a blocking key, minus rejected pairs, most shared keys first (unscored). */
  caseDuplicatePairs(caseId: string, scope: Scope, limit?: number): Promise<DuplicatePairRow[]>;
  /** Rejected pairs whose two entities are both in the case (the case must be in scope), newest first. */
  rejectedPairs(caseId: string, scope: Scope): Promise<RejectedPairRow[]>;
  /** Takes back a rejection (both entities visible); false when the pair was not rejected. */
  unrejectDuplicate(entityId: string, otherId: string, scope: Scope, meta: WriteMeta): Promise<boolean>;
  /** Records that two entities are not the same, so they are not proposed again. */
  rejectDuplicate(entityId: string, otherId: string, scope: Scope, meta: WriteMeta): Promise<void>;
  /** Folds `mergedId` into `survivorId` atomically: links re-pointed (no duplicates), memberships kept, a merge record written. */
  mergeEntities(req: MergeRequest, scope: Scope, meta: WriteMeta): Promise<MergeRecord>;
  /** Restores the merged entity, its links and memberships exactly as they were. */
  undoMerge(mergeId: string, scope: Scope, meta: WriteMeta): Promise<MergeRecord>;
  /** Merges made from a visible case, newest first. */
  merges(caseId: string, scope: Scope): Promise<MergeRecord[]>;
}

export interface NewCase {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly category: string;
  readonly status: string;
  readonly riskLevel: string;
  readonly country: string;
  readonly reportedAt: string;
  readonly lastSeenAt: string | null;
  readonly leadAgencyId: string;
  readonly createdBy: string;
}

/** A member of a case: the user, and the case role of the membership (null: their account's role). */
export interface CaseMemberRecord extends UserRecord {
  readonly caseRole: Role | null;
}

/** Cases and their members. */
export interface CaseStore {
  createCase(c: NewCase): Promise<CaseRecord>;
  getCase(id: string): Promise<CaseRecord | null>;
  casesOfUser(userId: string): Promise<CaseRecord[]>;
  caseIdsOfUser(userId: string): Promise<string[]>;
  isMember(caseId: string, userId: string): Promise<boolean>;
  /** The members, each with the case role of their membership (null: their account's role). */
  members(caseId: string): Promise<CaseMemberRecord[]>;
  /** A user's memberships with their case roles (null: the account's role). */
  memberships(userId: string): Promise<Array<{ caseId: string; caseRole: Role | null }>>;
  /** The case role of a member (null: the account's role), or undefined when the user is not a member. */
  caseRoleOf(caseId: string, userId: string): Promise<Role | null | undefined>;
  /**
   * Adds a member, with a case role that narrows what their account's role allows on this case (null or
   * omitted: the account's role). Adding someone who is a member already changes nothing.
   */
  addMember(caseId: string, userId: string, addedBy: string, caseRole?: Role | null): Promise<void>;
  removeMember(caseId: string, userId: string): Promise<boolean>;
  updateCase(
    id: string,
    patch: Partial<Pick<CaseRecord, 'title' | 'status' | 'riskLevel' | 'lastSeenAt' | 'category'>>,
  ): Promise<CaseRecord>;
  nextReference(country: string, year: number): Promise<string>;
}

export interface NewUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly agencyId: string;
  readonly passwordHash: string;
}

export interface SessionRecord {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly expiresAt: number;
  readonly revoked: boolean;
}

/** Agencies, user accounts and sessions. */
export interface AccountStore {
  createAgency(a: Agency): Promise<Agency>;
  getAgency(id: string): Promise<Agency | null>;
  listAgencies(): Promise<Agency[]>;
  createUser(u: NewUser): Promise<UserRecord>;
  getUser(id: string): Promise<UserRecord | null>;
  getUsers(ids: readonly string[]): Promise<UserRecord[]>;
  findUserByEmail(email: string): Promise<(UserRecord & { passwordHash: string; failedLogins: number; lockedUntil: number | null }) | null>;
  listUsers(): Promise<UserRecord[]>;
  setUserDisabled(id: string, disabled: boolean): Promise<void>;
  /** Changes an account's role (what it may do from its next request on). */
  setUserRole(id: string, role: Role): Promise<void>;
  /**
   * Counts a sign-in attempt before its password is checked, atomically (also across processes):
   * false when the account is locked (nothing counted, the password must not be checked). The
   * attempt that reaches `maxAttempts` locks the account for `lockMs` but is itself still checked;
   * a success (recordLoginSuccess) clears the count and the lock. A lock that ran out starts over.
   */
  beginLoginAttempt(userId: string, now: number, policy: { readonly maxAttempts: number; readonly lockMs: number }): Promise<boolean>;
  recordLoginSuccess(userId: string): Promise<void>;
  /**
   * As beginLoginAttempt, but counted for one trusted device of the account (a browser that signed
   * in to it before: OWASP's device cookie) instead of the account: failures from elsewhere do not
   * lock this device out, and its own failures lock only it. The device is made at its first attempt.
   */
  beginDeviceLoginAttempt(
    deviceId: string,
    userId: string,
    now: number,
    policy: { readonly maxAttempts: number; readonly lockMs: number },
  ): Promise<boolean>;
  /** Clears a trusted device's count and lock (the account's own count is left as it is). */
  recordDeviceLoginSuccess(deviceId: string): Promise<void>;
  createSession(s: SessionRecord): Promise<void>;
  getSession(id: string): Promise<SessionRecord | null>;
  touchSession(id: string, at: number): Promise<void>;
  revokeSession(id: string): Promise<void>;
  revokeUserSessions(userId: string): Promise<void>;
  userCount(): Promise<number>;
}

/** Everything the server keeps, one adapter per backend. */
export interface StateStores {
  readonly kind: 'embedded' | 'neo4j';
  readonly graph: GraphStore;
  readonly cases: CaseStore;
  readonly accounts: AccountStore;
  /** Work in flight (a face-match run), visible from every replica. */
  readonly jobs: JobStore;
  /** Every change to a case's graph, append-only (case replay). */
  readonly journal: GraphJournal;
  close(): Promise<void>;
}
