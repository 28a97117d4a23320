import { expect, test, type Page } from '@playwright/test';
import { openDemoCase, signIn } from './helpers';

// Issue 18, "Readable everywhere": a sighting reads as what, where and when in the reader's language and zone
// (the browser is in America/Guatemala, as is the case: 2026-11-20T22:40Z is 16:40 there), never as an ISO string.
const WORDS = [
  { lang: 'en', label: /^Sighting · Mercado La Terminal · 20 Nov,? 16:40$/ },
  { lang: 'es', label: /^Avistamiento · Mercado La Terminal · 20 nov\.?,? 16:40$/ },
  { lang: 'fr', label: /^Signalement · Mercado La Terminal · 20 nov\.?,? 16:40$/ },
  { lang: 'pt', label: /^Avistamento · Mercado La Terminal · 20 de nov\.?,? 16:40$/ },
] as const;

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

async function chooseLanguage(page: Page, code: string): Promise<void> {
  await page.getByRole('combobox', { name: /^(Language|Idioma|Langue)$/ }).selectOption(code);
}

test('a sighting reads in words in each of the four languages, in the graph list, the timeline and the map', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page);
  for (const { lang, label } of WORDS) {
    await chooseLanguage(page, lang);
    const rows = page.getByTestId('entity-row');
    await expect(rows.getByRole('button', { name: label })).toHaveCount(1);
    // Nothing in the list, the panel or the status line is a raw instant.
    await expect(page.locator('.graph-side')).not.toContainText(ISO);
  }
  await chooseLanguage(page, 'en');
  // The entity panel's title says the same, and "Recorded by" names a person and agency.
  await page.getByTestId('entity-row').getByRole('button', { name: WORDS[0].label }).click();
  await expect(page.getByRole('heading', { level: 2, name: WORDS[0].label })).toBeVisible();
  await expect(page.locator('.entity-panel')).toContainText('Lucía Morales (PNC, GT), Policía Nacional Civil');
  await expect(page.locator('.entity-panel')).not.toContainText(/usr_[a-z0-9]+/);

  await page.getByRole('tab', { name: /^timeline$/i }).click();
  const sighting = page.getByTestId('timeline-sighting').filter({ hasText: 'Mercado La Terminal' });
  await expect(sighting).toHaveCount(1);
  await expect(sighting).toContainText(/20 Nov,? 16:40/);
  await expect(page.getByTestId('timeline')).not.toContainText(ISO);

  await page.getByRole('tab', { name: /^map$/i }).click();
  await expect(page.getByRole('list', { name: 'Legend' })).toContainText(/Sighting · Mercado La Terminal · 20 Nov,? 16:40/);
  await expect(page.getByRole('list', { name: 'Legend' })).not.toContainText(ISO);
});
