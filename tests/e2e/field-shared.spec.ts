import { expect, test, type Page } from '@playwright/test';
import { api, openDemoCase, seriousViolations, signIn } from './helpers';

// Issue 18 (leftovers): one time filter, set on the timeline's axis, followed by the timeline's list, the
// graph and the map, each saying so in the reader's language; the map's country names in that language;
// an entity mention in the notes opened from the keyboard.

const LANGS = [
  {
    lang: 'en',
    graph: /^The graph shows sightings from /,
    list: /^The list shows entries from /,
    map: /^Map shows sightings /,
    mexico: 'Mexico',
  },
  { lang: 'es', graph: /^El grafo muestra solo /, list: /^La lista muestra solo /, map: /^El mapa muestra solo /, mexico: 'México' },
  { lang: 'fr', graph: /^Le graphe ne montre que /, list: /^La liste ne montre que /, map: /^La carte ne montre que /, mexico: 'Mexique' },
  { lang: 'pt', graph: /^O grafo mostra só /, list: /^A lista mostra só /, map: /^O mapa mostra só /, mexico: 'México' },
] as const;

async function chooseLanguage(page: Page, code: string): Promise<void> {
  await page.getByRole('combobox', { name: /^(Language|Idioma|Langue)$/ }).selectOption(code);
}

/** The kinds of the nodes the live graph's canvas shows (Cytoscape keeps its instance on its container). */
function drawnKinds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="graph-canvas"] .gv-drawing') as unknown as null | {
      _cyreg?: { cy?: { nodes(sel: string): { map(f: (n: { data(k: string): string }) => string): string[] } } };
    };
    return el?._cyreg?.cy?.nodes(':visible').map((n) => n.data('kind')) ?? [];
  });
}

test('one time filter set on the timeline is followed by its list, the graph and the map, in each of the four languages', async ({
  page,
}) => {
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page, 'graph');
  await expect.poll(() => drawnKinds(page), { timeout: 20_000 }).toContain('SIGHTING');
  const base = page.url().replace(/\/graph(\?.*)?$/, '');
  await page.getByRole('tab', { name: /^timeline$/i }).click();
  const axis = page.getByTestId('timeline-axis');
  await expect(page.getByTestId('timeline-sighting').first()).toBeVisible();
  const entries = await page.locator('[data-testid="timeline"] > li').count();
  // The night of 20-21 Nov: none of the seeded sightings.
  await axis.getByRole('button', { name: 'Zoom in' }).click();
  await axis.getByRole('button', { name: 'Zoom in' }).click();
  await axis.getByTestId('axis-filter').click();
  await expect(axis.getByRole('button', { name: 'Filter the graph, timeline and map to this range' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByTestId('timeline-sighting')).toHaveCount(0);
  const left = await page.locator('[data-testid="timeline"] > li').count();
  expect(left).toBeLessThan(entries);
  const outside = Number(/; (\d+) entr/.exec((await page.getByTestId('list-filter').textContent()) ?? '')?.[1]);
  expect(outside).toBeGreaterThan(0);

  for (const { lang, graph, list, map, mexico } of LANGS) {
    await chooseLanguage(page, lang);
    await page.goto(`${base}/timeline`);
    await expect(page.getByTestId('list-filter')).toHaveText(list);
    await page.goto(`${base}/graph`);
    await expect(page.getByTestId('graph-filter')).toHaveText(graph);
    await expect.poll(() => drawnKinds(page), { timeout: 20_000 }).toContain('PERSON');
    expect(await drawnKinds(page)).not.toContain('SIGHTING');
    await page.goto(`${base}/map`);
    await expect(page.getByTestId('map-filter')).toHaveText(map);
    const m = page.getByTestId('map');
    await expect(m).toHaveAttribute('data-base', 'drawn', { timeout: 20_000 });
    // The country names in the reader's language (Intl.DisplayNames from the atlas's ISO codes).
    await expect(m.locator('.country-name', { hasText: new RegExp(`^${mexico}$`) })).toHaveCount(1);
    await expect(m.locator('.country-name', { hasText: /^Guatemala$/ })).toHaveCount(1);
  }
  await chooseLanguage(page, 'en');
  // Cleared on the map, it is cleared everywhere.
  await page.getByTestId('map-filter').getByRole('button', { name: 'Clear the time filter' }).click();
  await expect(page.getByTestId('map-filter')).toHaveCount(0);
  await page.getByRole('tab', { name: /^graph$/i }).click();
  await expect(page.getByTestId('graph-filter')).toHaveCount(0);
  await expect.poll(() => drawnKinds(page), { timeout: 20_000 }).toContain('SIGHTING');
  // And the list shows again what the filter had left out.
  await page.getByRole('tab', { name: /^timeline$/i }).click();
  await expect(page.getByTestId('list-filter')).toHaveCount(0);
  await expect(page.locator('[data-testid="timeline"] > li')).toHaveCount(left + outside);
});

test('an entity mention in the notes opens from the keyboard: Alt+Enter while writing, Tab and Enter in a read-only copy', async ({
  browser,
}) => {
  const writer = await (await browser.newContext()).newPage();
  await signIn(writer, 'investigator.gt@demo.local');
  // A case of its own: other specs running alongside write into the demo case's notes, and a remote edit
  // landing between picking the mention and Alt+Enter moved the caret off it.
  const { createCase } = await api<{ createCase: { id: string } }>(
    writer,
    'investigator.gt@demo.local',
    'mutation($i:CreateCaseInput!){ createCase(input:$i){ id } }',
    { i: { title: `Mentions by keyboard ${Date.now().toString(36)}`, category: 'RUNAWAY', riskLevel: 'HIGH', country: 'GT' } },
  );
  await api(
    writer,
    'investigator.gt@demo.local',
    'mutation($c:ID!){ addPerson(caseId:$c, input:{fullName:"Carlos Méndez", role: SUSPECT}){ id } }',
    {
      c: createCase.id,
    },
  );
  await writer.goto(`/cases/${createCase.id}/notes`);
  await expect(writer.getByTestId('collab-status')).toHaveAttribute('data-status', 'connected');
  const editor = writer.getByTestId('notes-editor');
  await expect(writer.locator('#notes-help')).toContainText('Alt+Enter opens the entity mentioned at the cursor in the graph.');
  await editor.focus();
  await writer.keyboard.press('Control+End');
  await writer.keyboard.press('Enter');
  await writer.keyboard.type('Ask the vendor about @carlos');
  await expect(writer.getByRole('option', { name: /Carlos Méndez/ }).first()).toBeVisible();
  const carlos = editor.locator('[data-mention-id]', { hasText: '@Carlos Méndez' });
  const before = await carlos.count();
  await writer.keyboard.press('Enter');
  await expect(carlos).toHaveCount(before + 1);
  // Straight after picking it: the caret is after the mention and its space, and that still counts as at it.
  await writer.keyboard.press('Alt+Enter');
  // The graph opens with the entity focused (its panel); the graph takes ?focus= off the address.
  await expect(writer).toHaveURL(/\/graph(\?focus=ent_\w+)?$/);
  await expect(writer.getByRole('heading', { level: 2, name: 'Carlos Méndez' })).toBeVisible();

  // Away from any mention, Alt+Enter opens nothing.
  await writer.getByRole('tab', { name: /^notes$/i }).click();
  await editor.focus();
  await writer.keyboard.press('Control+End');
  await writer.keyboard.type(' done');
  await writer.keyboard.press('Alt+Enter');
  await expect(writer).toHaveURL(/\/notes$/);
  await writer.context().close();

  // An administrator added to the case reads the notes (read-only): mentions are links in the tab order; Enter opens one.
  const reader = await (await browser.newContext()).newPage();
  const { cases } = await api<{ cases: Array<{ id: string; reference: string }> }>(
    reader,
    'investigator.gt@demo.local',
    '{ cases { id reference } }',
    {},
  );
  const caseId = cases.find((c) => c.reference === 'GT-2026-0001')!.id;
  const { me } = await api<{ me: { id: string } }>(reader, 'admin@demo.local', '{ me { id } }', {});
  await api(reader, 'investigator.gt@demo.local', 'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }', {
    c: caseId,
    u: me.id,
  });
  await signIn(reader, 'admin@demo.local');
  await openDemoCase(reader, 'notes');
  const notes = reader.getByTestId('notes-editor');
  await expect(notes).toHaveAttribute('aria-readonly', 'true');
  await expect(reader.locator('#notes-help')).toContainText('Tab to a mention and press Enter to open it in the graph.');
  const ana = notes.getByRole('link', { name: '@Ana Lucía Pérez Gómez' }).first();
  await expect(ana).toHaveAttribute('tabindex', '0');
  // Reached with Tab alone, from the help line above the editor.
  await reader.locator('#notes-help').click();
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await reader.keyboard.press('Tab');
    reached = await reader.evaluate(() => document.activeElement?.hasAttribute('data-mention-id') ?? false);
  }
  expect(reached).toBe(true);
  expect(await seriousViolations(reader)).toEqual([]);
  const label = await reader.evaluate(() => document.activeElement!.getAttribute('data-label'));
  await reader.keyboard.press('Enter');
  await expect(reader).toHaveURL(/\/graph(\?focus=ent_\w+)?$/);
  await expect(reader.getByRole('heading', { level: 2, name: label! })).toBeVisible();
  // The demo case's members as they were, for the other specs.
  await api(reader, 'investigator.gt@demo.local', 'mutation($c:ID!,$u:ID!){ removeCaseMember(caseId:$c, userId:$u){ id } }', {
    c: caseId,
    u: me.id,
  });
  await reader.context().close();
});
