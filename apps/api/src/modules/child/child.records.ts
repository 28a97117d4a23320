import type { EmbeddedStores, StateStores } from '@homeward/graph-store';
import { EmbeddedChildRecordStore, openNeo4jChildRecords, parseHotlines, type ChildRecordStore } from '@homeward/media';
import type { Driver } from 'neo4j-driver';
import { ConfigError } from '../../base/config.js';
import { publicUrlFromEnv } from './child-photos.js';

/** Injection tokens of the child-profile module. */
export const CHILD_RECORDS = Symbol('CHILD_RECORDS');
export const POSTER_HOTLINES = Symbol('POSTER_HOTLINES');

/** The child records beside the other stores: tables in the same SQLite file, or nodes in the same Neo4j. */
export function openChildRecords(stores: StateStores, neo4jDatabase?: string): ChildRecordStore {
  return stores.kind === 'embedded'
    ? new EmbeddedChildRecordStore((stores as EmbeddedStores).db)
    : openNeo4jChildRecords((stores as StateStores & { driver: Driver }).driver, neo4jDatabase);
}

/** POSTER_HOTLINES ("GT=110;MX=911"), checked once at start like every other setting. */
export function hotlinesFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  try {
    return parseHotlines(env.POSTER_HOTLINES);
  } catch (err) {
    throw new ConfigError('POSTER_HOTLINES', (err as Error).message);
  }
}

/**
 * The child module's settings, checked before the server starts anything
 * (a bad value is one line naming the variable, as for every other setting).
 */
export function checkChildSettings(env: NodeJS.ProcessEnv): void {
  hotlinesFromEnv(env);
  publicUrlFromEnv(env);
}
