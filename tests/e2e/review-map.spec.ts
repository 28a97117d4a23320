import { expect, test } from '@playwright/test';
import { api, openDemoCase, seriousViolations, signIn } from './helpers';

test('a supervisor signs off the timeline, then sees who changed what since', async ({ browser }) => {
  const supervisorCtx = await browser.newContext();
  const investigatorCtx = await browser.newContext();
  const supervisor = await supervisorCtx.newPage();
  const investigator = await investigatorCtx.newPage();

  await signIn(supervisor, 'supervisor.gt@demo.local');
  await openDemoCase(supervisor, 'review');
  await supervisor.getByLabel('Document').selectOption('TIMELINE');
  const comment = `Reviewed for the morning brief ${Date.now()}`;
  await supervisor.getByLabel('Comment').first().fill(comment);
  await supervisor.getByRole('button', { name: 'Sign off' }).click();
  await expect(supervisor.getByRole('status').filter({ hasText: 'Signed off' })).toBeVisible();
  await expect(supervisor.getByRole('cell', { name: comment })).toBeVisible();
  expect(await seriousViolations(supervisor)).toEqual([]);

  await signIn(investigator, 'investigator.mx@demo.local');
  await openDemoCase(investigator, 'timeline');
  const title = `Tip from the shelter ${Date.now()}`;
  await investigator.getByTestId('timeline-title').first().fill(title);
  await investigator.getByRole('button', { name: 'Add event' }).click();
  await expect(investigator.getByTestId('timeline-event').filter({ hasText: title })).toBeVisible();

  await expect(async () => {
    await supervisor.reload();
    await expect(supervisor.getByTestId('review-event').filter({ hasText: title })).toContainText('Daniela Treviño', { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  // Investigators do not get the review tab at all.
  await expect(investigator.getByRole('tab', { name: /^review$/i })).toHaveCount(0);
  await supervisorCtx.close();
  await investigatorCtx.close();
});

test('the map shows the case’s locations without any tile server', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page, 'map');
  await expect(page.getByTestId('map')).toBeVisible();
  const legend = page.getByRole('list', { name: 'Legend' });
  await expect(legend).toContainText('Mercado La Terminal');
  await expect(legend).toContainText('Puente Rodolfo Robles, Tecún Umán');
  expect(await seriousViolations(page)).toEqual([]);
});

test('exporting the graph as PNG downloads it and is recorded in the audit trail', async ({ page }) => {
  await signIn(page, 'supervisor.gt@demo.local');
  await openDemoCase(page, 'graph');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^case-.*-graph\.png$/);
  const cases = await api<{ cases: Array<{ id: string; reference: string }> }>(
    page,
    'supervisor.gt@demo.local',
    '{ cases { id reference } }',
    {},
  );
  const caseId = cases.cases.find((c) => c.reference === 'GT-2026-0001')!.id;
  const audit = await api<{ auditRecords: Array<{ action: string; details: { format?: string } }> }>(
    page,
    'supervisor.gt@demo.local',
    'query($c:ID!){ auditRecords(caseId:$c, limit:1000){ action details } }',
    { c: caseId },
  );
  expect(audit.auditRecords.some((r) => r.action === 'mutation.recordExport' && r.details.format === 'png')).toBe(true);
});
