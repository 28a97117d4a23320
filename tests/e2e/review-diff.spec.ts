import { expect, test, type Page } from '@playwright/test';
import { api, seriousViolations, signIn } from './helpers';

/**
 * The supervisor's review shows what changed since the last sign-off (issue 16): a timeline event old -> new with
 * who changed it, the notes' insertions with their author, and an empty state once signed. On a case of its own,
 * so that other tests editing the demo case cannot add changes in between.
 */
async function openCase(page: Page, caseId: string, tab: 'timeline' | 'notes' | 'review') {
  await page.goto(`/cases/${caseId}`);
  await page.getByRole('tab', { name: new RegExp(`^${tab}$`, 'i') }).click();
}

test('a supervisor sees each timeline change old -> new with its author, and the notes diff, then nothing after signing', async ({
  browser,
}) => {
  const supervisorCtx = await browser.newContext();
  const investigatorCtx = await browser.newContext();
  const supervisor = await supervisorCtx.newPage();
  const investigator = await investigatorCtx.newPage();
  await signIn(supervisor, 'supervisor.gt@demo.local');
  await signIn(investigator, 'investigator.gt@demo.local');

  const created = await api<{ createCase: { id: string } }>(
    supervisor,
    'supervisor.gt@demo.local',
    'mutation { createCase(input:{ title:"Review diff case", category: UNKNOWN, riskLevel: LOW, country:"GT" }) { id } }',
    {},
  );
  const caseId = created.createCase.id;
  const users = await api<{ users: Array<{ id: string; email: string }> }>(supervisor, 'admin@demo.local', '{ users { id email } }', {});
  const invId = users.users.find((u) => u.email === 'investigator.gt@demo.local')!.id;
  await api(supervisor, 'supervisor.gt@demo.local', 'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }', {
    c: caseId,
    u: invId,
  });

  // The investigator adds an event; the supervisor signs the timeline off and is told nothing changed since.
  await openCase(investigator, caseId, 'timeline');
  const title = `Boy seen at the market ${Date.now()}`;
  await investigator.getByTestId('timeline-title').first().fill(title);
  await investigator.getByRole('button', { name: 'Add event' }).click();
  await expect(investigator.getByTestId('timeline-event').filter({ hasText: title })).toBeVisible();

  await openCase(supervisor, caseId, 'review');
  await supervisor.getByLabel('Document').selectOption('TIMELINE');
  await expect(supervisor.getByTestId('review-event').filter({ hasText: title })).toBeVisible();
  await supervisor.getByRole('button', { name: 'Sign off' }).click();
  await expect(supervisor.getByRole('status').filter({ hasText: 'Signed off' })).toBeVisible();
  await expect(supervisor.getByTestId('review-diff-empty')).toHaveText('No change since the last sign-off.');

  // The investigator retitles it: the review shows the old and the new title, and who changed it.
  await investigator.getByRole('button', { name: `Edit: ${title}` }).click();
  const renamed = `${title} (bus station)`;
  await investigator.getByRole('listitem').getByTestId('timeline-title').fill(renamed);
  await investigator.getByRole('button', { name: 'Save' }).click();
  await expect(investigator.getByTestId('timeline-event').filter({ hasText: renamed })).toBeVisible();

  await expect(async () => {
    await supervisor.reload();
    await supervisor.getByLabel('Document').selectOption('TIMELINE');
    const card = supervisor.getByTestId('review-event').filter({ hasText: renamed });
    await expect(card, undefined).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  const card = supervisor.getByTestId('review-event').filter({ hasText: renamed });
  const titleRow = card.getByRole('row', { name: /Title/ });
  await expect(titleRow.locator('del')).toHaveText(title);
  await expect(titleRow.locator('ins')).toHaveText(renamed);
  await expect(card.getByTestId('review-edit')).toHaveCount(1);
  await expect(card.getByTestId('review-edit')).toContainText('Lucía Morales');
  expect(await seriousViolations(supervisor)).toEqual([]);

  // The notes: what the investigator writes shows as an insertion by them.
  await openCase(investigator, caseId, 'notes');
  const editor = investigator.getByRole('textbox').first();
  await editor.click();
  await investigator.keyboard.type('Mother called twice');
  await supervisor.getByLabel('Document').selectOption('NOTES');
  await expect(async () => {
    await supervisor.reload();
    await supervisor.getByLabel('Document').selectOption('NOTES');
    await expect(supervisor.getByTestId('notes-diff').locator('ins')).toContainText('Mother called twice', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(supervisor.getByTestId('notes-change').first()).toContainText('Lucía Morales');
  await expect(supervisor.getByText('Never signed off: everything written so far is shown as new.')).toBeVisible();
  await supervisor.getByRole('button', { name: 'Sign off' }).click();
  await expect(supervisor.getByTestId('review-diff-empty')).toBeVisible();

  await supervisorCtx.close();
  await investigatorCtx.close();
});

test('the review speaks Spanish, and an ADMIN member is told why they may not sign off', async ({ page }) => {
  await signIn(page, 'admin@demo.local');
  const created = await api<{ createCase: { id: string } }>(
    page,
    'supervisor.gt@demo.local',
    'mutation { createCase(input:{ title:"Review diff admin", category: UNKNOWN, riskLevel: LOW, country:"GT" }) { id } }',
    {},
  );
  const users = await api<{ users: Array<{ id: string; email: string }> }>(page, 'admin@demo.local', '{ users { id email } }', {});
  const adminId = users.users.find((u) => u.email === 'admin@demo.local')!.id;
  await api(page, 'supervisor.gt@demo.local', 'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }', {
    c: created.createCase.id,
    u: adminId,
  });
  await page.getByLabel('Language').selectOption('es');
  await page.goto(`/cases/${created.createCase.id}`);
  await page.getByRole('tab', { name: /^revisión$/i }).click();
  await expect(page.getByTestId('review-diff-empty')).toHaveText('Ningún cambio desde la última conformidad.');
  const button = page.getByRole('button', { name: 'Dar conformidad' });
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  await expect(button).toHaveAttribute('title', /Administrador/);
});

test('an ADMIN member is told why “Link to…” is not for their role, and nothing starts', async ({ page }) => {
  await signIn(page, 'admin@demo.local');
  const created = await api<{ createCase: { id: string } }>(
    page,
    'supervisor.gt@demo.local',
    'mutation { createCase(input:{ title:"Admin link case", category: UNKNOWN, riskLevel: LOW, country:"GT" }) { id } }',
    {},
  );
  const c = created.createCase.id;
  await api(
    page,
    'supervisor.gt@demo.local',
    'mutation($c:ID!){ addPerson(caseId:$c, input:{ fullName:"Rosa Link", role: OTHER }){ id } }',
    { c },
  );
  const users = await api<{ users: Array<{ id: string; email: string }> }>(page, 'admin@demo.local', '{ users { id email } }', {});
  const adminId = users.users.find((u) => u.email === 'admin@demo.local')!.id;
  await api(page, 'supervisor.gt@demo.local', 'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }', { c, u: adminId });
  await page.goto(`/cases/${c}`);
  const link = page.getByRole('button', { name: 'Link to… Rosa Link' });
  await expect(link).toHaveAttribute('aria-disabled', 'true');
  await expect(link).toHaveAttribute('title', 'Your role, Administrator, may not link entities');
  await expect(link).toHaveAccessibleDescription('Your role, Administrator, may not link entities');
  // It stays in the tab order (aria-disabled, not disabled): reached with the keyboard, Enter starts nothing.
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Click the entity to link/)).toHaveCount(0);
  // Analyses are not for an ADMIN either: Paths says why, hubs and the Analysis tab are not offered.
  await expect(page.getByRole('button', { name: 'Paths…' })).toHaveAttribute('title', 'Your role, Administrator, may not run analyses');
  await expect(page.getByText('Hubs and groups')).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Analysis' })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Graph' })).toBeVisible();
});
