import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { expect, test } from '@playwright/test';
import { openDemoCase, signIn } from './helpers';
import { PORT } from './playwright.config';

// Issue 18, Evidence bundle: "Export case" saves the ZIP; bundle:verify accepts it, and names the one file
// changed by a single byte. The CLI reads the audit trail of the server under test (its DATA_DIR).

const ROOT = join(__dirname, '..', '..');
const DATA_DIR = join(tmpdir(), `homeward-e2e-${PORT}`);

function verify(file: string): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, [join(ROOT, 'apps/api/dist/apps/api/src/cli/bundle-verify.js'), file], {
      env: { ...process.env, DATA_DIR, NEO4J_URI: '' },
      encoding: 'utf8',
    });
    return { code: 0, out };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: `${e.stdout}${e.stderr}` };
  }
}

test('export a case, verify the bundle, change one byte and bundle:verify names the file', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export case' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^GT-2026-0001-evidence-\d{4}-\d{2}-\d{2}\.zip$/);
  await expect(page.getByRole('status').filter({ hasText: 'npm run bundle:verify' })).toBeVisible();
  const saved = join(tmpdir(), `field-export-${Date.now()}.zip`);
  await file.saveAs(saved);

  const ok = verify(saved);
  expect(ok.out).toContain('bundle verified');
  expect(ok.code).toBe(0);

  const files = unzipSync(readFileSync(saved));
  expect(Object.keys(files)).toEqual(
    expect.arrayContaining(['graph/graph.json', 'graph/entities.csv', 'notes.md', 'timeline.md', 'manifest.json']),
  );
  const csv = files['graph/entities.csv']!;
  csv[csv.length - 2] ^= 0x01;
  const tampered = join(tmpdir(), `field-export-changed-${Date.now()}.zip`);
  writeFileSync(tampered, zipSync(files));
  const bad = verify(tampered);
  expect(bad.code).toBe(1);
  expect(bad.out).toMatch(/^graph\/entities\.csv: changed/m);
  expect(bad.out.match(/: changed/g)).toHaveLength(1);
});

test('an analyst is told why the case cannot be exported', async ({ page }) => {
  await signIn(page, 'analyst.mx@demo.local');
  await openDemoCase(page);
  const button = page.getByRole('button', { name: 'Export case' });
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  await expect(button).toHaveAccessibleDescription(/Analyst/);
});
