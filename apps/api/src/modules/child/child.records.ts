import { DomainError, ErrorCode } from '@homeward/domain';
import type { EmbeddedStores, StateStores } from '@homeward/graph-store';
import { EmbeddedChildRecordStore, parseHotlines, type ChildRecordStore } from '@homeward/media';
import { ConfigError } from '../../base/config.js';
import { publicUrlFromEnv } from './child-photos.js';

/** Injection tokens of the child-profile module. */
export const CHILD_RECORDS = Symbol('CHILD_RECORDS');
export const POSTER_HOTLINES = Symbol('POSTER_HOTLINES');

/**
 * The child records live beside the embedded store's tables. With Neo4j there
 * is no adapter yet: every call says so plainly rather than pretending.
 */
export function openChildRecords(stores: StateStores): ChildRecordStore {
  if (stores.kind === 'embedded') return new EmbeddedChildRecordStore((stores as EmbeddedStores).db);
  const unavailable = async (): Promise<never> => {
    throw new DomainError(ErrorCode.Unavailable, 'risk history, alerts, last-seen places and agency coverage are kept by the embedded store only (not yet with Neo4j)');
  };
  return {
    getCaseChild: unavailable,
    setLastSeenLocation: unavailable,
    foundTimes: unavailable,
    confirmRisk: unavailable,
    riskAssessments: unavailable,
    addAlert: unavailable,
    alerts: unavailable,
    setCoverage: unavailable,
    coverages: unavailable,
  };
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
