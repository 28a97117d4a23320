import { openEmbeddedAuditTrail, openNeo4jAuditTrail, type AuditTrail } from '@homeward/audit';
import { openEmbeddedDocumentStore, openNeo4jDocumentStore, type DocumentStore } from '@homeward/collab';
import { Neo4jConfigError, openEmbeddedStores, openNeo4jStores, type StateStores } from '@homeward/graph-store';
import {
  EmbeddedChildRecordStore,
  EmbeddedPublicationStore,
  openEmbeddedPhotoStore,
  openNeo4jChildRecords,
  openNeo4jPhotoStore,
  openNeo4jPublicationStore,
  type ChildRecordStore,
  type PhotoStore,
  type PublicationStore,
} from '@homeward/media';
import { openEmbeddedTeamwork, openNeo4jTeamwork, type TeamworkStore } from '@homeward/teamwork';
import { ConfigError, type Config } from './config.js';

/**
 * Every store of the server on one backend, opened in one place: the graph,
 * cases and accounts of graph-store, and beside them the collaborative
 * documents, the audit trail, the photos and the child records, all in the
 * same SQLite file or the same Neo4j database. Nothing outside this file needs
 * to know which backend it is (or reach for a driver or a database handle).
 */
export interface AppStores extends StateStores {
  readonly documents: DocumentStore;
  readonly audit: AuditTrail;
  readonly photos: PhotoStore;
  readonly childRecords: ChildRecordStore;
  /** Published missing-child pages and the public's tips (the public side). */
  readonly publications: PublicationStore;
  /** Notifications, tasks and access requests (libs/teamwork). */
  readonly teamwork: TeamworkStore;
}

/** The stores the configuration asks for: Neo4j when NEO4J_URI is set, else the embedded SQLite file. */
export async function openStores(config: Pick<Config, 'neo4j' | 'dataDir'>): Promise<AppStores> {
  if (config.neo4j) {
    let base;
    try {
      base = await openNeo4jStores(config.neo4j);
    } catch (err) {
      // openNeo4jStores reports every start-up failure as a Neo4jConfigError naming the variable at fault.
      if (err instanceof Neo4jConfigError) throw new ConfigError(err.variable, err.problem);
      throw err;
    }
    const { driver } = base;
    const database = config.neo4j.database;
    const documents = openNeo4jDocumentStore(driver, database);
    const audit = openNeo4jAuditTrail(driver, database);
    return {
      ...base,
      documents,
      audit,
      photos: openNeo4jPhotoStore(driver, database),
      childRecords: openNeo4jChildRecords(driver, database),
      teamwork: openNeo4jTeamwork(driver, database),
      publications: openNeo4jPublicationStore(driver, database),
      close: () => closeAll(documents, audit, base),
    };
  }
  const base = openEmbeddedStores(config.dataDir);
  const documents = openEmbeddedDocumentStore(base.db);
  const audit = openEmbeddedAuditTrail(base.db);
  return {
    ...base,
    documents,
    audit,
    photos: openEmbeddedPhotoStore(base.db),
    childRecords: new EmbeddedChildRecordStore(base.db),
    teamwork: openEmbeddedTeamwork(base.db),
    publications: new EmbeddedPublicationStore(base.db),
    close: () => closeAll(documents, audit, base),
  };
}

/**
 * Documents and the audit trail first (the document store flushes pending
 * updates; both are closed again harmlessly if the server already did), then
 * the connection or file they write through.
 */
async function closeAll(documents: DocumentStore, audit: AuditTrail, base: StateStores): Promise<void> {
  await Promise.allSettled([documents.close(), audit.close?.()]);
  await base.close();
}
