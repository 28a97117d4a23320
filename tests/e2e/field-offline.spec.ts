import { expect, test, type Page } from '@playwright/test';
import { openDemoCase, signIn } from './helpers';

// Issue 18, Offline: notes typed without a connection survive a reload and reach a colleague when it is back;
// the last loaded graph stays readable with a banner, and a change to it is refused with a clear message;
// signing out deletes the device's copies.

async function deviceDatabases(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('homeward-device')));
}

test('offline notes survive a reload and merge on reconnect; the graph is read-only offline; sign-out wipes the device', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const ctxA = await browser.newContext();
  const a = await ctxA.newPage();
  await signIn(a, 'investigator.gt@demo.local');
  // Open the graph first (the view kept for reading offline), then the notes.
  await openDemoCase(a);
  await expect(a.getByTestId('entity-row').first()).toBeVisible();
  await a.getByRole('tab', { name: /^notes$/i }).click();
  const editor = a.getByTestId('notes-editor');
  await expect(editor.getByRole('heading', { name: 'Summary' })).toBeVisible();
  // The app shell is kept by the service worker once it controls the page.
  await expect.poll(() => a.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 15_000 }).toBe(true);
  await a.waitForTimeout(500);

  const stamp = Date.now();
  const offline1 = `Typed offline ${stamp}`;
  const offline2 = `Typed after reload ${stamp}`;
  await ctxA.setOffline(true);
  await expect(a.getByTestId('collab-status')).toContainText('Offline — your edits are kept on this device');
  await editor.click();
  await a.keyboard.press('Control+End');
  await a.keyboard.press('Enter');
  await a.keyboard.type(offline1);
  await a.waitForTimeout(500);

  await a.reload();
  await expect(a.getByTestId('notes-editor')).toContainText(offline1);
  await expect(a.getByTestId('collab-status')).toContainText('Offline — your edits are kept on this device');
  await a.getByTestId('notes-editor').click();
  await a.keyboard.press('Control+End');
  await a.keyboard.press('Enter');
  await a.keyboard.type(offline2);
  await a.waitForTimeout(300);

  // The graph as last loaded, with a banner; a change is refused, and said so.
  await a.getByRole('tab', { name: /^graph$/i }).click();
  await expect(a.getByTestId('graph-offline')).toContainText('Offline — this is the case as last loaded');
  await expect(a.getByTestId('entity-row').filter({ hasText: 'Carlos Méndez' })).toHaveCount(1);
  await a.getByRole('button', { name: 'Add entity' }).click();
  await a.getByLabel('Kind').selectOption('PERSON');
  await a.getByLabel('Full name *').fill(`Offline person ${stamp}`);
  await a.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await expect(a.getByRole('alert').filter({ hasText: 'You are offline: this change was not made' })).toBeVisible();
  await a.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await a.getByRole('tab', { name: /^notes$/i }).click();

  await ctxA.setOffline(false);
  await expect(a.getByTestId('collab-status')).not.toHaveAttribute('data-status', 'offline', { timeout: 15_000 });

  // A colleague in another browser sees both offline edits.
  const ctxB = await browser.newContext();
  const b = await ctxB.newPage();
  await signIn(b, 'investigator.mx@demo.local');
  await openDemoCase(b, 'notes');
  await expect(b.getByTestId('notes-editor')).toContainText(offline1, { timeout: 15_000 });
  await expect(b.getByTestId('notes-editor')).toContainText(offline2);

  // Signing out leaves no copy of the case on the device.
  expect((await deviceDatabases(a)).length).toBeGreaterThan(0);
  await a.getByRole('button', { name: 'Sign out' }).click();
  await expect.poll(() => deviceDatabases(a), { timeout: 10_000 }).toEqual([]);
  await ctxA.close();
  await ctxB.close();
});
