import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { api, seriousViolations, signIn } from './helpers';

/*
 * Case replay (issue 19) in Chromium against the built app: a case made through the API, a person added,
 * notes typed, the person removed, more notes typed. Replay's slider, dragged and stepped, shows the person
 * gone and back, and the notes as they were.
 */

const GT = 'investigator.gt@demo.local';

async function notesUpdates(page: Page, caseId: string): Promise<number> {
  const d = await api<{ caseReplay: { notes: unknown[] } }>(page, GT, 'query($c:ID!){ caseReplay(caseId:$c){ notes { seq } } }', {
    c: caseId,
  });
  return d.caseReplay.notes.length;
}

/** The labels of the nodes the replay graph's canvas shows (Cytoscape keeps its instance on its container). */
function drawn(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="graph-canvas"] .gv-drawing') as unknown as {
      _cyreg?: { cy?: { nodes(sel: string): { map(f: (n: { data(k: string): string }) => string): string[] } } };
    };
    return el._cyreg?.cy?.nodes(':visible').map((n) => n.data('label')) ?? [];
  });
}

async function typeNotes(page: Page, caseId: string, text: string): Promise<void> {
  const before = await notesUpdates(page, caseId);
  await page.getByRole('tab', { name: /^notes$/i }).click();
  await expect(page.getByTestId('collab-status')).toHaveAttribute('data-status', 'connected');
  await page.getByTestId('notes-editor').click();
  await page.keyboard.press('Control+End');
  // One update, so that the moment before and after it are one step apart.
  await page.keyboard.insertText(text);
  await expect.poll(() => notesUpdates(page, caseId), { timeout: 10_000 }).toBeGreaterThan(before);
}

test('replay: the slider shows a removed person gone and back, and the notes as they were at each moment', async ({ page }) => {
  await signIn(page, GT);
  const q = <T>(query: string, variables: Record<string, unknown>) => api<T>(page, GT, query, variables);
  const caseId = (
    await q<{ createCase: { id: string } }>('mutation($i:CreateCaseInput!){ createCase(input:$i){ id } }', {
      i: { title: `Replay e2e ${Date.now()}`, category: 'NON_FAMILY_ABDUCTION', riskLevel: 'HIGH', country: 'GT' },
    })
  ).createCase.id;
  const person = async (fullName: string) =>
    (
      await q<{ addPerson: { id: string } }>('mutation($c:ID!,$i:PersonInput!){ addPerson(caseId:$c, input:$i){ id } }', {
        c: caseId,
        i: { fullName, role: 'WITNESS' },
      })
    ).addPerson.id;
  await person('Carlos Queda');
  const marta = await person('Marta Replay');

  await page.goto(`/cases/${caseId}/notes`);
  await typeNotes(page, caseId, 'Marta seen at the market.');
  await q('mutation($c:ID!,$id:ID!){ removeEntity(caseId:$c, id:$id) }', { c: caseId, id: marta });
  await typeNotes(page, caseId, ' Marta ruled out.');

  await page.getByRole('tab', { name: /^graph$/i }).click();
  await page.getByTestId('replay-open').click();
  const slider = page.getByTestId('replay-slider');
  await expect(slider).toBeVisible();
  await expect(slider).toBeFocused();
  const banner = page.getByTestId('replay-banner');
  await expect(banner).toContainText('Replaying');
  await expect(banner).toContainText('read-only');
  const entities = page.getByTestId('replay-entity');
  // Now: Marta was removed.
  await expect(entities.filter({ hasText: 'Carlos Queda' })).toHaveCount(1);
  await expect(entities.filter({ hasText: 'Marta Replay' })).toHaveCount(0);
  // Who added each entity, and when.
  await expect(entities.filter({ hasText: 'Carlos Queda' })).toContainText(/added by .+, /);

  // The change list names the removal; from it, one step back shows Marta again, one forward removes her.
  const changes = page.getByTestId('replay-changes');
  await expect(changes).toContainText(/removed Marta Replay/);
  await changes
    .getByRole('listitem')
    .filter({ hasText: /removed Marta Replay/ })
    .getByRole('button')
    .click();
  await expect(entities.filter({ hasText: 'Marta Replay' })).toHaveCount(0);
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(entities.filter({ hasText: 'Marta Replay' })).toHaveCount(1);
  await expect.poll(() => drawn(page)).toContain('Marta Replay');
  await expect(slider).toHaveAttribute('aria-valuetext', /of \d+ changes/);
  await page.keyboard.press('ArrowRight');
  await expect(entities.filter({ hasText: 'Marta Replay' })).toHaveCount(0);
  await expect.poll(() => drawn(page)).toEqual(['Carlos Queda']);

  // Dragged to the very start: nothing yet. Back to the end: Carlos without Marta.
  const box = (await slider.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 1, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('replay-graph-summary')).toContainText(/^0 /);
  await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(entities.filter({ hasText: 'Carlos Queda' })).toHaveCount(1);
  await expect(entities.filter({ hasText: 'Marta Replay' })).toHaveCount(0);

  // The moment's exports: the graph as PNG, and the notes as Markdown as they read then.
  const png = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export the graph (PNG)' }).click();
  expect((await png).suggestedFilename()).toMatch(/^case-.+-graph-.+\.png$/);
  await changes
    .getByRole('listitem')
    .filter({ hasText: /removed Marta Replay/ })
    .getByRole('button')
    .click();
  const md = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export the notes (Markdown)' }).click();
  const file = await (await md).path();
  const text = readFileSync(file, 'utf8');
  expect(text).toContain('Marta seen at the market.');
  expect(text).not.toContain('ruled out');
  await slider.focus();
  await page.keyboard.press('End');

  // The notes follow the slider: at the end both lines, at the removal only the first, at the start none.
  await page.getByRole('tab', { name: /^notes$/i }).click();
  const notes = page.getByTestId('notes-editor');
  await expect(notes).toContainText('Marta seen at the market. Marta ruled out.');
  await expect(notes).toHaveAttribute('aria-readonly', 'true');
  await changes
    .getByRole('listitem')
    .filter({ hasText: /removed Marta Replay/ })
    .getByRole('button')
    .click();
  await expect(notes).toContainText('Marta seen at the market.');
  await expect(notes).not.toContainText('ruled out');
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(notes).not.toContainText('Marta seen');
  expect(await seriousViolations(page)).toEqual([]);
  // The map and the timeline of the moment are there too (this case has no places: the map says so).
  await page.getByRole('tab', { name: /^map$/i }).click();
  await expect(page.getByTestId('map')).toBeVisible();
  await expect(page.getByText('No entity of this case has coordinates')).toBeVisible();
  await page.getByRole('tab', { name: /^timeline$/i }).click();
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  await expect(page.getByTestId('timeline-title')).toHaveCount(0);
  await page.getByRole('tab', { name: /^notes$/i }).click();

  // Escape leaves replay: the live notes editor is back, with focus on the Replay button.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('replay')).toHaveCount(0);
  await expect(page.getByTestId('replay-open')).toBeFocused();
  await expect(page.getByTestId('notes-editor')).toContainText('Marta ruled out.');
});

test('replay of a case with no history says so, and goes back to live', async ({ page }) => {
  await signIn(page, GT);
  const caseId = (
    await api<{ createCase: { id: string } }>(page, GT, 'mutation($i:CreateCaseInput!){ createCase(input:$i){ id } }', {
      i: { title: `Replay empty e2e ${Date.now()}`, category: 'NON_FAMILY_ABDUCTION', riskLevel: 'HIGH', country: 'GT' },
    })
  ).createCase.id;
  await page.goto(`/cases/${caseId}/graph`);
  await page.getByTestId('replay-open').click();
  await expect(page.getByTestId('replay-empty')).toHaveText('This case has no history to replay yet.');
  await page.getByTestId('replay-exit').click();
  await expect(page.getByTestId('replay')).toHaveCount(0);
  await expect(page.getByTestId('graph-canvas')).toBeVisible();
});
