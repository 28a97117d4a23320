import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAIN, ROOT } from './harness';

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
    [{ NEO4J_URI: 'neo4j://127.0.0.1:1' }, /^NEO4J_URI: cannot reach neo4j:\/\/127\.0\.0\.1:1/],
  ])('%o', (env, message) => {
    const r = start(env as Record<string, string>);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
  });
});
