import { expect, test } from '@playwright/test';
import { openDemoCase, seriousViolations, signIn } from './helpers';

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
  await expect(supervisor.getByRole('status')).toHaveText('Signed off');
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
    await expect(supervisor.getByRole('row').filter({ hasText: title })).toContainText('Daniela Treviño', { timeout: 1_000 });
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
