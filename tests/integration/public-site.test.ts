import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND, ROOT, gql, login, pdfText, serverEnv, startServer, type RunningServer } from './harness';

/**
 * A country's public site (issue 20): an administrator sets its name, brand
 * colour and logo; every public page of that country shows them, another
 * country's pages and the index keep the defaults; anyone else is refused and
 * nothing changes; bad input is refused naming the field; each change is audited.
 */
let server: RunningServer;
const token: Record<string, string> = {};
let pagePath = '';
const tmp = mkdtempSync(join(tmpdir(), 'homeward-public-site-'));

const SET = `mutation($c:String!,$i:PublicSiteInput!){ setPublicSite(country:$c, input:$i){
  country siteName siteNames { language name } brandColour logoUrl logoWidth logoHeight updatedBy updatedAt } }`;

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
const html = async (path: string, lang = 'en') => (await get(path, { 'accept-language': lang })).text();

function uploadLogo(country: string, body: Buffer, who: string | null) {
  return fetch(`${server.url}/media/public-sites/${country}/logo`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...(who ? { authorization: `Bearer ${token[who]}` } : {}) },
    body: new Uint8Array(body),
  });
}

type Rec = { seq: number; action: string; outcome: string; details: Record<string, unknown> | null };

/** The audit records of these actions, in order. */
async function audited(...actions: string[]): Promise<Rec[]> {
  const all: Rec[] = [];
  for (const a of actions) {
    const r = await gql(
      server.url,
      'query($a:String){ auditRecords(action:$a, limit: 1000){ seq action outcome details } }',
      { a },
      token.admin,
    );
    all.push(...(r.data!.auditRecords as Rec[]));
  }
  return all.sort((x, y) => x.seq - y.seq);
}

beforeAll(async () => {
  server = await startServer({ startTimeoutMs: 120_000 });
  for (const who of ['admin', 'supervisor.gt', 'investigator.gt']) token[who] = await login(server.url, `${who}@demo.local`);
  const list = await gql(server.url, '{ cases { id reference } }', {}, token['supervisor.gt']);
  const ana = list.data!.cases.find((c: { reference: string }) => c.reference === 'GT-2026-0001').id;
  const pub = await gql(
    server.url,
    'mutation($c:ID!){ publishChild(caseId:$c, input:{ fields:[NAME, AGE], languages:["en","es"] }){ path } }',
    { c: ana },
    token['supervisor.gt'],
  );
  expect(pub.errors).toBeUndefined();
  pagePath = pub.data!.publishChild.path;
}, 150_000);

afterAll(async () => {
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe(`a country's public site (${BACKEND})`, () => {
  it('shows the defaults while nothing is configured', async () => {
    const page = await html(pagePath);
    expect(page).toContain('<a class="brand" href="/public"><span>Missing children</span></a>');
    expect(page).not.toContain('--brand:');
    expect(page).not.toContain('class="logo"');
    expect((await get('/public/GT/logo')).status).toBe(404);
  });

  it('refuses anyone but an administrator, and nothing changes', async () => {
    for (const who of ['supervisor.gt', 'investigator.gt']) {
      const set = await gql(server.url, SET, { c: 'GT', i: { siteName: 'Hijacked', brandColour: '#000000' } }, token[who]);
      expect(set.errors![0].extensions!.code).toBe('FORBIDDEN');
      const list = await gql(server.url, '{ publicSites { country } }', {}, token[who]);
      expect(list.errors![0].extensions!.code).toBe('FORBIDDEN');
      const clear = await gql(server.url, 'mutation { clearPublicSiteLogo(country:"GT"){ country } }', {}, token[who]);
      expect(clear.errors![0].extensions!.code).toBe('FORBIDDEN');
    }
    const anon = await gql(server.url, SET, { c: 'GT', i: { siteName: 'Hijacked' } });
    expect(anon.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const png = await sharp({ create: { width: 300, height: 100, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    const refused = await uploadLogo('GT', png, 'supervisor.gt');
    expect(refused.status).toBe(403);
    expect((await uploadLogo('GT', png, null)).status).toBe(401);

    expect((await gql(server.url, '{ publicSites { country } }', {}, token.admin)).data!.publicSites).toEqual([]);
    const page = await html(pagePath);
    expect(page).not.toContain('Hijacked');
    expect(page).not.toContain('--brand:');
    expect((await get('/public/GT/logo')).status).toBe(404);
    const denied = (await audited('public.site.logo')).filter((r) => r.outcome === 'denied');
    expect(denied.length).toBe(2);
  });

  it('refuses a bad colour, a colour too light for white text, a bad name or country, naming the field', async () => {
    const bad = async (c: string, i: Record<string, unknown>) => (await gql(server.url, SET, { c, i }, token.admin)).errors![0];
    expect((await bad('GT', { brandColour: 'navy' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.brandColour' });
    const light = await bad('GT', { brandColour: '#FFCC00' });
    expect(light.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.brandColour' });
    expect(light.message).toMatch(/#ffcc00 gives the header's white text a contrast of 1\.\d\d:1, below the 4\.5:1 WCAG AA/);
    expect((await bad('GT', { siteName: 'x'.repeat(81) })).extensions).toMatchObject({ field: 'input.siteName' });
    expect((await bad('GT', { siteNames: [{ language: 'de', name: 'Vermisst' }] })).extensions).toMatchObject({
      field: 'input.siteNames.0.language',
    });
    expect((await bad('Guatemala', { siteName: 'X' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'country' });
    expect((await gql(server.url, '{ publicSites { country } }', {}, token.admin)).data!.publicSites).toEqual([]);
  });

  it('refuses a bad logo naming the file, before storing anything', async () => {
    const text = await uploadLogo('GT', Buffer.from('this is not an image at all'), 'admin');
    expect(text.status).toBe(400);
    expect((await text.json()).error).toMatchObject({ code: 'PHOTO_REJECTED', reason: 'NOT_AN_IMAGE', field: 'file' });
    const gif = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#123456' } })
      .gif()
      .toBuffer();
    const unsupported = await uploadLogo('GT', gif, 'admin');
    expect(unsupported.status).toBe(400);
    expect((await unsupported.json()).error).toMatchObject({ reason: 'UNSUPPORTED_FORMAT', field: 'file' });
    const huge = await sharp({ create: { width: 12_500, height: 8, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    const tooMany = await uploadLogo('GT', huge, 'admin');
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error).toMatchObject({ reason: 'TOO_MANY_PIXELS', field: 'file' });
    const badCountry = await uploadLogo('gtm', huge, 'admin');
    expect(badCountry.status).toBe(400);
    expect((await badCountry.json()).error).toMatchObject({ field: 'country' });
    expect((await get('/public/GT/logo')).status).toBe(404);
    expect((await gql(server.url, '{ publicSites { country } }', {}, token.admin)).data!.publicSites).toEqual([]);
  });

  it("shows the name, colour and logo on every page of the country, and on no other country's", async () => {
    const set = await gql(
      server.url,
      SET,
      { c: 'gt', i: { siteName: 'Alerta Guatemala', siteNames: [{ language: 'en', name: 'Guatemala Alert' }], brandColour: '#0A5C36' } },
      token.admin,
    );
    expect(set.errors).toBeUndefined();
    expect(set.data!.setPublicSite).toMatchObject({
      country: 'GT',
      siteName: 'Alerta Guatemala',
      siteNames: [{ language: 'en', name: 'Guatemala Alert' }],
      brandColour: '#0a5c36',
      logoUrl: null,
    });

    // A logo with metadata: what is served is re-encoded WebP at header size, without it.
    const logo = await sharp({ create: { width: 1200, height: 300, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 0 } } })
      .png()
      .withExif({ IFD0: { Copyright: 'SECRET-LOGO-EXIF' } })
      .toBuffer();
    const up = await uploadLogo('GT', logo, 'admin');
    expect(up.status).toBe(201);
    const site = (await up.json()).publicSite;
    expect(site).toMatchObject({ country: 'GT', siteName: 'Alerta Guatemala', brandColour: '#0a5c36', logoWidth: 480, logoHeight: 120 });
    expect(site.logoUrl).toMatch(/^\/public\/GT\/logo\?v=[0-9a-f]{16}$/);
    const served = await get(site.logoUrl);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect(served.headers.get('cache-control')).toBe('public, max-age=30');
    const bytes = Buffer.from(await served.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['webp', 480, 120, undefined]);
    expect(bytes.includes(Buffer.from('SECRET-LOGO-EXIF'))).toBe(false);

    const img = `<img class="logo" src="${site.logoUrl}" alt="" width="160" height="40">`;
    const child = await html(pagePath, 'es');
    expect(child).toContain('<body style="--brand:#0a5c36">');
    expect(child).toContain(`<a class="brand" href="/public/GT?lang=es">${img}<span>Alerta Guatemala</span></a>`);
    expect(child).toContain('<meta property="og:site_name" content="Alerta Guatemala">');
    const childEn = await html(pagePath, 'en');
    expect(childEn).toContain('<span>Guatemala Alert</span>');
    const country = await html('/public/GT', 'fr');
    expect(country).toContain('<body style="--brand:#0a5c36">');
    expect(country).toContain('<span>Alerta Guatemala</span>');
    expect(country).toContain(img);
    const widget = await html('/public/GT/widget');
    expect(widget).toContain('style="--brand:#0a5c36"');
    expect(widget).toContain('<span>Guatemala Alert</span>');
    const atom = await (await get('/public/GT/feed.atom?lang=es')).text();
    expect(atom).toContain('<title>Alerta Guatemala — ');
    expect(atom).toMatch(/<logo>http[^<]+\/public\/GT\/logo\?v=[0-9a-f]{16}<\/logo>/);
    const json = JSON.parse(await (await get('/public/GT/feed.json?lang=en')).text());
    expect(json.title).toMatch(/^Guatemala Alert — /);
    expect(json.icon).toMatch(/\/public\/GT\/logo\?v=/);
    // The poster is issued by the site: its name in the poster's language and its logo (PNG with its transparency) at the foot.
    const poster = Buffer.from(await (await get(`${pagePath}/poster.pdf?lang=en`)).arrayBuffer());
    expect(await pdfText(poster)).toContain('Guatemala Alert');
    expect(poster.includes(Buffer.from('/SMask'))).toBe(true);
    const gone = await get('/public/GT/pub_doesnotexist1', { 'accept-language': 'es' });
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('<span>Alerta Guatemala</span>');
    // The stylesheet reads the colour from --brand, with today's colour as the default.
    const css = await (await get('/public/assets/public.css')).text();
    expect(css).toContain('background:var(--brand,#0b3d61)');

    for (const other of ['/public/MX', '/public/MX/widget', '/public', '/public/area/widget?lat=14.6&lon=-90.5&radiusKm=50']) {
      const page = await html(other, 'es');
      expect(page, other).not.toContain('Alerta Guatemala');
      expect(page, other).not.toContain('--brand:');
      expect(page, other).not.toContain('class="logo"');
      expect(page, other).toContain('Niños desaparecidos');
    }
    expect(await (await get('/public/MX/feed.atom')).text()).not.toContain('Alerta');
    expect((await get('/public/MX/logo')).status).toBe(404);

    const listed = await gql(server.url, '{ publicSites { country siteName brandColour logoUrl updatedBy } }', {}, token.admin);
    expect(listed.data!.publicSites).toEqual([
      {
        country: 'GT',
        siteName: 'Alerta Guatemala',
        brandColour: '#0a5c36',
        logoUrl: site.logoUrl,
        updatedBy: expect.stringMatching(/^usr_/),
      },
    ]);
  });

  it('audits every change: the call with its country, name and colour, the logo with its hash', async () => {
    const recs = await audited('mutation.setPublicSite', 'public.site.logo');
    const set = recs.filter((r) => r.action === 'mutation.setPublicSite' && r.outcome === 'success');
    expect(recs.filter((r) => r.action === 'mutation.setPublicSite' && r.outcome === 'denied').length).toBe(3);
    expect(set.at(-1)!.details).toMatchObject({ country: 'gt', 'input.siteName': 'Alerta Guatemala', 'input.brandColour': '#0A5C36' });
    const logo = recs.filter((r) => r.action === 'public.site.logo');
    expect(logo.find((r) => r.outcome === 'success')!.details).toMatchObject({ country: 'GT', width: 480, height: 120 });
    expect(logo.filter((r) => r.outcome === 'failure').map((r) => r.details!.reason)).toEqual(
      expect.arrayContaining(['NOT_AN_IMAGE', 'UNSUPPORTED_FORMAT', 'TOO_MANY_PIXELS']),
    );
  });

  it('clears the logo: the pages drop it and its address answers 404', async () => {
    const r = await gql(server.url, 'mutation { clearPublicSiteLogo(country:"GT"){ country siteName logoUrl } }', {}, token.admin);
    expect(r.data!.clearPublicSiteLogo).toEqual({ country: 'GT', siteName: 'Alerta Guatemala', logoUrl: null });
    const page = await html('/public/GT', 'es');
    expect(page).not.toContain('class="logo"');
    expect(page).toContain('<span>Alerta Guatemala</span>');
    expect((await get('/public/GT/logo')).status).toBe(404);
  });

  it('is configured from the admin CLI too, with the same checks, and audited', async () => {
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'apps/api/dist/apps/api/src/cli/admin.js'), 'public-site', ...args], {
        env: { ...serverEnv(), DATA_DIR: server.dataDir },
        encoding: 'utf8',
      });
    const light = cli('set', '--country', 'SV', '--colour', '#00ff00');
    expect(light.status).toBe(1);
    expect(light.stderr).toMatch(/input\.brandColour: #00ff00 gives the header's white text a contrast of/);
    const ok = cli('set', '--country', 'SV', '--name', 'Alerta SV', '--colour', '#1f3a93');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^SV {2}name Alerta SV {2}colour #1f3a93 {2}logo \(none\)/);
    const png = join(tmp, 'logo.png');
    writeFileSync(
      png,
      await sharp({ create: { width: 90, height: 30, channels: 3, background: '#1f3a93' } })
        .png()
        .toBuffer(),
    );
    const logo = cli('logo', '--country', 'SV', '--file', png);
    expect(logo.status).toBe(0);
    expect(logo.stdout).toMatch(/logo \/public\/SV\/logo\?v=[0-9a-f]{16} \(90×30\)/);
    // Only the colour changes; the name and logo stay.
    const colour = cli('set', '--country', 'SV', '--colour', '#2b2b2b');
    expect(colour.stdout).toMatch(/name Alerta SV {2}colour #2b2b2b {2}logo \/public\/SV/);
    const list = cli('list');
    expect(list.stdout).toMatch(/^GT .*\nSV /);
    // This server had not read SV yet: its pages show the CLI's settings.
    const page = await html('/public/SV');
    expect(page).toContain('<body style="--brand:#2b2b2b">');
    expect(page).toContain('<span>Alerta SV</span>');
    expect(page).toContain('class="logo"');
    // Another process changes the logo while this server holds SV's record: the new address serves the new logo at once.
    const before = /src="(\/public\/SV\/logo\?v=[0-9a-f]{16})"/.exec(page)![1];
    writeFileSync(
      png,
      await sharp({ create: { width: 60, height: 30, channels: 3, background: '#2b2b2b' } })
        .png()
        .toBuffer(),
    );
    const second = cli('logo', '--country', 'SV', '--file', png);
    expect(second.status).toBe(0);
    const after = /logo (\/public\/SV\/logo\?v=([0-9a-f]{16}))/.exec(second.stdout)!;
    expect(after[1]).not.toBe(before);
    const fresh = await get(after[1]);
    expect(fresh.headers.get('etag')).toMatch(new RegExp(`^"${after[2]}`));
    expect((await sharp(Buffer.from(await fresh.arrayBuffer())).metadata()).width).toBe(60);
    const recs = (await audited('public.site.set', 'public.site.logo')).filter((r) => r.details?.via === 'cli');
    expect(recs.map((r) => r.action)).toEqual(['public.site.set', 'public.site.logo', 'public.site.set', 'public.site.logo']);
  }, 60_000);
});
