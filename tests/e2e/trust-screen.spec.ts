import { expect, test, type Page } from '@playwright/test';
import { api, DEMO_CASE, openDemoCase, signIn } from './helpers';

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
