import { expect, test } from '@playwright/test';
import { api, seriousViolations, signIn } from './helpers';

/*
 * The Analysis tab (links to other cases, seen together, possible duplicates
 * with merge and undo) and the hubs-and-groups overlay of the graph, in
 * Chromium against the built app, on a case made through the API.
 */

const GT = 'investigator.gt@demo.local';

async function makeCase(page: import('@playwright/test').Page, title: string) {
  const q = <T>(query: string, variables: Record<string, unknown>) => api<T>(page, GT, query, variables);
  const caseId = (
    await q<{ createCase: { id: string } }>('mutation($i:CreateCaseInput!){ createCase(input:$i){ id } }', {
      i: { title, category: 'NON_FAMILY_ABDUCTION', riskLevel: 'HIGH', country: 'GT' },
    })
  ).createCase.id;
  const person = async (fullName: string, dateOfBirth?: string) =>
    (
      await q<{ addPerson: { id: string } }>('mutation($c:ID!,$i:PersonInput!){ addPerson(caseId:$c, input:$i){ id } }', {
        c: caseId,
        i: { fullName, role: 'SUSPECT', ...(dateOfBirth ? { dateOfBirth } : {}) },
      })
    ).addPerson.id;
  const place = (
    await q<{ addLocation: { id: string } }>('mutation($c:ID!,$i:LocationInput!){ addLocation(caseId:$c, input:$i){ id } }', {
      c: caseId,
      i: { name: 'Terminal', country: 'GT', latitude: 14.63, longitude: -90.5 },
    })
  ).addLocation.id;
  const [rosa, rosa2, hector] = [
    await person('Rosa Elvira Tzoc Batz', '1990-04-05'),
    await person('TZOC BATZ, Rosa Elvira', '1990-04-05'),
    await person('Héctor Ixcoy'),
  ];
  for (const at of ['2026-05-01T10:00:00Z', '2026-05-02T10:00:00Z'])
    await q('mutation($c:ID!,$i:SightingInput!){ addSighting(caseId:$c, input:$i){ id } }', {
      c: caseId,
      i: { observedAt: at, locationId: place, seenIds: [rosa, hector] },
    });
  await q('mutation($c:ID!,$i:LinkInput!){ linkEntities(caseId:$c, input:$i){ id } }', {
    c: caseId,
    i: { fromId: rosa2, toId: hector, type: 'ASSOCIATE_OF' },
  });
}

test('an investigator sees who was seen together, merges a duplicate side by side and undoes it, and finds the hub', async ({ page }) => {
  const title = `Intel e2e ${Date.now()}`;
  await signIn(page, GT);
  await makeCase(page, title);
  await page.reload();
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(title) })).toBeVisible();

  // Hubs and groups over the drawn graph.
  await page.locator('summary', { hasText: 'Hubs and groups' }).click();
  const hubs = page.locator('.intel-hubs');
  await expect(hubs.getByRole('listitem')).toHaveCount(6);
  await expect(hubs.getByRole('button', { name: 'Show Héctor Ixcoy in the graph' })).toBeVisible();

  await page.getByRole('tab', { name: 'Analysis' }).click();
  await expect(page.getByRole('heading', { name: 'Links to other cases' })).toBeVisible();
  await expect(page.getByText('No match in another agency’s case.')).toBeVisible();
  const seen = page.getByRole('region', { name: 'Seen together' });
  await expect(seen.getByRole('row').nth(1)).toContainText('Rosa Elvira Tzoc Batz');
  await expect(seen.getByRole('row').nth(1)).toContainText('Héctor Ixcoy');
  await expect(seen.getByRole('row').nth(1).getByRole('cell').nth(1)).toHaveText('2');
  // Around one person, in this case and then in every case the investigator may see.
  await seen.getByRole('combobox').selectOption({ label: 'Héctor Ixcoy' });
  await seen.getByRole('checkbox', { name: 'in all my cases' }).check();
  await expect(seen.getByRole('row')).toHaveCount(2);
  await expect(seen.getByRole('row').nth(1)).toContainText('Rosa Elvira Tzoc Batz');

  const dup = page.getByRole('region', { name: 'Possible duplicates' });
  await expect(dup.getByText('No merge yet.')).toBeVisible();
  await dup.getByRole('combobox').selectOption({ label: 'Person: Rosa Elvira Tzoc Batz' });
  await expect(dup.locator('caption')).toContainText('Match 100 % · same name, same date of birth');
  await expect(dup.getByRole('cell', { name: 'TZOC BATZ, Rosa Elvira' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // Keyboard: merge, confirm, then undo.
  await dup.getByRole('button', { name: 'Merge into the selected entity…' }).focus();
  await page.keyboard.press('Enter');
  await dup.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(dup.getByText('“TZOC BATZ, Rosa Elvira” was merged.')).toBeVisible();
  await expect(dup.getByText('No likely duplicate among the cases you can see.')).toBeVisible();
  await expect(dup.getByRole('listitem').first()).toContainText('“TZOC BATZ, Rosa Elvira” merged · links moved: 1, dropped: 0');
  await dup.getByRole('button', { name: 'Undo' }).click();
  await expect(dup.getByText('“TZOC BATZ, Rosa Elvira” was restored.')).toBeVisible();
  await expect(dup.getByRole('listitem').first()).toContainText('undone');
  await expect(dup.locator('caption')).toContainText('Match 100 %');
});
