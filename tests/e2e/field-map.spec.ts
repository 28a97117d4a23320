import { expect, test } from '@playwright/test';
import { openDemoCase, signIn } from './helpers';

// Issue 18, Map: with no tile server the map draws Natural Earth borders, coastlines and country names,
// and each person's sightings as a journey in time order with arrows.
test('the map draws borders, coastlines and country names with no tile server, and the journeys of the sighted', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page, 'map');
  const map = page.getByTestId('map');
  await expect(map).toHaveAttribute('data-base', 'drawn', { timeout: 20_000 });
  expect(await map.locator('path.border').count()).toBeGreaterThan(0);
  expect(await map.locator('path.coastline').count()).toBeGreaterThan(0);
  await expect(map.locator('.country-name', { hasText: /^Guatemala$/ })).toHaveCount(1);
  await expect(map.locator('.country-name', { hasText: /^Mexico$/ })).toHaveCount(1);
  await expect(page.getByText('Base map: Natural Earth country borders and coastlines')).toBeVisible();
  // Ana: the market, then the bridge at the border, in time order; one leg with its arrow.
  await expect(page.getByRole('list', { name: 'Journeys' })).toContainText('Ana Lucía Pérez Gómez: 2 sightings in time order');
  expect(await map.locator('path.leg').count()).toBeGreaterThan(0);
  expect(await map.locator('.leg-arrow').count()).toBe(await map.locator('path.leg').count());
  // The market and its sighting overlap at this zoom: one marker with their count, which zooms in when clicked.
  const clusters = map.locator('.map-cluster');
  await expect(clusters.first()).toBeVisible();
  await expect(clusters.first()).toHaveAttribute('title', /places and sightings here/);
  const zoomBefore = await map.locator('.leaflet-proxy').getAttribute('style');
  await clusters.first().click();
  await expect.poll(() => map.locator('.leaflet-proxy').getAttribute('style')).not.toBe(zoomBefore);
});
