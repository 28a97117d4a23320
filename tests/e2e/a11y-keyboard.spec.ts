import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO_CASE, openDemoCase, signIn } from './helpers';

// Issue 16, "Keyboard and screen readers": what the canvas offers is offered from the list and the panel, the
// entity list is one tab stop, dialogs give focus back, the map speaks the reader's language, codes read as names.

const LANGUAGE = /^(Language|Idioma|Langue)$/;

async function activeRowText(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.closest('[data-testid="entity-row"]')?.textContent ?? '');
}

async function activeLabel(page: Page): Promise<string> {
  return page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    return a?.getAttribute('aria-label') ?? a?.textContent ?? '';
  });
}

test('the entity list is one tab stop: arrows, Home and End move within it, Enter opens, Tab leaves', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page);
  const rows = page.getByTestId('entity-row');
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  expect(count).toBeGreaterThan(5);
  const grid = page.getByRole('grid', { name: 'Entities' });
  await expect(grid).toHaveAccessibleDescription(/Arrow keys move between entities/);
  // Exactly one control of the whole list is in the tab order.
  await expect(grid.locator('[tabindex="0"]')).toHaveCount(1);
  await expect(grid.locator('button:not([tabindex]), input:not([tabindex])')).toHaveCount(0);

  // Tab from the list's summary lands on the first entity's name; the next Tab leaves the list.
  await page.locator('details.entity-list > summary').focus();
  await page.keyboard.press('Tab');
  const firstName = rows.first().locator('button.link');
  await expect(firstName).toBeFocused();
  await page.keyboard.press('Tab');
  expect(await activeRowText(page)).toBe('');

  // Back in (Shift+Tab), then down the list, to the end and back to the start.
  await page.keyboard.press('Shift+Tab');
  await expect(firstName).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1).locator('button.link')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(2).locator('button.link')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(rows.nth(1).locator('button.link')).toBeFocused();
  await page.keyboard.press('End');
  await expect(rows.nth(count - 1).locator('button.link')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(firstName).toBeFocused();

  // Within a row: right to "Link to…", "Expand neighbours", "Hide"; left back to the checkbox.
  await page.keyboard.press('ArrowDown');
  const row = rows.nth(1);
  const name = (await row.locator('button.link').textContent()) ?? '';
  await page.keyboard.press('ArrowRight');
  expect(await activeLabel(page)).toBe(`Link to… ${name}`);
  await page.keyboard.press('ArrowRight');
  expect(await activeLabel(page)).toBe(`Expand neighbours of ${name}`);
  await page.keyboard.press('ArrowRight');
  expect(await activeLabel(page)).toBe(`Hide ${name} from the drawing`);
  await page.keyboard.press('ArrowRight');
  expect(await activeLabel(page)).toBe(`Hide ${name} from the drawing`);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(row.getByRole('checkbox')).toBeFocused();
  // The tab stop stays where the reader left it: leave the list and come back.
  await expect(grid.locator('[tabindex="0"]')).toHaveCount(1);
  await expect(row.getByRole('checkbox')).toHaveAttribute('tabindex', '0');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
});

const ROW_ACTIONS = [
  { lang: 'es', expand: 'Expandir vecinos', hide: 'Ocultar' },
  { lang: 'fr', expand: 'Déplier les voisins', hide: 'Masquer' },
  { lang: 'pt', expand: 'Expandir vizinhos', hide: 'Ocultar' },
  { lang: 'en', expand: 'Expand neighbours', hide: 'Hide' },
] as const;

test('Expand neighbours and Hide are offered from the entity list and the entity panel, and said politely', async ({ page }) => {
  // The Mexican investigator is a member of both cases that share the van: expanding it brings the other case's entities.
  await signIn(page, 'investigator.mx@demo.local');
  await openDemoCase(page);
  const rows = page.getByTestId('entity-row');
  await expect(rows.filter({ hasText: 'P-512DKL' })).toHaveCount(1);
  const before = await rows.count();
  const toolbar = page.getByRole('toolbar');
  await expect(toolbar.getByRole('button', { name: /Show hidden/ })).toHaveCount(0);

  // From the list, with the keyboard: Hide, then Show again.
  const van = rows.filter({ hasText: 'P-512DKL' });
  await van.getByRole('button', { name: /^Hide .* from the drawing$/ }).press('Enter');
  await expect(van).toContainText('hidden');
  await expect(toolbar.getByRole('button', { name: 'Show hidden (1)' })).toBeVisible();
  await expect(van.getByRole('button', { name: /^Show .* in the drawing again$/ })).toBeFocused();
  await van.getByRole('button', { name: /^Show .* in the drawing again$/ }).press('Enter');
  await expect(van).not.toContainText('hidden');
  await expect(toolbar.getByRole('button', { name: /Show hidden/ })).toHaveCount(0);

  // The row's actions are named in the reader's language, with the entity's name.
  for (const { lang, expand, hide } of ROW_ACTIONS) {
    await page.getByRole('combobox', { name: LANGUAGE }).selectOption(lang);
    await expect(van.getByRole('button', { name: new RegExp(`^${expand} .*P-512DKL`) })).toHaveText(expand);
    await expect(van.getByRole('button', { name: new RegExp(`^${hide} .*P-512DKL`) })).toBeVisible();
  }
  await page.getByRole('combobox', { name: LANGUAGE }).selectOption('en');

  // Expand from the list: the other case's entities come in, and the status line (polite) says how many.
  await van.getByRole('button', { name: /^Expand neighbours of / }).press('Enter');
  const said = page.getByTestId('graph-said');
  await expect(said).toHaveText(/· \d+ entit(y|ies) added around .*P-512DKL/);
  await expect(page.locator('.graph-status')).toHaveAttribute('aria-live', 'polite');
  const added = Number(/(\d+) entit/.exec((await said.textContent()) ?? '')![1]);
  await expect(rows).toHaveCount(before + added);
  await expect(rows.filter({ hasText: 'From another case' }).first()).toBeVisible();

  // From the panel: open Carlos Méndez, hide him, show him, and expand him (nothing more is linked to him).
  await rows.getByRole('button', { name: 'Carlos Méndez', exact: true }).click();
  const panel = page.locator('.entity-panel');
  await expect(panel.getByRole('heading', { level: 2, name: 'Carlos Méndez' })).toBeVisible();
  await panel.getByRole('button', { name: 'Hide from the drawing' }).click();
  await expect(toolbar.getByRole('button', { name: 'Show hidden (1)' })).toBeVisible();
  await expect(rows.filter({ hasText: 'Carlos Méndez' }).first()).toContainText('hidden');
  await panel.getByRole('button', { name: 'Show in the drawing again' }).click();
  await expect(toolbar.getByRole('button', { name: /Show hidden/ })).toHaveCount(0);
  await panel.getByRole('button', { name: 'Expand neighbours' }).click();
  await expect(said).toHaveText(' · Nothing more is linked to Carlos Méndez');
});

test('closing any dialog gives focus back to the control that opened it', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, 'supervisor.gt@demo.local');

  /** Open with the keyboard, close as given, and find the focus back on the opener. */
  async function roundTrip(opener: Locator, close: 'Escape' | 'button' | 'cancel', back: Locator = opener): Promise<void> {
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    // Focus is inside the dialog while it is open.
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog')))).toBe(true);
    if (close === 'Escape') await page.keyboard.press('Escape');
    else if (close === 'button') await dialog.getByRole('button', { name: 'Close' }).click();
    else await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(back).toBeFocused();
  }

  // The case list's New case.
  await roundTrip(page.getByRole('button', { name: 'New case' }), 'Escape');

  await openDemoCase(page);
  // The graph: Add entity, a task from the entity panel, and a link started from the list.
  await roundTrip(page.getByRole('button', { name: 'Add entity' }), 'button');
  await page.getByTestId('entity-row').getByRole('button', { name: 'Carlos Méndez', exact: true }).click();
  await roundTrip(page.locator('.entity-panel').getByRole('button', { name: /New task/ }), 'Escape');
  await page.getByRole('button', { name: 'Link to… Carlos Méndez' }).click();
  const rosa = page.getByTestId('entity-row').filter({ hasText: 'Rosa Juárez' });
  // "Create link" is replaced by "Link to…" once the dialog opens: focus comes back to its place in the row.
  await roundTrip(rosa.getByRole('button', { name: 'Create link' }), 'cancel', rosa.getByRole('button', { name: 'Link to… Rosa Juárez' }));

  // The child: poster, alert, publish.
  await page.getByRole('tab', { name: /^child$/i }).click();
  await roundTrip(page.getByRole('button', { name: 'Poster…' }), 'Escape');
  await roundTrip(page.getByRole('button', { name: 'Alert…' }), 'button');
  const publish = page.getByRole('button', { name: 'Publish on the public site…' });
  await expect(publish).toBeVisible();
  await roundTrip(publish, 'Escape');
});

test('opening a case moves focus to its heading', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await page.getByRole('link', { name: DEMO_CASE }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(DEMO_CASE) })).toBeFocused();
});

const ZOOM = [
  { lang: 'en', zoomIn: 'Zoom in', zoomOut: 'Zoom out' },
  { lang: 'es', zoomIn: 'Acercar', zoomOut: 'Alejar' },
  { lang: 'fr', zoomIn: 'Zoom avant', zoomOut: 'Zoom arrière' },
  { lang: 'pt', zoomIn: 'Aproximar', zoomOut: 'Afastar' },
] as const;

test('the map’s zoom buttons speak the reader’s language, in four languages, and work from the keyboard', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page, 'map');
  const map = page.getByTestId('map');
  await expect(map).toHaveAttribute('data-base', 'drawn');
  for (const { lang, zoomIn, zoomOut } of ZOOM) {
    await page.getByRole('combobox', { name: LANGUAGE }).selectOption(lang);
    await expect(map.getByRole('button', { name: zoomIn, exact: true })).toHaveAttribute('title', zoomIn);
    await expect(map.getByRole('button', { name: zoomOut, exact: true })).toHaveAttribute('title', zoomOut);
    await expect(map.getByRole('button', { name: 'Zoom in', exact: true })).toHaveCount(lang === 'en' ? 1 : 0);
  }
  // Enter on the zoom-in button zooms in (Leaflet marks the map's zoom on its panes' transform).
  await page.getByRole('combobox', { name: LANGUAGE }).selectOption('en');
  const zoomOf = () => page.evaluate(() => document.querySelector('[data-testid="map"] .leaflet-proxy')?.getAttribute('style') ?? '');
  const before = await zoomOf();
  await map.getByRole('button', { name: 'Zoom in', exact: true }).press('Enter');
  await expect.poll(zoomOf).not.toBe(before);
});

const LANGUAGE_NAMES = [
  { lang: 'en', label: 'Languages spoken', names: 'Spanish and Kaqchikel', country: 'Guatemala' },
  { lang: 'es', label: 'Idiomas que habla', names: 'español y Kaqchikel', country: 'Guatemala' },
  { lang: 'fr', label: 'Langues parlées', names: 'espagnol et Kaqchikel', country: 'Guatemala' },
  { lang: 'pt', label: 'Línguas faladas', names: 'espanhol e Kaqchikel', country: 'Guatemala' },
] as const;

test('the child’s profile names the languages spoken and the nationality in the reader’s language, not as codes', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  // Mateo's case: no other test edits his profile.
  await page.getByRole('link', { name: 'Mateo Chávez Xol' }).click();
  await page.getByRole('tab', { name: /^child$/i }).click();
  await page.getByRole('button', { name: 'Edit profile' }).click();
  await page.getByLabel('Languages spoken (comma-separated)').fill('es, cak');
  await page.getByRole('button', { name: 'Save profile' }).click();
  const spoken = page.getByTestId('languages-spoken');
  for (const { lang, label, names, country } of LANGUAGE_NAMES) {
    await page.getByRole('combobox', { name: LANGUAGE }).selectOption(lang);
    await expect(spoken).toHaveText(names);
    // The row reads as a fact ("Languages spoken"), not as the form's instruction ("comma-separated").
    await expect(page.locator('.child-panel .prop-row').filter({ has: spoken }).locator('dt')).toHaveText(label);
    // The codes stay on hover, for whoever needs them.
    await expect(spoken).toHaveAttribute('title', 'es, cak');
    await expect(page.locator('.child-panel .prop-row').filter({ has: page.locator('dd', { hasText: country }) })).toHaveCount(1);
  }
});

test('the alert dialog draws the alert’s area on a map, with the zoom buttons in the reader’s language', async ({ page }) => {
  await signIn(page, 'supervisor.gt@demo.local');
  await openDemoCase(page);
  await page.getByRole('combobox', { name: LANGUAGE }).selectOption('es');
  await page.getByRole('tab', { name: /^menor$/i }).click();
  await page.getByRole('button', { name: 'Alerta…' }).click();
  const dialog = page.getByRole('dialog');
  const area = dialog.getByTestId('alert-area-map');
  await expect(area).toHaveAttribute('data-base', 'drawn');
  await expect(area).toHaveAttribute('role', 'region');
  await expect(area).toHaveAccessibleName(/^El área de la alerta en el mapa: /);
  // A circle around the last sighting (Tecún Umán), drawn as an SVG path by Leaflet.
  await expect(area).toHaveAttribute('data-shapes', '1');
  await expect(area.locator('path.alert-area-circle')).toHaveCount(1);
  await expect(area.getByRole('button', { name: 'Acercar', exact: true })).toBeVisible();
  // A corridor along the sightings instead: a polygon.
  await dialog.getByRole('radio', { name: /^Corredor/ }).check();
  await expect(area.locator('path.alert-area-polygon')).toHaveCount(1);
  await expect(area.locator('path.alert-area-circle')).toHaveCount(0);
});
