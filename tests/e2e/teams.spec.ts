import { expect, test } from '@playwright/test';
import { api, openDemoCase, seriousViolations, signIn } from './helpers';

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
  // Loaded (the list, or the empty state) before anything is compared: counted while loading, it was 0.
  await expect(b.getByRole('list', { name: 'Notifications' }).or(b.getByText(/^Nothing new\./))).toBeVisible();

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
  // Once, however many other notifications other tests running alongside bring meanwhile.
  await expect(b.getByTestId('inbox-item').filter({ hasText: title })).toHaveCount(1);
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

// Issue 19: from a cross-case notice, the MX investigator asks the GT case's supervisors for access; the
// supervisor grants it in their own browser; the investigator is told and opens the case.
test('request access from a cross-case notice, grant it as the other supervisor, and open the case', async ({ browser }) => {
  const tag = Date.now().toString(36).toUpperCase().slice(-5);
  const plate = `E2E${tag}`;
  const gtTitle = `Closed-door GT case ${tag}`;
  const requesterCtx = await browser.newContext();
  const supervisorCtx = await browser.newContext();
  const a = await requesterCtx.newPage();
  const b = await supervisorCtx.newPage();
  const me = (who: string) => api<{ me: { id: string } }>(a, who, '{ me { id } }', {}).then((r) => r.me.id);
  const gt = (
    await api<{ createCase: { id: string; reference: string } }>(
      a,
      'investigator.gt@demo.local',
      'mutation($i:CreateCaseInput!){ createCase(input:$i){ id reference } }',
      { i: { title: gtTitle, category: 'NON_FAMILY_ABDUCTION', riskLevel: 'HIGH', country: 'GT' } },
    )
  ).createCase;
  await api(a, 'investigator.gt@demo.local', 'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }', {
    c: gt.id,
    u: await me('supervisor.gt@demo.local'),
  });
  await api(a, 'investigator.gt@demo.local', 'mutation($c:ID!,$p:String!){ addVehicle(caseId:$c, input:{plate:$p}){ id } }', {
    c: gt.id,
    p: plate,
  });
  const mx = (
    await api<{ createCase: { id: string } }>(
      a,
      'investigator.mx@demo.local',
      'mutation($i:CreateCaseInput!){ createCase(input:$i){ id } }',
      { i: { title: `MX van case ${tag}`, category: 'RUNAWAY', riskLevel: 'MEDIUM', country: 'MX' } },
    )
  ).createCase;
  await api(a, 'investigator.mx@demo.local', 'mutation($c:ID!,$p:String!){ addVehicle(caseId:$c, input:{plate:$p}){ id } }', {
    c: mx.id,
    p: plate.toLowerCase(),
  });

  await signIn(a, 'investigator.mx@demo.local');
  await a.goto(`/cases/${mx.id}/intel`);
  const notice = a.locator('.intel-notices li').filter({ hasText: plate.toLowerCase() });
  await notice.getByRole('button', { name: /^Ask .* for access$/ }).click();
  await expect(notice.getByText(/will see your name, this case’s reference and why it matched/)).toBeVisible();
  await notice.getByLabel('Message (optional)').fill('Same van seen in Tapachula');
  await notice.getByRole('button', { name: 'Send request' }).click();
  await expect(notice.getByRole('status')).toHaveText(/^Request sent to /);
  // Nothing of the GT case is on the requester's screen.
  await expect(a.getByText(gtTitle)).toHaveCount(0);

  await signIn(b, 'supervisor.gt@demo.local');
  await b.goto('/work');
  const request = b.getByTestId('incoming-request').filter({ hasText: gt.reference });
  await expect(request).toContainText('Daniela Treviño (FGR, MX)');
  await expect(request).toContainText('the same plate');
  await expect(request).toContainText('Same van seen in Tapachula');
  // Granted as an analyst (a role on that case only, below the investigator's account role).
  await request.getByLabel('Grant as').selectOption({ label: 'Analyst' });
  await request.getByRole('button', { name: 'Grant access' }).click();
  await expect(request).toContainText('granted');

  await a.goto('/work');
  const mine = a.getByTestId('outgoing-request').filter({ hasText: 'granted' });
  await mine.getByRole('link', { name: `Open ${gt.reference}` }).click();
  await expect(a.getByRole('heading', { level: 1, name: new RegExp(gtTitle) })).toBeVisible();
  // On that case they are an analyst: the header says so and adding an entity is not offered (the reason says the role).
  await expect(a.getByTestId('my-case-role')).toHaveText('Your role on this case: Analyst');
  await a.goto(`/cases/${gt.id}/graph`);
  await expect(a.getByRole('button', { name: 'Add entity' })).toHaveAttribute('aria-disabled', 'true');
  await expect(a.locator('#add-entity-denied')).toContainText('Analyst');
  await a.getByTestId('inbox-bell').click();
  await expect(a.getByTestId('inbox-item').filter({ hasText: `granted you access to case ${gt.reference}` })).toBeVisible();

  await requesterCtx.close();
  await supervisorCtx.close();
});

// Asking the supervisors for a sign-off, from the keyboard: the note field takes the focus when the form opens,
// Escape closes it and gives the focus back to the button, and sending says how many supervisors were asked.
test('request a sign-off of the notes from the keyboard', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page, 'notes');
  const ask = page.getByRole('button', { name: 'Request sign-off' });
  await ask.focus();
  await page.keyboard.press('Enter');
  const note = page.getByLabel('Note for the supervisors (optional)');
  await expect(note).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(note).toHaveCount(0);
  await expect(ask).toBeFocused();
  await page.keyboard.press('Enter');
  await note.fill('Chapter 3 is ready');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: /^Sent to \d+ supervisors?$/ })).toBeVisible();
  await expect(ask).toBeFocused();
});
