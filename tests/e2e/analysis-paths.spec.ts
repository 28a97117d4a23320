import { expect, test } from '@playwright/test';
import { api, seriousViolations, signIn } from './helpers';

/*
 * The Paths panel and the impossible-journey flags, in Chromium against the
 * built app: a case made through the API with a chain of people and two
 * sightings of one man 190 km and one hour apart, in the wrong time order.
 */

const GT = 'investigator.gt@demo.local';

async function makeCase(page: import('@playwright/test').Page, title: string) {
  const q = <T>(query: string, variables: Record<string, unknown>) => api<T>(page, GT, query, variables);
  const caseId = (
    await q<{ createCase: { id: string } }>('mutation($i:CreateCaseInput!){ createCase(input:$i){ id } }', {
      i: { title, category: 'NON_FAMILY_ABDUCTION', riskLevel: 'HIGH', country: 'GT' },
    })
  ).createCase.id;
  const person = async (fullName: string) =>
    (
      await q<{ addPerson: { id: string } }>('mutation($c:ID!,$i:PersonInput!){ addPerson(caseId:$c, input:$i){ id } }', {
        c: caseId,
        i: { fullName, role: 'SUSPECT' },
      })
    ).addPerson.id;
  const link = (fromId: string, toId: string, reliability: string, credibility: number) =>
    q('mutation($c:ID!,$i:LinkInput!,$p:ProvenanceInput){ linkEntities(caseId:$c, input:$i, provenance:$p){ id } }', {
      c: caseId,
      i: { fromId, toId, type: 'ASSOCIATE_OF' },
      p: { reliability, credibility },
    });
  const loc = async (name: string, latitude: number, longitude: number) =>
    (
      await q<{ addLocation: { id: string } }>('mutation($c:ID!,$i:LocationInput!){ addLocation(caseId:$c, input:$i){ id } }', {
        c: caseId,
        i: { name, country: 'GT', latitude, longitude },
      })
    ).addLocation.id;
  const sighting = (observedAt: string, locationId: string, seenIds: string[]) =>
    q('mutation($c:ID!,$i:SightingInput!){ addSighting(caseId:$c, input:$i){ id } }', {
      c: caseId,
      i: { observedAt, locationId, seenIds },
    });

  const [a, b, c, d] = [await person('Walter Ajú'), await person('Berta Cux'), await person('Celso Tum'), await person('Dora Batz')];
  await link(a, b, 'A', 1);
  await link(b, d, 'B', 2);
  await link(a, c, 'D', 4);
  await link(c, d, 'A', 1);
  const guate = await loc('Terminal zona 4', 14.6349, -90.5069);
  const tapa = await loc('Parque Tapachula', 14.9057, -92.263);
  await sighting('2026-04-01T10:00:00Z', guate, [a]);
  await sighting('2026-04-01T11:00:00Z', tapa, [a]);
}

test('an investigator finds the paths between two people, graded, and sees an impossible journey flagged', async ({ page }) => {
  const title = `Paths e2e ${Date.now()}`;
  await signIn(page, GT);
  await makeCase(page, title);
  await page.reload();
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(title) })).toBeVisible();

  // The impossible journey is listed under the graph, with its reason.
  const flags = page.getByTestId('travel-flags');
  await expect(flags).toContainText('1 impossible journey');
  await flags.locator('summary').click();
  await expect(flags).toContainText(
    /Walter Ajú: 1\d\d km from Terminal zona 4 to Parque Tapachula in 1 h needs 1\d\d km\/h \(more than 130 km\/h\)/,
  );

  await page.getByRole('checkbox', { name: 'Walter Ajú' }).check();
  await page.getByRole('checkbox', { name: 'Dora Batz' }).check();
  await page.getByRole('button', { name: 'Paths…' }).click();
  const panel = page.getByTestId('paths-panel');
  await expect(panel).toContainText('From Walter Ajú to Dora Batz');
  await panel.getByRole('button', { name: 'Find paths' }).click();
  const list = panel.getByTestId('paths-list');
  await expect(list.getByRole('listitem')).toHaveCount(2);
  // Ties of one length: the stronger path first.
  await expect(list.getByRole('listitem').first()).toContainText('Path 1: 2 links, grade B2');
  await expect(list.getByRole('listitem').first()).toContainText('Walter Ajú → Berta Cux → Dora Batz');
  await expect(list.getByRole('listitem').nth(1)).toContainText('grade D4');
  // Keyboard: the second path can be chosen without a mouse.
  await list.getByRole('button', { name: /Path 2/ }).focus();
  await page.keyboard.press('Enter');
  await expect(list.getByRole('button', { name: /Path 2/ })).toHaveAttribute('aria-pressed', 'true');

  // A minimum grade removes the weak path; a strict one leaves none.
  await panel.getByLabel('Minimum source reliability').selectOption('B');
  await panel.getByRole('button', { name: 'Find paths' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await panel.getByLabel('Minimum information credibility').selectOption('1');
  await panel.getByRole('button', { name: 'Find paths' }).click();
  await expect(panel.getByTestId('paths-none')).toContainText('No path within 6 links');
  expect(await seriousViolations(page)).toEqual([]);

  // A graded link made in the link dialog opens a strong path: Walter -> Berta -> Celso -> Dora, all A1.
  await page.getByRole('button', { name: /^Link to.* Berta Cux$/ }).click();
  await page.getByTestId('entity-row').filter({ hasText: 'Celso Tum' }).getByRole('button', { name: 'Create link' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Source reliability').selectOption('A');
  await dialog.getByLabel('Information credibility').selectOption('1');
  await dialog.getByRole('button', { name: 'Create link' }).click();
  await expect(dialog).toHaveCount(0);
  await panel.getByLabel('Minimum source reliability').selectOption('A');
  await panel.getByRole('button', { name: 'Find paths' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem').first()).toContainText('Walter Ajú → Berta Cux → Celso Tum → Dora Batz');
  await expect(list.getByRole('listitem').first()).toContainText('3 links, grade A1');

  // The timeline flags both sightings of the impossible journey.
  await page.getByRole('tab', { name: /^timeline$/i }).click();
  await expect(page.getByTestId('timeline-sighting')).toHaveCount(2);
  await expect(page.getByTestId('travel-flag')).toHaveCount(2);
  await expect(page.getByTestId('travel-flag').first()).toContainText('Impossible journey');
});
