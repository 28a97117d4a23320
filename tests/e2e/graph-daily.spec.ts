import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { textChunks } from '../../libs/graph-view/src/export-footer';
import { api, findPaths, openDemoCase, seriousViolations, signIn } from './helpers';

/*
 * Issue 16, "The graph in daily use", in Chromium against the built app: expanded and added entities land next to
 * what they are linked to without covering anything, and nothing else moves; a highlighted path keeps its nodes'
 * shape; the hub ranking counts 1, 2, 3… after a change of measure; the PNG export's footer (handling marking, case,
 * when, who) in four languages; "Find duplicates in this case" with merge (the spelling kept as an alias) and an
 * undoable "not the same".
 */

const GT = 'investigator.gt@demo.local';
const RUN = Date.now().toString(36).slice(-5).toUpperCase();

/**
 * The page's Cytoscape instance as `window.__gvCy` for the evaluations below (Cytoscape keeps it on its container,
 * which may be the canvas element or a div inside it).
 */
async function exposeCy(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() => {
        const root = document.querySelector('[data-testid="graph-canvas"]');
        const holders = root ? [root, ...root.querySelectorAll('div')] : [];
        const cy = holders.map((e) => (e as unknown as { _cyreg?: { cy?: unknown } })._cyreg?.cy).find(Boolean);
        (window as unknown as { __gvCy?: unknown }).__gvCy = cy;
        return !!cy;
      }),
    )
    .toBe(true);
}

interface DrawnNode {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
}

/** The drawn (visible) nodes, in model coordinates, from the page's Cytoscape instance. */
async function drawn(page: Page): Promise<DrawnNode[]> {
  await exposeCy(page);
  return page.evaluate(() => {
    type N = {
      id(): string;
      position(): { x: number; y: number };
      width(): number;
      height(): number;
      data(k: string): string;
    };
    const cy = (window as unknown as { __gvCy?: { nodes(s: string): { map<T>(f: (n: N) => T): T[] } } }).__gvCy;
    return (
      cy?.nodes(':visible').map((n) => ({
        id: n.id(),
        x: n.position().x,
        y: n.position().y,
        w: n.width(),
        h: n.height(),
        label: n.data('label'),
      })) ?? []
    );
  });
}

async function chooseLanguage(page: Page, code: string): Promise<void> {
  await page.getByRole('combobox', { name: /^(Language|Idioma|Langue)$/ }).selectOption(code);
}

const q = <T>(page: Page, query: string, variables: Record<string, unknown>) => api<T>(page, GT, query, variables);
async function createCase(page: Page, title: string): Promise<string> {
  return (
    await q<{ createCase: { id: string } }>(page, 'mutation($i:CreateCaseInput!){ createCase(input:$i){ id } }', {
      i: { title, category: 'NON_FAMILY_ABDUCTION', riskLevel: 'HIGH', country: 'GT' },
    })
  ).createCase.id;
}
async function person(page: Page, caseId: string, fullName: string, extra: Record<string, unknown> = {}): Promise<string> {
  return (
    await q<{ addPerson: { id: string } }>(page, 'mutation($c:ID!,$i:PersonInput!){ addPerson(caseId:$c, input:$i){ id } }', {
      c: caseId,
      i: { fullName, role: 'SUSPECT', ...extra },
    })
  ).addPerson.id;
}
async function link(page: Page, caseId: string, fromId: string, toId: string, type = 'ASSOCIATE_OF'): Promise<void> {
  await q(page, 'mutation($c:ID!,$i:LinkInput!){ linkEntities(caseId:$c, input:$i){ id } }', { c: caseId, i: { fromId, toId, type } });
}

async function openCase(page: Page, title: string): Promise<void> {
  await page.reload();
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(title) })).toBeVisible();
}

function expectApart(nodes: DrawnNode[]): void {
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i]!;
      const b = nodes[j]!;
      const overlapX = Math.abs(a.x - b.x) < (a.w + b.w) / 2;
      const overlapY = Math.abs(a.y - b.y) < (a.h + b.h) / 2;
      expect(overlapX && overlapY, `${a.label} covers ${b.label}`).toBe(false);
      expect(Math.hypot(a.x - b.x, a.y - b.y), `${a.label} and ${b.label} apart`).toBeGreaterThanOrEqual(60);
    }
}

test('expanded and newly added entities land beside what they are linked to, clear of the others; nothing else moves', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, GT);
  const title = `Colocación ${RUN}`;
  const caseId = await createCase(page, title);
  const other = await createCase(page, `Colocación vecinos ${RUN}`);
  const child = await person(page, caseId, `Niña Colocada ${RUN}`, { role: 'MISSING_CHILD' });
  const anchor = await person(page, caseId, `Pedro Ancla ${RUN}`);
  await link(page, caseId, child, anchor, 'ACCOMPANIED_BY');
  const place = (
    await q<{ addLocation: { id: string } }>(page, 'mutation($c:ID!,$i:LocationInput!){ addLocation(caseId:$c, input:$i){ id } }', {
      c: caseId,
      i: { name: `Parque ${RUN}`, country: 'GT', latitude: 14.6, longitude: -90.5 },
    })
  ).addLocation.id;
  // Pedro's associates in another case of the same investigator: expanding him brings them in.
  await q(page, 'mutation($c:ID!,$e:ID!){ attachEntity(caseId:$c, entityId:$e){ id } }', { c: other, e: anchor });
  for (let k = 1; k <= 6; k++) await link(page, other, anchor, await person(page, other, `Socio ${k} ${RUN}`));

  await openCase(page, title);
  await expect.poll(async () => (await drawn(page)).length).toBe(3);
  const before = new Map((await drawn(page)).map((n) => [n.id, n]));

  // Expand Pedro from the canvas menu (right click on his node).
  const at = await page.evaluate((id) => {
    const cy = (window as unknown as { __gvCy: { getElementById(i: string): { renderedPosition(): { x: number; y: number } } } }).__gvCy;
    return cy.getElementById(id).renderedPosition();
  }, anchor);
  const box = (await page.getByTestId('graph-canvas').boundingBox())!;
  await page.mouse.click(box.x + at.x, box.y + at.y, { button: 'right' });
  await page.getByRole('menuitem', { name: 'Expand neighbours' }).click();
  await expect.poll(async () => (await drawn(page)).length).toBe(9);

  const after = await drawn(page);
  // What was drawn stays where it was.
  for (const [id, was] of before) {
    const now = after.find((n) => n.id === id)!;
    expect(Math.abs(now.x - was.x) + Math.abs(now.y - was.y), `${was.label} moved`).toBeLessThan(0.5);
  }
  // The six associates sit around Pedro, on his side of the graph rather than the child's.
  const p = before.get(anchor)!;
  const c = before.get(child)!;
  const socios = after.filter((x) => x.label.startsWith('Socio'));
  for (const n of socios) expect(Math.hypot(n.x - p.x, n.y - p.y)).toBeLessThan(240);
  const mean = { x: socios.reduce((s, n) => s + n.x, 0) / socios.length, y: socios.reduce((s, n) => s + n.y, 0) / socios.length };
  expect(Math.hypot(mean.x - p.x, mean.y - p.y)).toBeLessThan(Math.hypot(mean.x - c.x, mean.y - c.y));
  expectApart(after);

  // A sighting added now (the form's path: the place and who was seen) joins next to them, still clear of all.
  await q(page, 'mutation($c:ID!,$i:SightingInput!){ addSighting(caseId:$c, input:$i){ id } }', {
    c: caseId,
    i: { observedAt: '2026-11-20T10:00:00Z', locationId: place, seenIds: [child] },
  });
  await expect.poll(async () => (await drawn(page)).length).toBe(10);
  await page.waitForTimeout(300);
  const withSighting = await drawn(page);
  const sighting = withSighting.find((n) => !after.some((m) => m.id === n.id))!;
  const placeNode = withSighting.find((n) => n.id === place)!;
  const childNow = withSighting.find((n) => n.id === child)!;
  const mid = { x: (placeNode.x + childNow.x) / 2, y: (placeNode.y + childNow.y) / 2 };
  expect(Math.hypot(sighting.x - mid.x, sighting.y - mid.y)).toBeLessThan(
    Math.hypot(placeNode.x - childNow.x, placeNode.y - childNow.y) / 2 + 240,
  );
  for (const n of after) {
    const now = withSighting.find((m) => m.id === n.id)!;
    expect(Math.abs(now.x - n.x) + Math.abs(now.y - n.y), `${n.label} moved`).toBeLessThan(0.5);
  }
  expectApart(withSighting);

  // Reopened, the case's own entities are drawn where they were (saved positions, no new layout).
  await page.waitForTimeout(800);
  await page.reload();
  await expect.poll(async () => (await drawn(page)).length).toBe(4);
  for (const n of await drawn(page)) {
    const was = withSighting.find((m) => m.id === n.id)!;
    expect(Math.abs(n.x - was.x) + Math.abs(n.y - was.y), `${n.label} moved on reopening`).toBeLessThan(2);
  }
});

test('the nodes of a highlighted path keep their shape', async ({ page }) => {
  await signIn(page, GT);
  await openDemoCase(page);
  await expect.poll(async () => (await drawn(page)).length).toBeGreaterThan(5);
  const nodes = await drawn(page);
  const child = nodes.find((n) => n.label.startsWith('Ana Lucía'))!;
  const far = nodes.find((n) => n.label.startsWith('Instagram'))!;
  await page.evaluate(
    (ids) => {
      const cy = (window as unknown as { __gvCy: { $(s: string): { select(): void } } }).__gvCy;
      cy.$(`#${ids[0]}, #${ids[1]}`).select();
    },
    [child.id, far.id],
  );
  await expect(page.getByTestId('path-message')).toContainText('Shortest path');
  const shapes = await page.evaluate(() => {
    type N = { width(): number; height(): number };
    const cy = (window as unknown as { __gvCy: { nodes(s: string): { map<T>(f: (n: N) => T): T[] } } }).__gvCy;
    return cy.nodes('.gv-path').map((n) => [n.width(), n.height()]);
  });
  expect(shapes.length).toBeGreaterThanOrEqual(2);
  for (const [w, h] of shapes) expect(w).toBe(h);
});

test('the hub ranking counts 1 to 10 after each change of measure', async ({ page }) => {
  await signIn(page, GT);
  await openDemoCase(page);
  await page.locator('summary', { hasText: 'Hubs and groups' }).click();
  const ranks = page.locator('.intel-hubs .intel-rank');
  const expected = Array.from({ length: 10 }, (_, i) => `${i + 1}.`);
  await expect(ranks).toHaveText(expected);
  const size = page.getByRole('combobox', { name: 'Size nodes by' });
  await size.selectOption('DEGREE');
  await expect(page.locator('.intel-hubs li').first()).toContainText('Connections 5');
  await expect(ranks).toHaveText(expected);
  await size.selectOption('BETWEENNESS');
  // The share itself depends on how many entities the demo case holds, which other specs running alongside add to.
  await expect(page.locator('.intel-hubs li').nth(1)).toContainText(/Betweenness \d+(\.\d)? %/);
  await expect(ranks).toHaveText(expected);
});

test('the PNG export carries the handling marking, the case, when and who, in four languages', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, GT);
  await openDemoCase(page);
  await expect.poll(async () => (await drawn(page)).length).toBeGreaterThan(5);
  const expected: Record<string, { button: string; marking: string; source: RegExp }> = {
    en: { button: 'Export PNG', marking: 'Handling: OFFICIAL-SENSITIVE', source: /^Case GT-2026-0001 · exported .+ by .+ \(.+\)$/ },
    es: { button: 'Exportar PNG', marking: 'Tratamiento: OFFICIAL-SENSITIVE', source: /^Caso GT-2026-0001 · exportado .+ por .+ \(.+\)$/ },
    fr: {
      button: 'Exporter en PNG',
      marking: 'Traitement : OFFICIAL-SENSITIVE',
      source: /^Dossier GT-2026-0001 · exporté .+ par .+ \(.+\)$/,
    },
    pt: { button: 'Exportar PNG', marking: 'Tratamento: OFFICIAL-SENSITIVE', source: /^Caso GT-2026-0001 · exportado .+ por .+ \(.+\)$/ },
  };
  for (const [lang, e] of Object.entries(expected)) {
    await chooseLanguage(page, lang);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: e.button, exact: true }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('case-GT-2026-0001-graph.png');
    const bytes = await readFile((await file.path())!);
    const chunks = textChunks(new Uint8Array(bytes));
    expect(chunks.Disclaimer).toBe(e.marking);
    expect(chunks.Source).toMatch(e.source);
    expect(chunks.Source).toContain('2026');
    // The footer is drawn: a valid PNG whose bottom band (under the picture) has dark and red text pixels.
    const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const band = Math.round(70 * 2);
    let dark = 0;
    let red = 0;
    for (let y = info.height - band; y < info.height; y++)
      for (let x = 0; x < info.width; x++) {
        const i = (y * info.width + x) * 3;
        const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
        if (r < 80 && g < 80 && b < 80) dark++;
        if (r > 150 && g < 60 && b < 60) red++;
      }
    expect(dark, `footer text in ${lang}`).toBeGreaterThan(200);
    expect(red, `marking in ${lang}`).toBeGreaterThan(100);
  }
  await chooseLanguage(page, 'en');
});

test('find duplicates in this case: pairs best first, merge keeps the spelling as an alias, "not the same" is undone', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, GT);
  const title = `Duplicados ${RUN}`;
  const caseId = await createCase(page, title);
  await person(page, caseId, `Rosa Elvira Tzoc ${RUN}`, { dateOfBirth: '1990-04-05' });
  await person(page, caseId, `TZOC, Rosa Elvira ${RUN}`, { dateOfBirth: '1990-04-05' });
  await person(page, caseId, `Rosa Elvira Tzoc ${RUN}`, { dateOfBirth: '1971-01-01' });
  const van = (plate: string) =>
    q(page, 'mutation($c:ID!,$i:VehicleInput!){ addVehicle(caseId:$c, input:$i){ id } }', { c: caseId, i: { plate } });
  await van(`P-${RUN}9`);
  await van(`p ${RUN.toLowerCase()} 9`);

  await openCase(page, title);
  await page.getByRole('tab', { name: 'Analysis' }).click();
  const panel = page.locator('section[aria-labelledby="intel-dup-title"]');
  await panel.getByRole('button', { name: 'Find duplicates in this case' }).click();
  const pairs = panel.getByTestId('dup-pairs').getByRole('listitem');
  await expect(panel.getByText('possible duplicate pairs, best first.')).toBeVisible();
  // Same name and birth date first (100 %); the different birth date comes after.
  await expect(pairs.first()).toContainText(`TZOC, Rosa Elvira ${RUN}`);
  await expect(pairs.first()).toContainText('Match 100 %');
  await expect(pairs.first()).toContainText('same date of birth');
  const scores = (await pairs.allTextContents()).map((t) => Number(/Match (\d+) %/.exec(t)![1]));
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  const plates = pairs.filter({ hasText: `P-${RUN}9` });
  await expect(plates).toHaveCount(1);
  expect(await seriousViolations(page)).toEqual([]);

  // Not the same, then taken back.
  await plates.getByRole('button', { name: /are not the same$/ }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'will not be proposed again' })).toBeVisible();
  await expect(pairs.filter({ hasText: `P-${RUN}9` })).toHaveCount(0);
  const notSame = panel.getByTestId('dup-not-same').getByRole('listitem');
  await expect(notSame).toHaveCount(1);
  await expect(notSame.first()).toContainText('Lucía');
  await notSame
    .first()
    .getByRole('button', { name: /^Undo “not the same”/ })
    .click();
  await expect(panel.getByText('No pair of this case was said not to be the same.')).toBeVisible();
  await expect(pairs.filter({ hasText: `P-${RUN}9` })).toHaveCount(1);

  // Keep the first spelling; the other is merged and stays as its alias.
  const best = pairs.first();
  const keepers = best.getByRole('button', { name: /^Keep / });
  const keepName = ((await keepers.first().textContent()) ?? '').replace(/^Keep “|”…$/g, '');
  const otherName = ((await keepers.nth(1).textContent()) ?? '').replace(/^Keep “|”…$/g, '');
  await keepers.first().click();
  await expect(best.getByRole('alert')).toContainText('its spelling stays as an alias');
  await best.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(panel.getByText(`“${otherName}” was merged into “${keepName}”; its spelling is kept as an alias.`)).toBeVisible();
  await expect(panel.getByText(`kept as alias: ${otherName}`)).toBeVisible();
  const survivor = await q<{ search: Array<{ id: string; label: string; props: { aliases?: string[] } }> }>(
    page,
    'query($c:ID!,$t:String!){ search(caseId:$c, text:$t){ id label props } }',
    { c: caseId, t: otherName },
  );
  // (Two people carry the kept spelling: the survivor is the one with the alias.)
  expect(survivor.search.filter((s) => s.label === keepName).map((s) => s.props.aliases)).toContainEqual([otherName]);

  // The same panel in the other three languages.
  const words: Record<string, [string, RegExp, string]> = {
    es: ['Buscar duplicados en este caso', /posibles pares duplicados|posible par duplicado/, 'Marcados como distintos'],
    fr: ['Chercher les doublons de ce dossier', /paires? de doublons possibles?/, 'Déclarés différents'],
    pt: ['Procurar duplicados neste caso', /possíve(l|is) pares? duplicados?/, 'Marcados como diferentes'],
  };
  for (const [lang, [find, found, notSameTitle]] of Object.entries(words)) {
    await chooseLanguage(page, lang);
    await expect(panel.getByRole('heading', { name: find })).toBeVisible();
    await expect(panel.getByText(found)).toBeVisible();
    await expect(panel.getByRole('heading', { name: notSameTitle })).toBeVisible();
  }
  await chooseLanguage(page, 'en');
});

test('the “?” of a path grade is explained on the grade itself and beside the list, in four languages', async ({ page }) => {
  await signIn(page, 'analyst.mx@demo.local');
  await openDemoCase(page);
  const panel = await findPaths(page, 'Carlos Méndez', 'Héctor Ruiz Aguilar');
  const first = panel.getByTestId('paths-list').getByRole('listitem').first().getByRole('button').first();
  await expect(first).toContainText('B?');
  const said: Record<string, RegExp> = {
    en: /“\?” means that part was not graded on some link/,
    es: /«\?» significa que esa parte no se calificó en algún vínculo/,
    fr: /« \? » signifie que cette partie n’a pas été cotée sur un lien/,
    pt: /«\?» significa que essa parte não foi classificada numa ligação/,
  };
  for (const [lang, text] of Object.entries(said)) {
    await chooseLanguage(page, lang);
    await expect(panel.getByTestId('grade-legend')).toHaveText(text);
    // On hover (title) and for screen readers (described by the legend).
    await expect(first).toHaveAttribute('title', text);
    await expect(first).toHaveAccessibleDescription(text);
  }
  await chooseLanguage(page, 'en');
});
