import { expect, test } from '@playwright/test';
import { openDemoCase, seriousViolations, signIn } from './helpers';

// Issue 19: mention a member in the case notes and see the notification arrive in their inbox, in another
// browser (its own session), live (the MX analyst: another spec counts the MX investigator's whole inbox);
// issue 18: the "@" menu of the notes is usable with the keyboard alone and tells a screen reader which
// option is active (aria-activedescendant on the editor, a listbox of options).

test('mention a member in notes and see the notification arrive', async ({ browser }) => {
  const lead = await browser.newContext();
  const colleague = await browser.newContext();
  const a = await lead.newPage();
  const b = await colleague.newPage();
  await signIn(a, 'investigator.gt@demo.local');
  await signIn(b, 'analyst.mx@demo.local');

  // The colleague's inbox is open all along.
  await b.getByTestId('inbox-bell').click();
  await expect(b.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
  const notesItems = b.getByTestId('inbox-item').filter({ hasText: 'Lucía Morales (PNC, GT) mentioned you in the notes of case' });
  const before = await notesItems.count();

  await openDemoCase(a, 'notes');
  const editor = a.getByTestId('notes-editor');
  await expect(editor.locator('[data-mention-id]').first()).toBeVisible();
  await editor.click();
  await a.keyboard.press('Control+End');
  await a.keyboard.press('Enter');
  await a.keyboard.type(`Call ${Date.now().toString(36)} and ask @ivan`);
  const popup = a.getByRole('listbox', { name: 'Members and entities of this case' });
  await expect(popup.getByRole('option', { name: /Iván Castañeda/ })).toBeVisible();
  await a.keyboard.press('Enter');
  await expect(popup).toHaveCount(0);
  const mention = editor.locator('[data-kind="user"]', { hasText: '@Iván Castañeda (FGR, MX)' });
  await expect(mention).toHaveCount(1);
  await expect(mention).toHaveAttribute('data-mid', /^m[0-9a-f]{24}$/);

  // The colleague sees it arrive without a reload, and it leads to the case notes.
  await expect(notesItems).toHaveCount(before + 1);
  await expect(b.getByTestId('inbox-count')).toBeVisible();
  await notesItems.first().getByRole('link').click();
  await expect(b).toHaveURL(/\/cases\/[^/]+\/notes$/);
  await expect(b.getByTestId('notes-editor').locator('[data-kind="user"]', { hasText: '@Iván Castañeda (FGR, MX)' }).first()).toBeVisible();

  // Typing on (the author's own edits after the mention) tells nobody again.
  await a.keyboard.type('today.');
  await a.waitForTimeout(1000);
  await b.getByTestId('inbox-bell').click();
  await expect(notesItems).toHaveCount(before + 1);

  await lead.close();
  await colleague.close();
});

test('the notes "@" menu with the keyboard alone', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page, 'notes');
  const editor = page.getByTestId('notes-editor');
  await expect(editor.locator('[data-mention-id]').first()).toBeVisible();
  // Into the editor by keyboard: focus it and go to its end.
  await editor.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Seen with @');

  const popup = page.getByRole('listbox', { name: 'Members and entities of this case' });
  const options = popup.getByRole('option');
  await expect(options.first()).toBeVisible();
  const n = await options.count();
  expect(n).toBeGreaterThan(2);
  // Members come first, then entities; the status line says how many and how to use them.
  await expect(options.first()).toHaveAttribute('data-kind', 'user');
  await expect(page.getByTestId('mention-status')).toHaveText(
    `${n} suggestions: Up and Down to choose, Enter or Tab to pick, Escape to close`,
  );

  // The editor points at the active option; arrows move it (and wrap).
  const activeId = () => editor.getAttribute('aria-activedescendant');
  await expect(editor).toHaveAttribute('aria-controls', (await popup.getAttribute('id'))!);
  expect(await activeId()).toBe(await options.nth(0).getAttribute('id'));
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  expect(await activeId()).toBe(await options.nth(1).getAttribute('id'));
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  expect(await activeId()).toBe(await options.nth(n - 1).getAttribute('id'));
  await page.keyboard.press('ArrowDown');
  expect(await activeId()).toBe(await options.nth(0).getAttribute('id'));
  expect((await seriousViolations(page)).filter((v) => /tiptap|ProseMirror|notes|mention/.test(v))).toEqual([]);

  // Escape closes it and leaves what was typed.
  await page.keyboard.press('Escape');
  await expect(popup).toHaveCount(0);
  await expect(editor).not.toHaveAttribute('aria-activedescendant', /./);
  await expect(page.getByTestId('mention-status')).toHaveCount(0);
  await expect(editor).toContainText('Seen with @');

  // Narrowed by typing (entities only, so nobody is told from here), the second picked with Down and Tab.
  await page.keyboard.press('Backspace');
  await page.keyboard.type('@gomez');
  await expect(options.nth(1)).toBeVisible();
  await expect(popup.locator('[data-kind="user"]')).toHaveCount(0);
  await page.keyboard.press('ArrowDown');
  const second = (await options.nth(1).evaluate((li) => li.firstChild?.textContent ?? '')).trim();
  await page.keyboard.press('Tab');
  await expect(popup).toHaveCount(0);
  await expect(editor.locator('[data-mention-id]', { hasText: `@${second}` }).last()).toBeVisible();
  await expect(editor).toBeFocused();

  // Nothing matches: the menu says so (an option that cannot be picked), and Enter does not pick it.
  await page.keyboard.type(' @zzqx');
  await expect(popup.getByRole('option', { name: 'No member or entity of this case matches' })).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByTestId('mention-status')).toHaveText('No member or entity of this case matches');
  await page.keyboard.press('Escape');
  await expect(popup).toHaveCount(0);
});
