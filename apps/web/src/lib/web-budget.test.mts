// tools/web-budget.mjs, the initial-JavaScript budget npm test checks after the build: it counts the
// entry script and every modulepreloaded chunk of index.html (gzip), passes at or under the budget,
// and over it fails naming the size and the heaviest modules from the build's module list.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../../..');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A built client: index.html naming an entry and a preloaded chunk of incompressible bytes, plus a lazy chunk never counted. */
function fakeDist(entryKb: number, preloadKb: number) {
  const dist = mkdtempSync(join(tmpdir(), 'hw-budget-'));
  dirs.push(dist);
  mkdirSync(join(dist, 'assets'));
  // Base64 of random bytes compresses to about 3/4 of its length: sizes below are gzip sizes, roughly.
  const js = (kb: number) => `export const x = "${randomBytes(Math.round(kb * 1024)).toString('base64')}";`;
  writeFileSync(join(dist, 'assets/index-a.js'), js(entryKb));
  writeFileSync(join(dist, 'assets/vendor-b.js'), js(preloadKb));
  writeFileSync(join(dist, 'assets/Lazy-c.js'), js(400));
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><html><head><script type="module" crossorigin src="/assets/index-a.js"></script>' +
      '<link rel="modulepreload" crossorigin href="/assets/vendor-b.js"></head><body></body></html>',
  );
  const stats = join(dist, 'modules.json');
  writeFileSync(
    stats,
    JSON.stringify({
      chunks: {
        'assets/index-a.js': [{ id: `${root}/apps/web/src/main.tsx`, bytes: 100, gzip: entryKb * 1024 }],
        'assets/vendor-b.js': [{ id: `${root}/node_modules/heavy-lib/dist/index.js`, bytes: 100, gzip: preloadKb * 1024 }],
        'assets/Lazy-c.js': [{ id: `${root}/node_modules/lazy-lib/index.js`, bytes: 100, gzip: 400 * 1024 }],
      },
    }),
  );
  return { dist, stats };
}

function run(dist: string, stats: string) {
  const r = spawnSync(process.execPath, ['tools/web-budget.mjs', '--dist', dist, '--stats', stats], { cwd: root, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('initial JavaScript budget (tools/web-budget.mjs)', () => {
  it('passes when the entry and its modulepreloads are within 150 KB, whatever the lazy chunks weigh', () => {
    const { dist, stats } = fakeDist(40, 50);
    const r = run(dist, stats);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/initial JavaScript \d+\.\d KB gzip, budget 150 KB: OK/);
    expect(r.out).toContain('assets/vendor-b.js');
    expect(r.out).not.toContain('Lazy-c.js');
  });

  it('fails over 150 KB, naming the size and the heaviest modules of the initial chunks', () => {
    const { dist, stats } = fakeDist(60, 120);
    const r = run(dist, stats);
    expect(r.status).toBe(1);
    const size = Number(/initial JavaScript is (\d+\.\d) KB gzip, over its budget of 150 KB/.exec(r.out)?.[1]);
    expect(size).toBeGreaterThan(150);
    expect(r.out.indexOf('heavy-lib')).toBeGreaterThan(-1);
    expect(r.out.indexOf('heavy-lib')).toBeLessThan(r.out.indexOf('apps/web/src/main.tsx'));
    expect(r.out).not.toContain('lazy-lib');
  });
});
