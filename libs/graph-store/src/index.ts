export * from './port';
export { openEmbeddedStores, EmbeddedGraphStore, ftsQuery, openDatabase, DATABASE_FILE, type EmbeddedStores, type Db } from './embedded';
export * from './generate/generator';
export * from './import/csv-import';
export { importCsvToNeo4j, driverImportRunner, type ImportRunner, type ImportTx, type Neo4jImportOptions } from './import/neo4j-import';
export {
  offlineImportToNeo4j,
  OfflineImportError,
  type OfflineImportOptions,
  type OfflineImportResult,
  type OfflineSnapshot,
} from './import/neo4j-offline';
export { openNeo4jStores, Neo4jConfigError, type Neo4jStores, type Neo4jOptions } from './neo4j/open';
export { acceptedGrades } from './expand-filters';
export type { JobRecord, JobState, JobStore, JobUpdate, StartJob } from './jobs/port';
export type { GraphJournal, JournalEntry, JournalItem, JournalKind, JournalRead, NewJournalEntry } from './journal/port';
export { JOB_STALE_MS } from './jobs/port';
