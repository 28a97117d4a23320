import { expect, test } from '@playwright/test';
import { DEMO_CASE, api, seriousViolations, signIn } from './helpers';

/**
 * The public side in the browser: a published child's page read in Spanish from the browser's
 * language, without signing in; a tip sent from it arrives in an investigator's Tips tab live and
 * becomes a sighting.
 */
async function publishedPath(page: import('@playwright/test').Page): Promise<string> {
  const { cases } = await api<{ cases: Array<{ id: string; reference: string }> }>(
    page,
    'supervisor.gt@demo.local',
    '{ cases { id reference } }',
    {},
  );
  const ana = cases.find((c) => c.reference === 'GT-2026-0001')!.id;
  const { publications } = await api<{ publications: Array<{ path: string; status: string }> }>(
    page,
    'supervisor.gt@demo.local',
    'query($c:ID!){ publications(caseId:$c){ path status } }',
    { c: ana },
  );
  const live = publications.find((p) => p.status === 'PUBLISHED');
  if (live) return live.path;
  const r = await api<{ publishChild: { path: string } }>(
    page,
    'supervisor.gt@demo.local',
    'mutation($c:ID!){ publishChild(caseId:$c, input:{ fields:[NAME, AGE, HOTLINE], languages:["en","es","fr","pt"] }){ path } }',
    { c: ana },
  );
  return r.publishChild.path;
}

test('a published child’s page in Spanish from the browser’s language, without signing in', async ({ browser, page }) => {
  const path = await publishedPath(page);
  const visitor = await browser.newContext({ locale: 'es-GT', extraHTTPHeaders: { 'Accept-Language': 'es-GT,es;q=0.9' } });
  const p = await visitor.newPage();
  await p.goto(path);
  await expect(p.locator('html')).toHaveAttribute('lang', 'es');
  await expect(p.getByRole('heading', { level: 1, name: DEMO_CASE })).toBeVisible();
  await expect(p.getByText('DESAPARECIDO', { exact: true })).toBeVisible();
  await expect(p.getByRole('heading', { name: 'Tengo información' })).toBeVisible();
  // The language switch: English is one link away.
  await p.getByRole('navigation', { name: 'Idioma' }).getByRole('link', { name: 'EN' }).click();
  await expect(p.locator('html')).toHaveAttribute('lang', 'en');
  await expect(p.getByText('MISSING', { exact: true })).toBeVisible();
  expect(await seriousViolations(p)).toEqual([]);
  await visitor.close();
});

test('a tip sent from the public page arrives live in the investigator’s Tips tab and becomes a sighting', async ({ browser, page }) => {
  const path = await publishedPath(page);
  await signIn(page, 'investigator.gt@demo.local');
  await page.getByRole('link', { name: DEMO_CASE }).click();
  await page.getByRole('tab', { name: /^tips$/i }).click();
  await expect(page.getByRole('heading', { name: /Tips inbox/ })).toBeVisible();

  const what = `Saw a girl like her near the bus terminal ${Date.now()}`;
  const visitor = await browser.newContext({ locale: 'es-GT', extraHTTPHeaders: { 'Accept-Language': 'es-GT,es;q=0.9' } });
  const p = await visitor.newPage();
  await p.goto(path);
  await p.getByLabel('¿Qué vio?').fill(what);
  await p.getByLabel('¿Dónde? (un lugar, una dirección)').fill('Terminal de buses');
  await p.getByLabel('Latitud (opcional)').fill('14.6237');
  await p.getByLabel('Longitud (opcional)').fill('-90.5375');
  await p.getByRole('button', { name: 'Enviar' }).click();
  // The page's script does the proof of work, then the form is sent.
  await expect(p.getByRole('heading', { name: 'Gracias' })).toBeVisible({ timeout: 30_000 });
  await visitor.close();

  // No reload: the inbox follows the case's tips live.
  const item = page.locator('li.tip-item', { hasText: what });
  await expect(item).toBeVisible({ timeout: 15_000 });
  await expect(item.getByText('New')).toBeVisible();
  await item.getByRole('button', { name: 'Accept as a sighting' }).click();
  await expect(item.getByText('Accepted')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
