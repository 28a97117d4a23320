import { expect, test } from '@playwright/test';
import { openDemoCase, signIn } from './helpers';

test('a paste over the update limit stops the notes editor with a message saying why; what was saved stays', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page, 'notes');
  await expect(page.getByTestId('collab-status')).toHaveAttribute('data-status', 'connected');
  const kept = `Saved line ${Date.now()}`;
  await page.getByTestId('notes-editor').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(kept);
  // Stored before the paste: a second reader sees it.
  const reader = await page.context().browser()!.newContext();
  const other = await reader.newPage();
  await signIn(other, 'investigator.mx@demo.local');
  await openDemoCase(other, 'notes');
  await expect(other.getByTestId('notes-editor')).toContainText(kept, { timeout: 5_000 });

  // One paste of 1.1 million characters: one update over the 1 MiB cap.
  await page.keyboard.insertText('x'.repeat(1_100_000));
  const alert = page.getByTestId('collab-closed');
  await expect(alert).toBeVisible({ timeout: 15_000 });
  await expect(alert).toHaveAttribute('role', 'alert');
  await expect(alert).toContainText('This change is too large to save at once');
  await expect(alert).toContainText('Reload the page to go on.');

  // Nothing stored was lost, and the refused paste never reached anyone.
  await reader.close();
  const again = await page.context().browser()!.newContext();
  const fresh = await again.newPage();
  await signIn(fresh, 'investigator.mx@demo.local');
  await openDemoCase(fresh, 'notes');
  await expect(fresh.getByTestId('notes-editor')).toContainText(kept, { timeout: 5_000 });
  await expect(fresh.getByTestId('notes-editor')).not.toContainText('xxxxxxxxxx');
  await again.close();
});
