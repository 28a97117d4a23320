import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DEMO_CASE, seriousViolations, signIn } from './helpers';

test('a supervisor reads the child’s profile and risk, downloads a poster, issues an alert, and opens the statistics', async ({ page }) => {
  await signIn(page, 'supervisor.gt@demo.local');
  await page.getByRole('link', { name: DEMO_CASE }).click();
  await page.getByRole('tab', { name: /^child$/i }).click();
  await expect(page.getByRole('heading', { name: 'Missing child' })).toBeVisible();
  await expect(page.getByText('12 years').first()).toBeVisible();
  // The proposal is computed from the factors the case already tells (a groomer, an abductor, a 12-year-old).
  await expect(page.getByText('Proposed level').first()).toBeVisible();
  await expect(page.locator('.badge.risk-CRITICAL').first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // Edit: the clothing and the last-seen place, then back to the view with the warning gone.
  await page.getByRole('button', { name: 'Edit profile' }).click();
  await page.getByLabel('Clothing when last seen').fill('Navy skirt, white blouse, pink backpack');
  await page.getByLabel('Last seen at').selectOption({ label: 'Mercado La Terminal (GT)' });
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Navy skirt, white blouse, pink backpack')).toBeVisible();
  await expect(page.getByText('Mercado La Terminal (GT)')).toBeVisible();
  await expect(page.getByText(/No last-seen place/)).toHaveCount(0);

  await page.getByRole('button', { name: 'Poster…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Printable poster' });
  await dialog.getByLabel('Spanish').check();
  await dialog.getByLabel('US Letter').check();
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Make and download' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^poster-GT-2026-0001-.*-letter\.pdf$/);
  expect(
    readFileSync(await file.path())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
  await expect(dialog.getByText('GT: 110')).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Alert…' }).click();
  const alert = page.getByRole('dialog', { name: /Emergency child alert/ });
  await expect(alert.getByText('Policía Nacional Civil — Unidad de Niñez (GT)')).toBeVisible();
  await alert.getByLabel('Status').selectOption('Exercise');
  // Issue 16: the alert is read as recipients will see it before it is confirmed.
  await alert.getByRole('button', { name: 'Preview…' }).click();
  await expect(alert.getByRole('region', { name: 'As recipients will see it' })).toContainText('Status: Exercise');
  await alert.getByRole('button', { name: 'Confirm and issue' }).click();
  await expect(alert.getByRole('status').filter({ hasText: /Alert issued to \d+ agenc/ })).toBeVisible();
  // A second click must not send a second alert.
  await expect(alert.getByRole('button', { name: 'Issue' })).toBeDisabled();
  await page.keyboard.press('Escape');
  // Other tests may issue alerts on the demo case too (trust-screen.spec.ts): at least this one is listed.
  await expect(page.getByRole('row').filter({ hasText: 'Alert' }).filter({ hasText: 'Policía Nacional Civil' }).first()).toBeVisible();

  await page.getByRole('link', { name: /All cases/ }).click();
  await page.getByRole('link', { name: 'Statistics' }).click();
  await expect(page.getByRole('heading', { name: 'Statistics', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Median time to recovery' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'By risk' }).locator('canvas')).toBeVisible();
  const csv = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const text = readFileSync(await (await csv).path(), 'utf8');
  expect(text.split('\r\n')[0]).toMatch(/^reference,title,category,status,risk/);
  expect(text).toContain('GT-2026-0001');
  // The supervisor is not a member of the Mexican cases: the export does not name them.
  expect(text).not.toContain('MX-2026-0002');
  expect(await seriousViolations(page)).toEqual([]);
});
