import { expect, test } from '@playwright/test';
import { api, openDemoCase, seriousViolations, signIn } from './helpers';

// Issue 18, Notes: the seeded notes, the toolbar and its shortcuts, @-mentions that open the entity in the graph,
// a paste from a word processor keeping its lists and dropping its styles, and the placeholder of an empty document.

const WORD_HTML =
  '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{font-family:Calibri}</style></head><body>' +
  '<p class=MsoNormal><span style="color:red;font-family:Papyrus;font-size:20pt">Pasted from Word</span><o:p></o:p></p>' +
  "<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>·<span>&nbsp; </span></span><![endif]>" +
  'Grey cap<o:p></o:p></p>' +
  "<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>·<span>&nbsp; </span></span><![endif]>" +
  'Scar on the eyebrow<o:p></o:p></p></body></html>';

test('notes: seeded text, toolbar and shortcuts, mentions to the graph, paste from Word', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page, 'notes');
  const editor = page.getByTestId('notes-editor');
  await expect(editor.getByRole('heading', { name: 'Summary' })).toBeVisible();
  await expect(editor.locator('[data-mention-id]').first()).toHaveText('@Ana Lucía Pérez Gómez');
  const toolbar = page.getByRole('toolbar', { name: 'Formatting' });
  await expect(toolbar.getByRole('button')).toHaveCount(10);

  // Bold from the toolbar, italic from the keyboard.
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  const stamp = `Bold line ${Date.now()}`;
  await page.keyboard.type(stamp);
  await page.keyboard.press('Shift+Home');
  await toolbar.getByRole('button', { name: 'Bold' }).click();
  await expect(editor.locator('strong', { hasText: stamp })).toHaveCount(1);
  await expect(toolbar.getByRole('button', { name: 'Bold' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+i');
  await page.keyboard.type('leaning');
  await expect(editor.locator('em', { hasText: 'leaning' })).toHaveCount(1);
  // The toolbar is one tab stop, arrows move along it.
  await toolbar.getByRole('button', { name: 'Heading', exact: true }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(toolbar.getByRole('button', { name: 'Subheading' })).toBeFocused();

  // @-mention: the popup offers the case's entities, Enter picks one.
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Ask @carl');
  const popup = page.getByRole('listbox', { name: 'Members and entities of this case' });
  await expect(popup.getByRole('option')).toHaveText([/^Carlos Méndez/]);
  await page.keyboard.press('Enter');
  await expect(popup).toHaveCount(0);
  const mention = editor.locator('[data-mention-id]', { hasText: '@Carlos Méndez' }).last();
  await expect(mention).toBeVisible();

  // Paste from a word processor: the list stays a list, the red Papyrus goes.
  await page.keyboard.press('Enter');
  await editor.evaluate((el, html) => {
    const data = new DataTransfer();
    data.setData('text/html', html);
    data.setData('text/plain', 'Pasted from Word\nGrey cap\nScar on the eyebrow');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, WORD_HTML);
  await expect(editor.locator('ul li', { hasText: 'Grey cap' })).toHaveCount(1);
  await expect(editor.locator('ul li', { hasText: 'Scar on the eyebrow' })).toHaveCount(1);
  await expect(editor).toContainText('Pasted from Word');
  await expect(editor.locator('[style*="color"], [style*="font-family"]')).toHaveCount(0);
  await expect(editor).not.toContainText('supportLists');
  // The editor, its toolbar and mentions pass axe (other parts of the page are other tests' business).
  expect((await seriousViolations(page)).filter((v) => /tiptap|ProseMirror|notes|mention/.test(v))).toEqual([]);

  // A mention opens its entity in the graph.
  await mention.click();
  await expect(page).toHaveURL(/\/graph$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Carlos Méndez' })).toBeVisible();
});

test('an empty notes document says what belongs there', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  const made = await api<{ createCase: { id: string } }>(
    page,
    'investigator.gt@demo.local',
    'mutation($t:String!){ createCase(input:{ title:$t, category: RUNAWAY, riskLevel: LOW, country:"GT" }) { id } }',
    { t: `Empty notes ${Date.now()}` },
  );
  await page.goto(`/cases/${made.createCase.id}/notes`);
  const empty = page.getByTestId('notes-editor').locator('p.is-editor-empty');
  await expect(empty).toHaveAttribute('data-placeholder', /Type @ to name a person, vehicle or place/);
});
