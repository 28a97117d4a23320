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
  const saved = g.caseGraph.nodes.find((n) => n.kind === 'SIGHTING' && n.props['description'] === 'Bus terminal camera 7: trust-screen sighting');
  expect(saved?.props).toMatchObject({ sightingSource: 'CCTV', confidence: 0.9 });
});
