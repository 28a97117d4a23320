import { parseHotlines } from '@homeward/media';
import { ConfigError } from '../../base/config.js';
import { publicUrlFromEnv } from './child-photos.js';

/** Injection tokens of the child-profile module. */
export const CHILD_RECORDS = Symbol('CHILD_RECORDS');
export const POSTER_HOTLINES = Symbol('POSTER_HOTLINES');

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
