import { expect, test, type Page } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import { api, seriousViolations, signIn } from './helpers';
import { DEMO_PASSWORD } from './playwright.config';

/**
 * Publishing in the browser (issue 20): a supervisor of the lead agency publishes a demo child from the
 * Child tab (a field error first, then the preview), the page opens without signing in and shows the
 * name; a tip with a photo sent on it shows in the Tips inbox with its photo and is merged into one of
 * the case's sightings; the page is then taken down with a reason and answers 410.
 * Sofía's case (GT-2026-0002) is used: public.spec.ts publishes Ana's, on the same server.
 */
const CHILD = 'Sofía Isabel Cux Tzoc';
const SUPERVISOR = 'supervisor.gt@demo.local';

/** A 48×40 PNG of coloured stripes, made here so the runner needs no image file or library. */
function stripes(): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (b: Buffer) => (b.reduce((c, x) => table[(c ^ x) & 0xff]! ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0;
  const part = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc32(typed));
    return Buffer.concat([len, typed, sum]);
  };
  const width = 48;
  const height = 40;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push(x < 16 ? 200 : 30, y < 20 ? 120 : 60, x >= 32 ? 220 : 90);
  }
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    part('IHDR', header),
    part('IDAT', deflateSync(Buffer.from(rows))),
    part('IEND', Buffer.alloc(0)),
  ]);
}

interface GNode {
  id: string;
  kind: string;
  role: string | null;
  label: string;
}

/** Sofía's case, with a sighting of her to merge a tip into (the seed gives her case none). */
async function sofiaCase(page: Page, sighting: string): Promise<{ id: string; childId: string }> {
  const { cases } = await api<{ cases: Array<{ id: string; reference: string }> }>(page, SUPERVISOR, '{ cases { id reference } }', {});
  const id = cases.find((c) => c.reference === 'GT-2026-0002')!.id;
  const { caseGraph } = await api<{ caseGraph: { nodes: GNode[] } }>(
    page,
    SUPERVISOR,
    'query($c:ID!){ caseGraph(caseId:$c){ nodes { id kind role label } } }',
    { c: id },
  );
  const child = caseGraph.nodes.find((n) => n.kind === 'PERSON' && n.role === 'MISSING_CHILD')!;
  const park = caseGraph.nodes.find((n) => n.kind === 'LOCATION')!;
  await api(page, 'investigator.gt@demo.local', 'mutation($c:ID!,$i:SightingInput!){ addSighting(caseId:$c, input:$i){ id } }', {
    c: id,
    i: { observedAt: '2026-11-22T03:10:00Z', locationId: park.id, seenIds: [child.id], sightingSource: 'WITNESS', description: sighting },
  });
  return { id, childId: child.id };
}

/** A photo of the child, uploaded as the web client does (the body of POST /media/photos with the Bearer token). */
async function uploadChildPhoto(page: Page, caseId: string, childId: string): Promise<void> {
  const login = await page.request.post('/graphql', {
    data: { query: 'mutation($e:String!,$p:String!){login(email:$e,password:$p){token}}', variables: { e: SUPERVISOR, p: DEMO_PASSWORD } },
  });
  const token = ((await login.json()) as { data: { login: { token: string } } }).data.login.token;
  const r = await page.request.post(`/media/photos?caseId=${caseId}&entityId=${childId}`, {
    data: stripes(),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
  });
  expect(r.status()).toBe(201);
}

test('a supervisor publishes a child, the page is public, a tip with a photo is merged into a sighting, the page is taken down', async ({
  browser,
  page,
  context,
}) => {
  test.setTimeout(90_000);
  const sighting = `Girl in a school uniform at the bus stop ${Date.now()}`;
  const { id: caseId, childId } = await sofiaCase(page, sighting);
  await uploadChildPhoto(page, caseId, childId);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);

  await signIn(page, SUPERVISOR);
  await page.goto(`/cases/${caseId}/child`);
  const panel = page.getByRole('region', { name: /^Public page/ });
  await expect(panel.getByText('Not published: nothing of this case is public.')).toBeVisible();
  await panel.getByRole('button', { name: 'Publish on the public site…' }).click();

  const dialog = page.getByRole('dialog', { name: `Publish ${CHILD} on the public site` });
  // Sofía has a photo now: it is chosen by default; without the name and the photo the choice is refused at the fields.
  await expect(dialog.getByRole('checkbox', { name: /^Photo/ })).toBeChecked();
  await dialog.getByRole('checkbox', { name: 'Name' }).uncheck();
  await dialog.getByRole('checkbox', { name: /^Photo/ }).uncheck();
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('group', { name: 'What the page shows' }).getByRole('alert')).toHaveText(
    'A public page needs the name or the photo.',
  );
  await expect(dialog.getByRole('checkbox', { name: 'Name' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(dialog.getByRole('checkbox', { name: 'Name' })).toBeChecked();
  await dialog.getByRole('checkbox', { name: 'French' }).check();
  await dialog.getByRole('button', { name: 'Preview' }).click();

  const previewed = dialog.getByRole('region', { name: 'What will be public' });
  await expect(previewed.getByText(CHILD)).toBeVisible();
  // Only the name was chosen again: the photo is not in the preview; choose it back and see it.
  await expect(previewed.getByRole('img')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Back to the choice' }).click();
  await dialog.getByRole('checkbox', { name: /^Photo/ }).check();
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(previewed.getByRole('img', { name: `Photo of ${CHILD} as the page will show it` })).toBeVisible();
  await expect(previewed.getByText(/no suspect, companion, note, sighting detail or member/)).toBeVisible();
  // Sofía's profile has no clothing: the page leaves it out, and the preview says so.
  await expect(previewed.getByText('not in the profile: the page leaves it out').first()).toBeVisible();
  expect(await seriousViolations(page, 'dialog')).toEqual([]);
  await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(dialog).toBeHidden();

  await expect(panel.getByText('Live', { exact: true })).toBeVisible();
  const link = panel.getByRole('textbox', { name: 'Public link' });
  const url = await link.inputValue();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/public\/GT\/pub_/);
  await expect(panel.getByText(/in 30 days/)).toBeVisible();
  await panel.getByRole('button', { name: 'Copy link' }).click();
  await expect(panel.getByText('Link copied')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  expect(await seriousViolations(page, '[data-testid="publication-panel"]')).toEqual([]);
  // Changing the live page: French off; the same page, now in two languages.
  await expect(panel.getByText('English, Spanish, French')).toBeVisible();
  await panel.getByRole('button', { name: 'Change the page…' }).click();
  const change = page.getByRole('dialog', { name: 'Change the public page' });
  await change.getByRole('checkbox', { name: 'French' }).uncheck();
  await change.getByRole('button', { name: 'Preview' }).click();
  await change.getByRole('button', { name: 'Save the page' }).click();
  await expect(change).toBeHidden();
  await expect(panel.getByText('English, Spanish', { exact: true })).toBeVisible();
  expect(await link.inputValue()).toBe(url);

  // The public page, without signing in: the name, and a tip with a photo.
  const visitor = await browser.newContext({ locale: 'en-GB', extraHTTPHeaders: { 'Accept-Language': 'en-GB,en;q=0.9' } });
  const p = await visitor.newPage();
  await p.goto(url);
  await expect(p.getByRole('heading', { level: 1, name: CHILD })).toBeVisible();
  await expect(p.locator('img.photo')).toBeVisible();
  const what = `A girl like her asked for the bus to Xela ${Date.now()}`;
  await p.getByLabel('What did you see?').fill(what);
  await p.getByLabel('Where? (a place, an address)').fill('Parque Central');
  await p.getByLabel('Photo (optional)').setInputFiles({ name: 'seen.png', mimeType: 'image/png', buffer: stripes() });
  await p.getByRole('button', { name: 'Send' }).click();
  await expect(p.getByRole('heading', { name: 'Thank you' })).toBeVisible({ timeout: 30_000 });

  // The inbox: the tip with its photo (fetched with the token, never in an address), merged into the sighting.
  await page.getByRole('tab', { name: /^tips$/i }).click();
  const item = page.locator('li.tip-item', { hasText: what });
  await expect(item).toBeVisible({ timeout: 15_000 });
  const photo = item.getByRole('img', { name: /^Photo sent with the tip of/ });
  await expect(photo).toBeVisible();
  expect(await photo.evaluate((img: HTMLImageElement) => [img.src.startsWith('blob:'), img.naturalWidth])).toEqual([true, 48]);
  const group = item.getByRole('group', { name: 'Merge into an existing sighting' });
  await expect(group.getByRole('button', { name: 'Merge' })).toBeDisabled();
  const option = await group.locator('option', { hasText: sighting }).getAttribute('value');
  await group.getByLabel('Sighting to merge into').selectOption(option!);
  await group.getByRole('button', { name: 'Merge' }).click();
  await expect(item.getByText('Merged', { exact: true })).toBeVisible();
  await expect(item.getByText('Merged into: ')).toContainText(sighting);
  expect(await seriousViolations(page, 'li.tip-item')).toEqual([]);

  // A hotline call without a position becomes a sighting at one of the case's places.
  const call = `Caller saw her at the park fountain ${Date.now()}`;
  await api(page, 'investigator.gt@demo.local', 'mutation($c:ID!,$i:HotlineTipInput!){ takeHotlineTip(caseId:$c, input:$i){ id } }', {
    c: caseId,
    i: { what: call, callerPhone: '+502 5555 0101', hotline: '116 000' },
  });
  const called = page.locator('li.tip-item', { hasText: call });
  await expect(called).toBeVisible({ timeout: 15_000 });
  await expect(called.getByText('Needs a position to become a sighting')).toBeVisible();
  const at = called.getByRole('group', { name: 'Or accept it at a place of the case' });
  await at.getByLabel('Place of the case').selectOption({ label: 'Parque Central, Quetzaltenango (GT)' });
  await at.getByRole('button', { name: 'Accept at this place' }).click();
  await expect(called.getByText('Accepted', { exact: true })).toBeVisible();

  // Taken down with a reason: the reason is asked for first, then the page answers 410 Gone.
  await page.getByRole('tab', { name: /^child$/i }).click();
  await panel.getByRole('button', { name: 'Take down…' }).click();
  await panel.getByRole('button', { name: 'Take the page down' }).click();
  await expect(panel.getByRole('alert')).toHaveText('Say why the page is taken down.');
  await panel.getByLabel('Why is the page taken down? (kept in the audit)').fill('Found safe at a relative’s house');
  await panel.getByRole('button', { name: 'Take the page down' }).click();
  await expect(panel.getByText('Taken down', { exact: true })).toBeVisible();
  await expect(panel.getByText('Found safe at a relative’s house')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Publish again…' })).toBeVisible();
  // Asked without the browser's cache (pages may be cached for up to a minute, by design).
  expect((await visitor.request.get(url)).status()).toBe(410);
  await visitor.close();
});

test('an investigator sees the public page read-only, without publishing controls', async ({ page }) => {
  await signIn(page, 'investigator.gt@demo.local');
  await page.getByRole('link', { name: CHILD }).click();
  await page.getByRole('tab', { name: /^child$/i }).click();
  const panel = page.getByRole('region', { name: /^Public page/ });
  await expect(panel).toBeVisible();
  await expect(panel.getByText('A supervisor of the lead agency publishes the child on the public site.')).toBeVisible();
  await expect(panel.getByRole('button')).toHaveCount(0);
});

test('a partner page’s one <script> puts the country’s widget in a frame sized to its content', async ({ page }) => {
  const { id: caseId } = await sofiaCase(page, `Seen near the school ${Date.now()}`);
  const { publications } = await api<{ publications: Array<{ status: string }> }>(
    page,
    SUPERVISOR,
    'query($c:ID!){ publications(caseId:$c){ status } }',
    { c: caseId },
  );
  if (!publications.some((p) => p.status === 'PUBLISHED'))
    await api(page, SUPERVISOR, 'mutation($c:ID!){ publishChild(caseId:$c, input:{ fields:[NAME, AGE], languages:["en","es"] }){ id } }', {
      c: caseId,
    });
  const origin = `http://127.0.0.1:${new URL(test.info().project.use.baseURL!).port}`;
  // A partner site on another origin: a small server of the test's own on a free loopback port.
  const html =
    '<!doctype html><html lang="es"><head><title>Partner</title></head><body><h1>Noticias</h1>' +
    `<script src="${origin}/public/assets/embed.js" data-country="GT" data-lang="es" async></script><p id="after">Fin</p>` +
    `<script src="${origin}/public/assets/embed.js" data-lat="14.8347" data-lon="-91.5181" data-radius-km="30"></script>` +
    `<script src="${origin}/public/assets/embed.js" data-country="Guatemala"></script></body></html>`;
  const site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
  const partner = `http://127.0.0.1:${(site.address() as AddressInfo).port}/news`;
  const problems: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' || m.type() === 'warning' ? problems.push(m.text()) : undefined));
  try {
    await page.goto(partner);
    const frame = page.locator('iframe').first();
    await expect(frame, problems.join('\n')).toBeVisible();
    expect(await frame.getAttribute('title')).toBe('Niños desaparecidos');
    expect(await frame.getAttribute('src')).toBe(`${origin}/public/GT/widget?lang=es`);
    // Right after the script, before the partner's next paragraph.
    expect(await page.evaluate(() => document.querySelector('iframe')!.nextElementSibling?.id)).toBe('after');
    await expect(page.frameLocator('iframe').first().getByRole('link', { name: CHILD })).toBeVisible();
    // By area: the circle's widget, titled in the page's language; a country that is not a code inserts nothing.
    const area = page.locator('iframe').nth(1);
    expect(await area.getAttribute('src')).toBe(`${origin}/public/area/widget?lat=14.8347&lon=-91.5181&radiusKm=30`);
    expect(await area.getAttribute('title')).toBe('Niños desaparecidos');
    await expect(page.locator('iframe')).toHaveCount(2);
    // The frame takes the widget's own height (reported by the widget), not the 360 px it starts with.
    await expect
      .poll(async () => {
        const [frameHeight, contentHeight] = await Promise.all([
          frame.evaluate((f: HTMLIFrameElement) => f.getBoundingClientRect().height),
          page
            .frameLocator('iframe')
            .first()
            .locator('body')
            .evaluate((b) => Math.ceil(b.getBoundingClientRect().height)),
        ]);
        return frameHeight !== 360 && Math.abs(frameHeight - contentHeight) <= 1;
      })
      .toBe(true);
    expect(problems).toEqual(['Homeward embed: set data-country="GT", or data-lat and data-lon']);
  } finally {
    await new Promise((done) => site.close(done));
  }
});
