import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKEND, MAIN, ROOT } from './harness';

function start(env: Record<string, string>) {
  const r = spawnSync(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: mkdtempSync(join(tmpdir(), 'homeward-cfg-')), ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, err: r.stderr.trim() };
}

describe('a bad setting stops the server at start with one line naming it', () => {
  it.each([
    [{ PORT: 'forty' }, /^PORT: "forty" is not a port number/],
    [{ SEED_DEMO: 'yes' }, /^SEED_DEMO: must be 0 or 1/],
    [{ NEO4J_URI: 'http://x' }, /^NEO4J_URI: must look like/],
    [{ JWT_SECRET: 'short' }, /^JWT_SECRET: must be at least 32 characters/],
    [{ HANDLING_MARKINGS: 'agy_demo00gt=<b>SECRET</b>' }, /^HANDLING_MARKINGS: the marking for agy_demo00gt must be 1 to 60 letters/],
    [{ NEO4J_URI: 'neo4j://127.0.0.1:1' }, /^NEO4J_URI: cannot reach neo4j:\/\/127\.0\.0\.1:1/],
  ])('%o', (env, message) => {
    const r = start(env as Record<string, string>);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
  });
});

// The Neo4j pass only (the embedded pass has no Neo4j to be wrong about): the coordinates
// reach the live server, and a wrong password or database is named, not a stack trace.
// One wrong password per run stays below Neo4j's lock-out after repeated failures.
if (BACKEND === 'neo4j') {
  describe('a wrong Neo4j credential or database stops the server at start with one line naming it', () => {
    it.each([
      [{ NEO4J_PASSWORD: 'not-the-password' }, /^NEO4J_PASSWORD: authentication failed for user /],
      [{ NEO4J_DATABASE: 'nosuchdatabase' }, /^NEO4J_DATABASE: database nosuchdatabase does not exist/],
    ])('%o', (env, message) => {
      const r = start(env as Record<string, string>);
      expect(r.code).toBe(1);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toMatch(message);
    });
  });
}
