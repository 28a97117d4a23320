import { expect, test, type Browser, type Page } from '@playwright/test';
import { openDemoCase, signIn } from './helpers';

async function twoInvestigators(browser: Browser, tab: 'notes' | 'timeline'): Promise<{ gt: Page; mx: Page; close(): Promise<void> }> {
  const c1 = await browser.newContext();
  const c2 = await browser.newContext();
  const gt = await c1.newPage();
  const mx = await c2.newPage();
  await Promise.all([signIn(gt, 'investigator.gt@demo.local'), signIn(mx, 'investigator.mx@demo.local')]);
  await Promise.all([openDemoCase(gt, tab), openDemoCase(mx, tab)]);
  for (const p of [gt, mx]) await expect(p.getByTestId('collab-status')).toHaveAttribute('data-status', 'connected');
  return {
    gt,
    mx,
    close: async () => {
      await c1.close();
      await c2.close();
    },
  };
}

test('the GT and MX investigators co-edit the notes and each sees the other’s text within 2 s', async ({ browser }) => {
  const { gt, mx, close } = await twoInvestigators(browser, 'notes');
  // Each sees the other present.
  // The MX investigator among the GT investigator's peers (in whatever order the list has them).
  await expect(gt.getByTestId('peer').filter({ hasText: /\(FGR, MX\)/ })).toBeVisible();

  const fromGt = `GT line ${Date.now()}`;
  await gt.getByTestId('notes-editor').click();
  await gt.keyboard.press('Control+End');
  await gt.keyboard.type(fromGt);
  await expect(mx.getByTestId('notes-editor')).toContainText(fromGt, { timeout: 2_000 });

  const fromMx = `MX line ${Date.now()}`;
  await mx.getByTestId('notes-editor').click();
  await mx.keyboard.press('Control+End');
  await mx.keyboard.press('Enter');
  await mx.keyboard.type(fromMx);
  await expect(gt.getByTestId('notes-editor')).toContainText(fromMx, { timeout: 2_000 });
  // The remote caret carries its owner's name.
  await expect(gt.locator('.collaboration-carets__label')).toHaveCount(1);
  await close();
});

test('the GT and MX investigators co-edit the timeline and each sees the other’s event within 2 s', async ({ browser }) => {
  const { gt, mx, close } = await twoInvestigators(browser, 'timeline');
  const fromGt = `Bus ticket bought ${Date.now()}`;
  await gt.getByTestId('timeline-title').first().fill(fromGt);
  await gt.getByRole('button', { name: 'Add event' }).click();
  await expect(mx.getByTestId('timeline-event').filter({ hasText: fromGt })).toBeVisible({ timeout: 2_000 });

  const fromMx = `Border crossing ${Date.now()}`;
  await mx.getByTestId('timeline-title').first().fill(fromMx);
  await mx.getByRole('button', { name: 'Add event' }).click();
  await expect(gt.getByTestId('timeline-event').filter({ hasText: fromMx })).toBeVisible({ timeout: 2_000 });

  // An edit made by one is seen by the other too.
  await gt.getByRole('button', { name: `Edit: ${fromMx}` }).click();
  await gt.getByTestId('timeline-title').nth(1).fill(`${fromMx} (confirmed)`);
  await gt.getByRole('button', { name: 'Save' }).click();
  await expect(mx.getByTestId('timeline-event').filter({ hasText: `${fromMx} (confirmed)` })).toBeVisible({ timeout: 2_000 });
  await close();
});
