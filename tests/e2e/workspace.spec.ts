import { expect, test } from '@playwright/test';
import { api, DEMO_CASE, openDemoCase, seriousViolations, signIn } from './helpers';

test('an investigator signs in, sees the case list and opens the demo case graph', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  const row = page.getByTestId('case-row').filter({ hasText: DEMO_CASE });
  await expect(row).toContainText('GT-2026-0001');
  await expect(row).toContainText(/\d+ days? \d\d:\d\d:\d\d/);
  expect(await seriousViolations(page)).toEqual([]);

  await openDemoCase(page);
  await expect(page.getByTestId('graph-canvas').locator('canvas').first()).toBeVisible();
  await expect(page.getByText(/\d+ entities, \d+ links/)).toBeVisible();
  await expect(page.getByTestId('entity-row').filter({ hasText: 'Carlos Méndez' })).toContainText('Abductor');
  await expect(page.getByTestId('entity-row').filter({ hasText: 'P-512DKL' })).toBeVisible();
  await expect(page.getByTestId('graph-drawn-ms')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the interface switches language and keeps dates in the reader’s zone with UTC on hover', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await page.getByLabel('Language').selectOption('es');
  await expect(page.getByRole('heading', { name: 'Casos', level: 1 })).toBeVisible();
  await page.getByLabel('Idioma').selectOption('fr');
  await expect(page.getByRole('heading', { name: 'Dossiers', level: 1 })).toBeVisible();
  await page.getByLabel('Langue').selectOption('pt');
  await expect(page.getByRole('heading', { name: 'Casos', level: 1 })).toBeVisible();
  await expect(page.locator('time').first()).toHaveAttribute('title', /UTC$/);
});

test('ngo.es@demo.local sees no demo case', async ({ page }) => {
  await signIn(page, 'ngo.es@demo.local');
  await expect(page.getByText('No case to show')).toBeVisible();
  await expect(page.getByTestId('case-row')).toHaveCount(0);
  await expect(page.getByText(DEMO_CASE)).toHaveCount(0);
});

test('an analyst selects the abductor and a companion and sees the shortest path between them', async ({ page }) => {
  await signIn(page, 'analyst.mx@demo.local');
  await openDemoCase(page);
  await page.getByRole('checkbox', { name: 'Carlos Méndez' }).check();
  await page.getByRole('checkbox', { name: 'Rosa Juárez' }).check();
  const msg = page.getByTestId('path-message');
  await expect(msg).toContainText(/Shortest path: [2-9] links/);
  // The entities on the path are marked in the list; both ends are among them.
  await expect(page.getByTestId('entity-row').filter({ hasText: 'Carlos Méndez' })).toContainText('★');
  await expect(page.getByTestId('entity-row').filter({ hasText: 'Rosa Juárez' })).toContainText('★');
});

test('an entity form shows the server’s error at the field, and a colleague’s new entity appears without reload', async ({ browser }) => {
  const gt = await browser.newContext();
  const mx = await browser.newContext();
  const a = await gt.newPage();
  const b = await mx.newPage();
  await signIn(a, 'investigator.gt@demo.local');
  await signIn(b, 'investigator.mx@demo.local');
  await openDemoCase(a);
  await openDemoCase(b);

  await a.getByRole('button', { name: 'Add entity' }).click();
  await a.getByLabel('Kind').selectOption('LOCATION');
  await a.getByLabel('Name *').fill('Parada de bus');
  await a.getByLabel('Country (ISO code) *').fill('GT');
  await a.getByLabel('Latitude *').fill('123');
  await a.getByLabel('Longitude *').fill('-90.5');
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(a.getByLabel('Latitude *')).toHaveAttribute('aria-invalid', 'true');
  await a.getByLabel('Latitude *').fill('14.6');
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(a.getByRole('dialog')).toHaveCount(0);

  await expect(b.getByTestId('entity-row').filter({ hasText: 'Parada de bus' })).toBeVisible({ timeout: 5_000 });
  await gt.close();
  await mx.close();
});

void api;
