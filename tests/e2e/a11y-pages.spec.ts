import { expect, test, type Page } from '@playwright/test';
import { api, axeSerious, DEMO_CASE, signIn } from './helpers';

/**
 * Issue 16, "Keyboard and screen readers": an automated accessibility check (axe-core, WCAG 2.x A and AA
 * and best practices) of every screen of the web client passes with no serious or critical finding.
 * Each screen is checked as it is reached, and every finding of the sweep is reported at the end, so one
 * run names them all. Only the graph's canvas is left out (a picture: role img with a name; the entity list
 * beside it is its text alternative, checked here).
 */

interface Finding {
  readonly screen: string;
  readonly text: string;
}

async function check(page: Page, screen: string, found: Finding[]): Promise<void> {
  // Let lazy panels and their queries settle: a spinner is a screen too, but not the one being checked.
  await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0, { timeout: 15_000 });
  for (const v of await axeSerious(page)) {
    const where = v.nodes
      .slice(0, 4)
      .map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)}`)
      .join(' | ');
    found.push({ screen, text: `${v.id} (${v.impact}, ${v.nodes.length}): ${v.help} — ${where}` });
  }
}

function report(found: readonly Finding[]): string[] {
  return found.map((f) => `[${f.screen}] ${f.text}`);
}

async function openTab(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('tablist').getByRole('tab', { name }).click();
  await expect(page.getByRole('tablist').getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

test('sign-in, the case list, its dialog, my work, the inbox and the statistics have no serious accessibility finding', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const found: Finding[] = [];
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await check(page, 'sign-in', found);
  // A failed sign-in says so: the error state is a screen too.
  await page.getByLabel('Email').fill('nobody@demo.local');
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await check(page, 'sign-in failed', found);

  await signIn(page, 'supervisor.gt@demo.local');
  await expect(page.getByRole('link', { name: DEMO_CASE })).toBeVisible();
  await check(page, 'case list', found);
  await page.getByRole('button', { name: /New case/ }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check(page, 'new case dialog', found);
  await page.keyboard.press('Escape');

  // A task given to the supervisor by a colleague: the work page lists it, opens it, and the inbox tells of it.
  const { me } = await api<{ me: { id: string } }>(page, 'supervisor.gt@demo.local', '{me{id}}', {});
  const { cases } = await api<{ cases: { id: string; title: string }[] }>(page, 'investigator.gt@demo.local', '{cases{id title}}', {});
  const title = `Axe sweep: call the bus company ${Date.now()}`;
  const { createTask } = await api<{ createTask: { id: string } }>(
    page,
    'investigator.gt@demo.local',
    'mutation($i:CreateTaskInput!){createTask(input:$i){id}}',
    {
      i: { caseId: cases.find((c) => c.title === DEMO_CASE)!.id, title, assigneeId: me.id, priority: 'HIGH', due: '2026-11-30T12:00:00Z' },
    },
  );
  await page.getByRole('link', { name: 'My work' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: title }).first()).toBeVisible();
  await check(page, 'my work', found);
  await page.goto(`/work?task=${createTask.id}`);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await check(page, 'my work: a task open', found);

  await page.goto('/inbox');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText(title).first()).toBeVisible();
  await check(page, 'inbox', found);

  await page.goto('/stats');
  await expect(page.getByRole('heading', { name: 'Statistics', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'By risk' }).locator('canvas')).toBeVisible();
  await check(page, 'statistics', found);

  expect(report(found)).toEqual([]);
});

test('every tab of a case, its dialogs, the entity panel and replay have no serious accessibility finding', async ({ page }) => {
  test.setTimeout(240_000);
  const found: Finding[] = [];
  // A supervisor sees every tab (review included) and may open every dialog.
  await signIn(page, 'supervisor.gt@demo.local');
  await page.getByRole('link', { name: DEMO_CASE }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(DEMO_CASE) })).toBeVisible();

  // Graph, with an entity open and the add and link dialogs.
  await expect(page.getByTestId('entity-row').first()).toBeVisible();
  await check(page, 'graph', found);
  await page.getByTestId('entity-row').getByRole('button', { name: 'Carlos Méndez', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Carlos Méndez' })).toBeVisible();
  await check(page, 'graph: entity panel', found);
  await page
    .locator('.entity-panel')
    .getByRole('button', { name: /New task/ })
    .click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check(page, 'new task dialog', found);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Add entity' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check(page, 'add entity dialog', found);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Link to… Carlos Méndez' }).click();
  await page.getByTestId('entity-row').filter({ hasText: 'Rosa Juárez' }).getByRole('button', { name: 'Create link' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check(page, 'link dialog', found);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^Paths/ }).click();
  await check(page, 'graph: paths panel', found);

  for (const [name, screen] of [
    [/^child$/i, 'child'],
    [/^timeline$/i, 'timeline'],
    [/^notes$/i, 'notes'],
    [/^map$/i, 'map'],
    [/^review$/i, 'review'],
    [/^face leads$/i, 'face leads'],
    [/^analysis$/i, 'analysis'],
    [/^tips$/i, 'tips'],
  ] as const) {
    await openTab(page, name);
    if (screen === 'map') await expect(page.getByTestId('map')).toHaveAttribute('data-base', 'drawn');
    if (screen === 'notes') await expect(page.locator('.ProseMirror')).toBeVisible();
    await check(page, screen, found);
  }

  // The child's dialogs: poster, alert (and its preview), publish.
  await openTab(page, /^child$/i);
  await page.getByRole('button', { name: 'Poster…' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check(page, 'poster dialog', found);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Alert…' }).click();
  const alert = page.getByRole('dialog');
  await expect(alert.getByText('Policía Nacional Civil — Unidad de Niñez (GT)')).toBeVisible();
  await check(page, 'alert dialog', found);
  await alert.getByLabel('Status').selectOption('Test');
  await alert.getByRole('button', { name: 'Preview…' }).click();
  await expect(alert.getByRole('region', { name: 'As recipients will see it' })).toBeVisible();
  await check(page, 'alert preview', found);
  await page.keyboard.press('Escape');
  const publish = page.getByRole('button', { name: 'Publish on the public site…' });
  if ((await publish.count()) > 0) {
    await publish.first().click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await check(page, 'publish dialog', found);
    await page.keyboard.press('Escape');
  }

  // Replay of the case, on the graph and on the notes.
  await openTab(page, /^graph$/i);
  await page.getByTestId('replay-open').click();
  await expect(page.getByRole('slider').first()).toBeVisible();
  await check(page, 'replay: graph', found);
  await openTab(page, /^notes$/i);
  await check(page, 'replay: notes', found);

  expect(report(found)).toEqual([]);
});

test('an analyst’s and an investigator’s case screens have no serious accessibility finding', async ({ page }) => {
  test.setTimeout(120_000);
  const found: Finding[] = [];
  // Controls an analyst may not use are shown disabled with the reason: those states are checked too.
  await signIn(page, 'analyst.mx@demo.local');
  await page.getByRole('link', { name: DEMO_CASE }).click();
  await expect(page.getByTestId('entity-row').first()).toBeVisible();
  await check(page, 'analyst: graph', found);
  await page.getByTestId('entity-row').getByRole('button', { name: 'Carlos Méndez', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Carlos Méndez' })).toBeVisible();
  await check(page, 'analyst: entity panel', found);
  await openTab(page, /^child$/i);
  await check(page, 'analyst: child', found);

  await page.getByRole('link', { name: /All cases/ }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'investigator.gt@demo.local');
  await page.getByRole('link', { name: DEMO_CASE }).click();
  await openTab(page, /^timeline$/i);
  await check(page, 'investigator: timeline (request sign-off)', found);
  await openTab(page, /^child$/i);
  await check(page, 'investigator: child', found);
  expect(report(found)).toEqual([]);
});

test('the public site’s index, a country’s list and the widgets have no serious accessibility finding', async ({ page }) => {
  const found: Finding[] = [];
  for (const [path, screen] of [
    ['/public', 'public index'],
    ['/public/GT', 'public: Guatemala'],
    ['/public/GT/widget', 'public: country widget'],
    ['/public/area/widget?lat=14.6&lon=-90.5&radiusKm=200', 'public: area widget'],
  ] as const) {
    const r = await page.goto(path);
    expect(r?.status(), path).toBe(200);
    await check(page, screen, found);
  }
  expect(report(found)).toEqual([]);
});
