import { expect, test, type Page } from '@playwright/test';
import { api, DEMO_CASE, findPaths, openDemoCase, signIn } from './helpers';

async function demoCaseId(page: Page): Promise<string> {
  const r = await api<{ cases: { id: string; title: string }[] }>(page, 'investigator.gt@demo.local', '{cases{id title}}', {});
  return r.cases.find((c) => c.title === DEMO_CASE)!.id;
}

// Issue #16, "Trust what the screen says": what the screen offers is what the server keeps and allows.

test('a sighting added through the form keeps its source and confidence', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page);
  await page.getByRole('button', { name: 'Add entity' }).click();
  await page.getByLabel('Kind').selectOption('SIGHTING');
  await page.getByLabel('Observed at *').fill('2026-11-22T09:30');
  await page.getByLabel('Description').fill('Bus terminal camera 7: trust-screen sighting');
  await page.getByLabel('Source of the sighting').selectOption('CCTV');
  await page.getByLabel('Confidence (0–1)').fill('0.9');
  await page.getByLabel('Where *').selectOption({ label: 'Mercado La Terminal' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  const caseId = await demoCaseId(page);
  const g = await api<{ caseGraph: { nodes: { kind: string; props: Record<string, unknown> }[] } }>(
    page,
    'investigator.gt@demo.local',
    'query($c:ID!){caseGraph(caseId:$c){nodes{kind props}}}',
    { c: caseId },
  );
  const saved = g.caseGraph.nodes.find(
    (n) => n.kind === 'SIGHTING' && n.props['description'] === 'Bus terminal camera 7: trust-screen sighting',
  );
  expect(saved?.props).toMatchObject({ sightingSource: 'CCTV', confidence: 0.9 });
});

test('the graph’s live badge tells connected, reconnecting and offline apart, politely', async ({ page, context }) => {
  // Every graphql-ws connection goes through this route, so the test can drop it and refuse new ones.
  let refuse = false;
  const open = new Set<import('@playwright/test').WebSocketRoute>();
  await page.routeWebSocket(/\/graphql$/, (ws) => {
    if (refuse) {
      void ws.close({ code: 1013, reason: 'test: try again later' });
      return;
    }
    ws.connectToServer();
    open.add(ws);
  });
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page);
  const badge = page.getByRole('toolbar').getByRole('status');
  await expect(badge).toHaveAttribute('aria-live', 'polite');
  await expect(badge).toHaveText('Live updates on');

  // A colleague's change arrives while it says so.
  const caseId = await demoCaseId(page);
  await api(page, 'investigator.mx@demo.local', 'mutation($c:ID!,$p:JSONObject!){addEntity(caseId:$c,kind:VEHICLE,props:$p){id}}', {
    c: caseId,
    p: { plate: 'TRUST-16', plateCountry: 'GT' },
  });
  await expect(page.getByTestId('entity-row').filter({ hasText: 'TRUST-16' })).toBeVisible();
  await expect(badge).toHaveText('Live updates on');

  // Back from another tab, the graph mounts on the session's connection and says what it is.
  await page.getByRole('tab', { name: /^notes$/i }).click();
  await page.getByRole('tab', { name: /^graph$/i }).click();
  await expect(badge).toHaveText('Live updates on');

  // The connection drops and the server cannot be reached for a while.
  refuse = true;
  for (const ws of open) await ws.close({ code: 1012, reason: 'test: server restarting' });
  open.clear();
  await expect(badge).toHaveText('Reconnecting…');
  refuse = false;
  await expect(badge).toHaveText('Live updates on', { timeout: 20_000 });

  // The browser goes offline.
  await context.setOffline(true);
  await expect(badge).toHaveText('Offline: live updates paused');
  await context.setOffline(false);
  await expect(badge).toHaveText('Live updates on', { timeout: 20_000 });
});

test('an analyst is told, in Spanish, why Add entity is not for their role, before filling anything', async ({ page }) => {
  await signIn(page, 'analyst.mx@demo.local');
  await page.getByLabel('Language').selectOption('es');
  await openDemoCase(page);
  const add = page.getByRole('button', { name: 'Añadir entidad' });
  await expect(add).toHaveAttribute('aria-disabled', 'true');
  await expect(add).toHaveAttribute('title', 'Su rol, Analista, no puede añadir entidades');
  await expect(add).toHaveAccessibleDescription('Su rol, Analista, no puede añadir entidades');
  await add.click({ force: true });
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // What the role may do stays offered.
  await expect(page.getByRole('button', { name: 'Añadir entidad' })).toBeVisible();
});

test('a server error names the field by its label in the reader’s language, never its input path', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await page.getByLabel('Language').selectOption('es');
  await openDemoCase(page);
  await page.getByRole('button', { name: 'Añadir entidad' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: 'Tipo', exact: true }).selectOption('LOCATION');
  await dialog.getByLabel('Nombre *').fill('Parada de bus 16');
  await dialog.getByLabel(/^País/).fill('GT');
  await dialog.getByLabel('Latitud *').fill('123');
  await dialog.getByLabel('Longitud *').fill('-90.5');
  await dialog.getByRole('button', { name: 'Guardar' }).click();
  await expect(dialog.getByLabel('Latitud *')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert').filter({ hasText: 'Latitud debe ser como máximo 90' })).toBeVisible();
  await expect(dialog).not.toContainText('input.');
  await expect(dialog).not.toContainText('props.');
  await expect(dialog).not.toContainText('latitude');
});

// "Last seen" is the server's one derivation: the demo child was reported last seen at the market on 20 Nov and
// sighted (a witness, 60 %) at the Tecún Umán bridge on 21 Nov at 13:30 UTC, 07:30 in Guatemala, the browser's zone.
const LAST_SEEN = [
  { lang: 'en', label: 'Last seen', basis: 'confirmed sighting (Witness, confidence 60 %)', reported: 'Reported last seen' },
  { lang: 'es', label: 'Visto por última vez', basis: 'avistamiento confirmado', reported: 'Última vez visto según la denuncia' },
  {
    lang: 'fr',
    label: 'Vu pour la dernière fois',
    basis: 'observation confirmée',
    reported: 'Vu pour la dernière fois selon le signalement',
  },
  { lang: 'pt', label: 'Vista pela última vez', basis: 'avistamento confirmado', reported: 'Vista pela última vez segundo a denúncia' },
] as const;

test('the case header and the child’s profile tell the later confirmed sighting as last seen, and say so, in four languages', async ({
  page,
}) => {
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page);
  for (const { lang, label, basis, reported } of LAST_SEEN) {
    await page.getByRole('combobox', { name: /^(Language|Idioma|Langue)$/ }).selectOption(lang);
    const head = page.locator('.case-meta').getByTestId('last-seen');
    await expect(head).toHaveAttribute('data-basis', 'SIGHTING');
    await expect(head).toContainText(`${label}:`);
    await expect(head).toContainText(/0?7:30/);
    await expect(head).toContainText('Puente Rodolfo Robles, Tecún Umán (GT)');
    await expect(head).toContainText(basis);
    // Not the reported place and time (20 Nov at the market) that it said before.
    await expect(head).not.toContainText('Mercado La Terminal');

    await page.getByRole('tab', { name: /^(child|menor|enfant|criança)$/i }).click();
    const profile = page.locator('.child-panel');
    const row = profile.locator('.prop-row').filter({ has: page.getByTestId('last-seen') });
    await expect(row.getByTestId('last-seen')).toContainText('Puente Rodolfo Robles, Tecún Umán (GT)');
    await expect(row.getByTestId('last-seen')).toContainText(basis);
    // The report keeps its own last-seen, labelled as the report's.
    await expect(profile.locator('.prop-row').filter({ hasText: reported })).toContainText(/16:40|4:40/);
    await page.getByRole('tab', { name: /^(graph|grafo|graphe)$/i }).click();
  }
});

test('an analyst regrades a link from the entity panel; the grade and its “?” are explained, and focus returns', async ({ page }) => {
  await signIn(page, 'analyst.mx@demo.local');
  await openDemoCase(page);
  await page.getByTestId('entity-row').getByRole('button', { name: 'Carlos Méndez', exact: true }).click();
  const panel = page.locator('.entity-panel');
  const row = panel.locator('ul.links li').filter({ hasText: '+502 5555 0147' });
  const badge = row.getByTestId('link-grade');
  // Seeded with a source reliability (B) but no credibility: the "?" says it was not graded.
  await expect(badge).toHaveText('B?');
  await expect(badge).toHaveAttribute('title', /“\?” where it was not graded/);
  const grade = row.getByRole('button', { name: 'Grade: owns +502 5555 0147' });
  await grade.click();
  const form = row.getByRole('form', { name: 'Grade: owns +502 5555 0147' });
  await form.getByLabel('Source reliability').selectOption('C');
  await form.getByLabel('Information credibility').selectOption('2');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(badge).toHaveText('C2');
  await expect(grade).toBeFocused();

  // Stored: a fresh read says the same.
  const caseId = await demoCaseId(page);
  const g = await api<{ caseGraph: { edges: { type: string; reliability: string | null; credibility: number | null }[] } }>(
    page,
    'investigator.gt@demo.local',
    'query($c:ID!){caseGraph(caseId:$c){edges{type reliability credibility}}}',
    { c: caseId },
  );
  expect(g.caseGraph.edges.filter((e) => e.type === 'OWNS' && e.reliability === 'C' && e.credibility === 2)).toHaveLength(1);
});

test('an analyst sees why Edit and Remove of an entity are not for their role, and nothing opens', async ({ page }) => {
  await signIn(page, 'analyst.mx@demo.local');
  await openDemoCase(page);
  await page.getByTestId('entity-row').getByRole('button', { name: 'Carlos Méndez', exact: true }).click();
  const panel = page.locator('.entity-panel');
  const reason = 'Your role, Analyst, may not edit or remove entities';
  for (const name of ['Edit', 'Remove from case']) {
    const b = panel.getByRole('button', { name, exact: true });
    await expect(b).toHaveAttribute('aria-disabled', 'true');
    await expect(b).toHaveAttribute('title', reason);
    await expect(b).toHaveAccessibleDescription(reason);
  }
  page.on('dialog', (d) => void d.dismiss());
  await panel.getByRole('button', { name: 'Edit', exact: true }).click({ force: true });
  await panel.getByRole('button', { name: 'Remove from case', exact: true }).click({ force: true });
  await expect(panel.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await expect(panel.getByRole('alert')).toHaveCount(0);
  // What the role may do is offered as before: grading the links.
  await expect(panel.getByRole('button', { name: /^Grade: / }).first()).not.toHaveAttribute('aria-disabled', 'true');
});

test('an Actual alert is shown as recipients will read it, in each language, and sent only on confirmation', async ({ page }) => {
  await signIn(page, 'supervisor.gt@demo.local');
  await openDemoCase(page);
  await page.getByRole('tab', { name: /^child$/i }).click();
  await page.getByRole('button', { name: 'Alert…' }).click();
  const dialog = page.getByRole('dialog', { name: /Emergency child alert/ });
  await dialog.getByLabel('Spanish').check();
  const caseId = await demoCaseId(page);
  const count = async () =>
    (await api<{ childAlerts: unknown[] }>(page, 'supervisor.gt@demo.local', 'query($c:ID!){childAlerts(caseId:$c){id}}', { c: caseId }))
      .childAlerts.length;
  const before = await count();

  await dialog.getByRole('button', { name: 'Preview…' }).click();
  const preview = dialog.getByRole('region', { name: 'As recipients will see it' });
  await expect(preview).toBeFocused();
  await expect(preview).toContainText('Status: Actual');
  await expect(preview).toContainText('This is a real alert');
  const infos = preview.getByTestId('alert-preview-info');
  await expect(infos).toHaveCount(2);
  await expect(infos.nth(0)).toHaveAttribute('lang', 'en');
  await expect(infos.nth(0)).toContainText('Missing child: Ana Lucía Pérez Gómez, last seen Puente Rodolfo Robles, Tecún Umán');
  await expect(infos.nth(1)).toHaveAttribute('lang', 'es');
  await expect(infos.nth(1)).toContainText('Menor desaparecido: Ana Lucía Pérez Gómez, visto por última vez en Puente Rodolfo Robles');
  await expect(preview).toContainText('km around Puente Rodolfo Robles, Tecún Umán');
  await expect(preview).toContainText('Policía Nacional Civil — Unidad de Niñez (GT)');
  // Nothing is sent by previewing, and changing the form discards the preview.
  expect(await count()).toBe(before);
  await dialog.getByLabel('Status').selectOption('Test');
  await expect(preview).toHaveCount(0);
  await dialog.getByLabel('Status').selectOption('Actual');
  await dialog.getByRole('button', { name: 'Preview…' }).click();
  await dialog.getByRole('button', { name: 'Confirm and issue' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: /Alert issued to \d+ agenc/ })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Issue' })).toBeDisabled();
  expect(await count()).toBe(before + 1);
});

test('the merge history and the risk history say who acted, by name and agency', async ({ page }) => {
  // Six sign-ins through the API before the page opens: on a loaded machine that alone can take half the default time.
  test.setTimeout(90_000);
  await signIn(page, 'supervisor.gt@demo.local');
  const caseId = await demoCaseId(page);
  const add = 'mutation($c:ID!,$p:JSONObject!){addEntity(caseId:$c,kind:PERSON,props:$p){id}}';
  const p = { fullName: 'Trust Screen Duplicate' };
  const a = (await api<{ addEntity: { id: string } }>(page, 'investigator.gt@demo.local', add, { c: caseId, p })).addEntity.id;
  const b = (await api<{ addEntity: { id: string } }>(page, 'investigator.gt@demo.local', add, { c: caseId, p })).addEntity.id;
  await api(page, 'investigator.gt@demo.local', 'mutation($c:ID!,$s:ID!,$m:ID!){mergeEntities(caseId:$c,survivorId:$s,mergedId:$m){id}}', {
    c: caseId,
    s: a,
    m: b,
  });
  const factors = { ageYears: 12, hoursMissing: 30 };
  const proposed = await api<{ proposeRisk: { level: string } }>(
    page,
    'supervisor.gt@demo.local',
    'query($c:ID!,$f:RiskFactorsInput!){proposeRisk(caseId:$c,factors:$f){level}}',
    { c: caseId, f: factors },
  );
  await api(
    page,
    'supervisor.gt@demo.local',
    'mutation($c:ID!,$f:RiskFactorsInput!,$l:RiskLevel!){confirmRiskAssessment(caseId:$c,factors:$f,level:$l){id}}',
    { c: caseId, f: factors, l: proposed.proposeRisk.level },
  );

  await openDemoCase(page);
  await page.getByRole('tab', { name: /^analysis$/i }).click();
  await expect(page.getByRole('listitem').filter({ hasText: '“Trust Screen Duplicate” merged' })).toContainText(
    'by Lucía Morales (PNC, GT), Policía Nacional Civil — Unidad de Niñez',
  );
  await page.getByRole('tab', { name: /^child$/i }).click();
  const history = page.locator('table').filter({ has: page.getByRole('columnheader', { name: 'By' }) });
  await expect(
    history.getByRole('row').filter({ hasText: 'Comisario Óscar Barrios (PNC, GT), Policía Nacional Civil — Unidad de Niñez' }).first(),
  ).toBeVisible();
});

test('a path grade with “?” is explained beside the paths', async ({ page }) => {
  await signIn(page, 'analyst.mx@demo.local');
  await openDemoCase(page);
  const panel = await findPaths(page, 'Carlos Méndez', 'Héctor Ruiz Aguilar');
  // The demo's links are graded for reliability (B) but not for credibility.
  await expect(panel.getByTestId('paths-list').getByRole('listitem').first()).toContainText('grade B?');
  await expect(panel.getByTestId('grade-legend')).toContainText('“?” means that part was not graded on some link');
});

test('closing a dialog returns focus to the control that opened it', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page);
  await page.getByRole('tab', { name: /^child$/i }).click();
  const poster = page.getByRole('button', { name: 'Poster…' });
  await poster.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Printable poster' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(poster).toBeFocused();
  // The same with the close button.
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Printable poster' }).getByRole('button', { name: 'Close' }).click();
  await expect(poster).toBeFocused();
});

test('opening a case moves focus to its heading', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await page.getByRole('link', { name: 'Ana Lucía Pérez Gómez' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: /Ana Lucía Pérez Gómez/ })).toBeFocused();
  // Switching tabs keeps focus on the tabs.
  await page.getByRole('tab', { name: /^graph$/i }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: /^child$/i })).toBeFocused();
});
