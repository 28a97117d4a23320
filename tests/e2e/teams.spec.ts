import { expect, test } from '@playwright/test';
import { openDemoCase, seriousViolations, signIn } from './helpers';

// Issue 19: a task made from a timeline event and assigned to a colleague reaches their inbox live,
// in another browser (its own session), without a reload; from there they open it and answer with a mention.
test('assign a task and see it arrive in the assignee’s inbox live', async ({ browser }) => {
  const lead = await browser.newContext();
  const colleague = await browser.newContext();
  const a = await lead.newPage();
  const b = await colleague.newPage();
  await signIn(a, 'investigator.gt@demo.local');
  await signIn(b, 'investigator.mx@demo.local');

  await b.getByTestId('inbox-bell').click();
  await expect(b.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
  const before = await b.getByTestId('inbox-item').count();

  await openDemoCase(a, 'timeline');
  const title = `Ask the bus company for CCTV ${Date.now().toString(36)}`;
  await a
    .getByRole('button', { name: /^New task about / })
    .first()
    .click();
  const dialog = a.getByRole('dialog', { name: 'New task' });
  await expect(dialog.getByText(/^From the timeline event: /)).toBeVisible();
  await dialog.getByLabel('Title').fill(title);
  await dialog.getByLabel('Assigned to').selectOption({ label: 'Daniela Treviño (FGR, MX)' });
  await dialog.getByLabel('Priority').selectOption('HIGH');
  await dialog.getByRole('button', { name: 'Create task' }).click();
  await expect(a.getByRole('status').filter({ hasText: `Task “${title}” created` })).toBeVisible();

  // The colleague's inbox (open all along) shows it without a reload, and the top bar counts it.
  const item = b.getByTestId('inbox-item').filter({ hasText: title });
  await expect(item).toBeVisible();
  await expect(item).toContainText('Lucía Morales (PNC, GT) assigned you the task');
  await expect(b.getByTestId('inbox-item')).toHaveCount(before + 1);
  await expect(b.getByTestId('inbox-count')).toBeVisible();
  expect(await seriousViolations(b)).toEqual([]);

  // Opening it leads to the task on "My work", where the assignee moves it along and answers with a mention.
  await item.getByRole('link').click();
  await expect(b.getByRole('heading', { name: title, level: 2 })).toBeVisible();
  await b.getByLabel('Status').selectOption('IN_PROGRESS');
  await expect(b.getByTestId('task-row').filter({ hasText: title })).toContainText('In progress');
  const box = b.getByRole('combobox', { name: 'Add a comment' });
  await box.fill('On it, asking ');
  await box.pressSequentially('@Lucí');
  await expect(
    b.getByRole('listbox', { name: 'Members and entities of this case' }).getByRole('option', { name: /Lucía Morales/ }),
  ).toBeVisible();
  await box.press('Enter');
  await b.getByRole('button', { name: 'Post comment' }).click();
  await expect(b.locator('.comments .mention').filter({ hasText: '@Lucía Morales (PNC, GT)' })).toBeVisible();

  // The lead is told of both, live: the status change and the mention.
  await a.getByTestId('inbox-bell').click();
  await expect(a.getByTestId('inbox-item').filter({ hasText: `mentioned you in the task “${title}”` })).toBeVisible();
  await expect(a.getByTestId('inbox-item').filter({ hasText: `changed the task “${title}”` })).toBeVisible();

  await lead.close();
  await colleague.close();
});
