import { expect, test, type Page } from '@playwright/test';
import { api, openDemoCase, signIn } from './helpers';

/** The element Cytoscape draws into, inside the graph panel's canvas box. */
const drawing = (page: Page) => page.getByTestId('graph-canvas').locator(':scope > div');

// Issue 15: a case's graph is kept when its tab or the case is left, and comes back as it was left (the same
// drawing, with what changed meanwhile added to it), not drawn anew; never across a sign-out.
test('the graph comes back as it was left, with what changed meanwhile, and not after signing out', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page);
  await expect(page.getByTestId('graph-drawn-ms')).toBeVisible();
  const caseId = /\/cases\/([^/]+)\//.exec(page.url())![1];
  await drawing(page).evaluate((el: HTMLElement) => (el.dataset.probe = 'first-visit'));

  // Another tab, while a colleague adds a person; back on the graph, the same drawing holds the new person too.
  await page.getByRole('tab', { name: /^notes$/i }).click();
  await expect(page.getByTestId('graph-canvas')).toHaveCount(0);
  const name = `Kept drawing witness ${Date.now().toString(36)}`;
  await api(
    page,
    'supervisor.gt@demo.local',
    'mutation($c:ID!,$n:String!){ addPerson(caseId:$c, input:{fullName:$n, role: WITNESS}){ id } }',
    {
      c: caseId,
      n: name,
    },
  );
  await page.getByRole('tab', { name: /^graph$/i }).click();
  await expect(page.getByTestId('graph-drawn-ms')).toBeVisible();
  await expect(drawing(page)).toHaveAttribute('data-probe', 'first-visit');
  await expect(page.getByTestId('entity-row').filter({ hasText: name })).toBeVisible();

  // Back to the list and into the case again: still the same drawing.
  await page.locator('.case-head a[href="/"]').click();
  await expect(page.getByRole('heading', { name: 'Cases', level: 1 })).toBeVisible();
  await openDemoCase(page);
  await expect(page.getByTestId('graph-drawn-ms')).toBeVisible();
  await expect(drawing(page)).toHaveAttribute('data-probe', 'first-visit');
  await expect(drawing(page).locator('canvas').first()).toBeVisible();

  // Signed out and in again: drawn anew.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'investigator.gt@demo.local');
  await openDemoCase(page);
  await expect(page.getByTestId('graph-drawn-ms')).toBeVisible();
  await expect(drawing(page)).toHaveCount(1);
  await expect(drawing(page)).not.toHaveAttribute('data-probe', 'first-visit');
});
