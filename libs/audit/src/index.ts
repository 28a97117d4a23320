export * from './port';
export {
  CHAIN_FORMAT,
  ChainVerifier,
  EMPTY_HEAD,
  GENESIS_HASH,
  LIMITS,
  REDACTED,
  canonicalDetails,
  canonicalize,
  hashRecord,
  hashStored,
  looksSecretKey,
  nextAt,
  normalizeEntry,
  sanitizeDetails,
  scrubText,
  toStoredFields,
  verifyChain,
  type ChainHead,
  type ChainPosition,
  type SanitizedDetails,
  type StoredFields,
  type StoredRecord,
} from './chain';
export { AuditHeadMissingError } from './errors';
export { AUDIT_SQLITE_DDL, openEmbeddedAuditTrail, type EmbeddedAuditOptions, type EmbeddedAuditTrail } from './embedded';
export { openNeo4jAuditTrail } from './neo4j';
export {
  appendCheckpoint,
  checkCheckpoints,
  checkpointSignatureValid,
  keyIdOf,
  loadSigningKey,
  loadVerifyKey,
  readCheckpoints,
  signCheckpoint,
  type Checkpoint,
  type CheckpointFinding,
  type CheckpointReport,
} from './checkpoint';
