import { expect, test } from '@playwright/test';
import { openDemoCase, signIn } from './helpers';

// Issue 18, Timeline: the seeded events and the sightings on a zoomable time axis beside the list, grouped by
// the person or vehicle seen; a mark opens its event in the list or its sighting in the graph.
test('the timeline axis shows the seeded events and sightings, zooms, and opens what is clicked', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page, 'timeline');
  const axis = page.getByTestId('timeline-axis');
  await expect(axis).toBeVisible();
  const mark = (name: RegExp) => axis.getByRole('button', { name });
  await expect(mark(/^Disappearance reported to PNC Mixco, /)).toHaveCount(1);
  await expect(mark(/^Alba-Keneth alert activated, /)).toHaveCount(1);
  // The market sighting sits in Ana's row and in Carlos's.
  await expect(mark(/^Ana Lucía Pérez Gómez: Mercado La Terminal/)).toHaveCount(1);
  await expect(mark(/^Carlos Méndez: Mercado La Terminal/)).toHaveCount(1);
  expect(await axis.getByTestId('axis-gap').count()).toBeGreaterThan(0);

  const caption = axis.locator('figcaption');
  const before = await caption.textContent();
  await axis.getByRole('button', { name: 'Zoom in' }).click();
  await expect(caption).not.toHaveText(before ?? '');
  await axis.getByRole('button', { name: 'Show all' }).click();
  await expect(caption).toHaveText(before ?? '');

  // A narrow range set on the axis filters the map: the night of 20-21 Nov holds none of the sightings.
  await axis.getByRole('button', { name: 'Zoom in' }).click();
  await axis.getByRole('button', { name: 'Zoom in' }).click();
  await axis.getByRole('button', { name: 'Filter the graph, timeline and map to this range' }).click();
  await expect(axis.getByRole('button', { name: 'Filter the graph, timeline and map to this range' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await page.getByRole('tab', { name: /^map$/i }).click();
  await expect(page.getByTestId('map-filter')).toContainText('Map shows sightings from');
  await expect(page.getByRole('list', { name: 'Legend' })).toContainText('Mercado La Terminal');
  await expect(page.getByRole('list', { name: 'Legend' })).not.toContainText('Sighting ·');
  await page.getByRole('button', { name: 'Clear the time filter' }).click();
  await expect(page.getByRole('list', { name: 'Legend' })).toContainText('Sighting · Mercado La Terminal');
  await page.getByRole('tab', { name: /^timeline$/i }).click();
  await axis.getByRole('button', { name: 'Show all' }).click();

  await mark(/^Disappearance reported to PNC Mixco, /).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('timeline-event').filter({ hasText: 'Disappearance reported to PNC Mixco' })).toBeFocused();

  await mark(/^Carlos Méndez: Mercado La Terminal/).click();
  await expect(page).toHaveURL(/\/graph$/);
  await expect(page.getByRole('heading', { level: 2, name: /^Sighting · Mercado La Terminal · / })).toBeVisible();
});
