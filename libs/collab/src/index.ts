export {
  COLLAB_LIMITS,
  CloseCode,
  MessageType,
  SyncMessageType,
  ProtocolError,
  bindAwarenessUpdate,
  decodeClientMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from './protocol';
export type { AwarenessClaim, AwarenessIdentity, ClientMessage } from './protocol';
export { COLLAB_PATH_PREFIX, DOCUMENT_KINDS, redactUrl, roomName, roomOf } from './rooms';
export type { DocumentKind, RoomRef } from './rooms';
export { DocumentStoreClosedError } from './store/port';
export type { AttributedUpdate, DocumentStore, SignOffRecord, SignOffWithState, StoredDocument } from './store/port';
export { openEmbeddedDocumentStore } from './store/embedded';
export { openNeo4jDocumentStore, type AppendGroupStats, type Neo4jDocumentStoreOptions } from './neo4j/store';
export { CYPHER } from './neo4j/cypher';
export { documentFromUpdates, loadDocument } from './store/load';
export { DocumentHistory } from './store/history';
export { CollabServer } from './server';
export { decodeRelayMessage, encodeRelayMessage } from './relay';
export type { CollabRelay, RelayMessage } from './relay';
export type { CaseAccess, CollabAuth, CollabEvents, CollabPrincipal, CollabServerOptions, CollabSession } from './server';
export { NOTES_FRAGMENT, TIMELINE_EVENTS, caseTimeline, notesText, parseTimelineTime, readTimelineEvents } from './timeline';
export type { TimelineEventRecord, TimelineItem, TimelineProblem } from './timeline';
export { ReviewService, contentHash } from './review';
export { MENTION_NODE, mentionsAdded } from './mentions';
export type { AddedMention } from './mentions';
export type { ReviewOptions, SignedDocument, TimelineChange } from './review';
export { EDIT_GAP_MS, diffTokens, notesDiff, timelineDiff, tokenize } from './review-diff';
export type { DiffOp, FieldChange, NotesRun, ReviewDiff, TimelineEdit, TimelineEventDiff } from './review-diff';
