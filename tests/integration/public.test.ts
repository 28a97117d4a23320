import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { gql, login, startServer, type RunningServer } from './harness';

/**
 * The public side on the built server: a supervisor publishes a child, anyone
 * reads the page, feeds and poster without a token, nothing unpublished ever
 * shows, and a found child's page answers 410 and leaves the feeds.
 */
let server: RunningServer;
const token: Record<string, string> = {};
let ana: string; // GT-2026-0001: GT and MX members
let gtOnly: string; // GT-2026-0002: investigator.gt and supervisor.gt

const SECRET_MEDICAL = 'Needs insulin — SECRET-MEDICAL-7731';
const SECRET_CIRCUMSTANCES = 'Left with uncle — SECRET-CIRC-5521';
const SECRET_DESCRIPTION = 'Scar on left hand — SECRET-DESC-9012';

const PUBLISH = `mutation($c:ID!,$i:PublicationInput!){ publishChild(caseId:$c, input:$i){ id path status fields languages reviewAt
  content { name ageYears hasPhoto clothing lastSeenPlace hotlines { country number } } } }`;

async function profile(caseId: string) {
  const r = await gql(
    server.url,
    'query($c:ID!){ childProfile(caseId:$c){ personId fullName caseLocations { id name } } }',
    { c: caseId },
    token['supervisor.gt'],
  );
  return r.data!.childProfile as { personId: string | null; fullName: string | null; caseLocations: Array<{ id: string; name: string }> };
}

/** A JPEG with an EXIF block (the upload keeps the original as evidence; nothing public may carry its metadata). */
async function photoWithExif(): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 500, channels: 3, background: { r: 200, g: 120, b: 90 } } })
    .jpeg()
    .withExif({ IFD0: { Copyright: 'SECRET-EXIF-OWNER' } })
    .toBuffer();
}

/** The tip form's proof of work, done as the page's script does it. */
function solve(challenge: string, bits: number): string {
  for (let n = 0; ; n++) {
    const h = createHash('sha256').update(`${challenge}:${n}`).digest();
    const z = h[0] === 0 ? 8 + Math.clz32(h[1]) - 24 : Math.clz32(h[0]) - 24;
    if (h[0] === 0 && h[1] === 0 ? 16 + Math.clz32(h[2]) - 24 >= bits : z >= bits) return String(n);
  }
}

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers, redirect: 'manual' });

beforeAll(async () => {
  server = await startServer({ env: { POSTER_HOTLINES: 'GT=1561' }, startTimeoutMs: 120_000 });
  for (const who of ['investigator.gt', 'supervisor.gt', 'investigator.mx', 'ngo.es'])
    token[who] = await login(server.url, `${who}@demo.local`);
  const list = await gql(server.url, '{ cases { id reference } }', {}, token['supervisor.gt']);
  const byRef = Object.fromEntries(list.data!.cases.map((c: { id: string; reference: string }) => [c.reference, c.id]));
  ana = byRef['GT-2026-0001'];
  gtOnly = byRef['GT-2026-0002'];
  const p = await profile(ana);
  const place = p.caseLocations[0];
  const upd = await gql(
    server.url,
    `mutation($c:ID!,$i:ChildProfileInput!){ updateChildProfile(caseId:$c, input:$i){ personId } }`,
    {
      c: ana,
      i: {
        clothing: 'Blue school uniform',
        medicalNeeds: SECRET_MEDICAL,
        circumstances: SECRET_CIRCUMSTANCES,
        physicalDescription: SECRET_DESCRIPTION,
        lastSeenAt: '2026-03-01T15:00:00.000Z',
        ...(place ? { lastSeenLocationId: place.id } : {}),
      },
    },
    token['supervisor.gt'],
  );
  expect(upd.errors).toBeUndefined();
  const up = await fetch(`${server.url}/media/photos?${new URLSearchParams({ caseId: ana, entityId: p.personId! })}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token['investigator.gt']}` },
    body: new Uint8Array(await photoWithExif()),
  });
  expect(up.status).toBe(201);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe('publishing', () => {
  it('only a supervisor of the lead agency who is a member publishes; others are refused and nothing is published', async () => {
    const input = { fields: ['NAME'], languages: ['en'] };
    const inv = await gql(server.url, PUBLISH, { c: ana, i: input }, token['investigator.gt']);
    expect(inv.errors![0].extensions!.code).toBe('FORBIDDEN');
    const outsider = await gql(server.url, PUBLISH, { c: ana, i: input }, token['ngo.es']);
    expect(outsider.errors![0].extensions!.code).toBe('NOT_FOUND');
    const anon = await gql(server.url, PUBLISH, { c: ana, i: input });
    expect(anon.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const bad = await gql(server.url, PUBLISH, { c: ana, i: { fields: ['AGE'], languages: ['en'] } }, token['supervisor.gt']);
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.fields' });
    const badLang = await gql(server.url, PUBLISH, { c: ana, i: { fields: ['NAME'], languages: ['de'] } }, token['supervisor.gt']);
    expect(badLang.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.languages' });
    const list = await gql(server.url, 'query($c:ID!){ publications(caseId:$c){ id } }', { c: ana }, token['investigator.gt']);
    expect(list.data!.publications).toEqual([]);
  });
});

describe('the public page', () => {
  let pub: { id: string; path: string };

  beforeAll(async () => {
    const r = await gql(
      server.url,
      PUBLISH,
      { c: ana, i: { fields: ['NAME', 'AGE', 'PHOTO', 'CLOTHING', 'LAST_SEEN', 'HOTLINE'], languages: ['en', 'es'] } },
      token['supervisor.gt'],
    );
    expect(r.errors).toBeUndefined();
    pub = r.data!.publishChild;
    expect(pub.path).toBe(`/public/GT/${pub.id}`);
    expect(r.data!.publishChild.content).toMatchObject({ name: 'Ana Lucía Pérez Gómez', hasPhoto: true, clothing: 'Blue school uniform' });
    expect(r.data!.publishChild.content.hotlines).toContainEqual({ country: 'GT', number: '1561' });
    const again = await gql(server.url, PUBLISH, { c: ana, i: { fields: ['NAME'], languages: ['en'] } }, token['supervisor.gt']);
    expect(again.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'caseId' });
  });

  it('is read without a token, with the published fields and Open Graph tags, and nothing else of the case', async () => {
    const res = await get(pub.path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('Ana Lucía Pérez Gómez');
    expect(html).toContain('Blue school uniform');
    expect(html).toContain('1561');
    expect(html).toMatch(/<meta property="og:title" content="MISSING: Ana Lucía Pérez Gómez">/);
    expect(html).toMatch(new RegExp(`<meta property="og:image" content="http://127\\.0\\.0\\.1:\\d+${pub.path}/photo">`));
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(html).toContain(`${pub.path}/poster.pdf`);
    for (const secret of ['SECRET-MEDICAL', 'SECRET-CIRC', 'SECRET-DESC', 'GT-2026-0001', ana, 'supervisor.gt', 'SECRET-EXIF'])
      expect(html).not.toContain(secret);
    // Strict CSP: scripts only from this origin, none inline; the page is not framed.
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(html.match(/<script[^>]*>/g) ?? []).toEqual(['<script src="/public/assets/tip.js" defer>']);
    expect(html).not.toMatch(/<script[^>]*>[^<]+<\/script>/);
    expect(Buffer.byteLength(html)).toBeLessThan(50_000);
  });

  it('answers in Spanish from Accept-Language, with a language switch; a language not published falls back', async () => {
    const es = await (await get(pub.path, { 'accept-language': 'es-GT,es;q=0.9,en;q=0.5' })).text();
    expect(es).toContain('<html lang="es">');
    expect(es).toContain('DESAPARECIDO');
    expect(es).toContain(`href="${pub.path}?lang=en"`);
    const fr = await get(pub.path, { 'accept-language': 'fr-FR' });
    expect(fr.headers.get('content-language')).toBe('en');
    const chosen = await (await get(`${pub.path}?lang=es`, { 'accept-language': 'en' })).text();
    expect(chosen).toContain('<html lang="es">');
  });

  it('serves the photo without its metadata, and the poster', async () => {
    const photo = await get(`${pub.path}/photo`);
    expect(photo.status).toBe(200);
    const meta = await sharp(Buffer.from(await photo.arrayBuffer())).metadata();
    expect(meta.exif).toBeUndefined();
    const pdf = await get(`${pub.path}/poster.pdf?lang=es`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).not.toContain('SECRET-EXIF');
  });

  it('lists the child on the country page with the agencies and the hotline, in the feeds and the sitemap', async () => {
    const country = await (await get('/public/GT')).text();
    expect(country).toContain(pub.path);
    expect(country).toMatch(/Hotline: 1561/);
    expect(country).not.toContain('SECRET-');
    const atom = await get('/public/GT/feed.atom');
    expect(atom.headers.get('content-type')).toMatch(/application\/atom\+xml/);
    const atomText = await atom.text();
    expect(atomText).toContain(`${pub.path}</id>`);
    expect(atomText).toContain('<category term="GT" label="country"/>');
    const json = (await (await get('/public/GT/feed.json')).json()) as {
      items: Array<{ id: string; title: string; _homeward: { country: string; area: unknown } }>;
    };
    const item = json.items.find((i) => i.id.endsWith(pub.path))!;
    expect(item.title).toBe('MISSING: Ana Lucía Pérez Gómez');
    expect(item._homeward.country).toBe('GT');
    expect(JSON.stringify(json)).not.toContain('SECRET-');
    const sitemap = await (await get('/public/sitemap.xml')).text();
    expect(sitemap).toContain(pub.path);
    expect((await get('/public/MX/feed.json').then((r) => r.json())).items.some((i: { id: string }) => i.id.endsWith(pub.path))).toBe(
      false,
    );
  });

  it('a partner frames the widget; a feed of the child’s area carries it and one far away does not', async () => {
    const w = await get('/public/GT/widget');
    expect(w.status).toBe(200);
    expect(w.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(w.headers.get('x-frame-options')).toBeNull();
    expect(await w.text()).toContain(pub.path);
    const json = (await (await get('/public/GT/feed.json')).json()) as { items: Array<{ id: string; _homeward: { area: any } }> };
    const area = json.items.find((i) => i.id.endsWith(pub.path))!._homeward.area;
    if (area) {
      const near = await (await get(`/public/area/feed.json?lat=${area.lat}&lon=${area.lon}&radiusKm=10`)).json();
      expect(near.items.some((i: { id: string }) => i.id.endsWith(pub.path))).toBe(true);
    }
    const far = await (await get('/public/area/feed.json?lat=-33.9&lon=18.4&radiusKm=10')).json();
    expect(far.items.some((i: { id: string }) => i.id.endsWith(pub.path))).toBe(false);
    const bad = await get('/public/area/feed.atom?lat=95&lon=0&radiusKm=10');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('lat:');
  });

  it('an update drops a field from the page at once', async () => {
    const r = await gql(
      server.url,
      'mutation($id:ID!,$i:PublicationInput!){ updatePublication(id:$id, input:$i){ fields content { clothing } } }',
      { id: pub.id, i: { fields: ['NAME', 'AGE', 'PHOTO', 'LAST_SEEN', 'HOTLINE'], languages: ['en', 'es'] } },
      token['supervisor.gt'],
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.updatePublication.content.clothing).toBeNull();
    expect(await (await get(pub.path)).text()).not.toContain('Blue school uniform');
  });
});

describe('taking a page down', () => {
  it('marking the case found: the page answers 410 with none of its content, and leaves the feeds, sitemap and photo', async () => {
    const made = await gql(
      server.url,
      'mutation($c:ID!,$i:ChildProfileInput!){ updateChildProfile(caseId:$c, input:$i){ personId } }',
      { c: gtOnly, i: { fullName: 'Lucía Takedown Test', clothing: 'Green raincoat' } },
      token['supervisor.gt'],
    );
    expect(made.errors).toBeUndefined();
    const r = await gql(server.url, PUBLISH, { c: gtOnly, i: { fields: ['NAME', 'CLOTHING'], languages: ['en'] } }, token['supervisor.gt']);
    expect(r.errors).toBeUndefined();
    const { id, path } = r.data!.publishChild as { id: string; path: string };
    const live = await (await get(path)).text();
    expect(live).toContain('Lucía Takedown Test');
    const challenge = /data-challenge="([^"]+)"/.exec(live)![1];
    expect(await (await get('/public/GT/feed.atom')).text()).toContain(path);

    const found = await gql(
      server.url,
      'mutation($c:ID!){ updateCase(id:$c, input:{ status: FOUND_SAFE }){ status } }',
      { c: gtOnly },
      token['investigator.gt'],
    );
    expect(found.errors).toBeUndefined();
    const gone = await get(path);
    expect(gone.status).toBe(410);
    const body = await gone.text();
    expect(body).not.toContain('Lucía Takedown Test');
    expect(body).not.toContain('Green raincoat');
    expect(await (await get('/public/GT/feed.atom')).text()).not.toContain(path);
    expect(await (await get('/public/GT/feed.json')).text()).not.toContain(path);
    expect(await (await get('/public/sitemap.xml')).text()).not.toContain(path);
    expect(await (await get('/public/GT')).text()).not.toContain(path);
    expect((await get(`${path}/poster.pdf`)).status).toBe(410);
    const list = await gql(
      server.url,
      'query($c:ID!){ publications(caseId:$c){ id status endedBy endReason } }',
      { c: gtOnly },
      token['investigator.gt'],
    );
    expect(list.data!.publications).toEqual([{ id, status: 'TAKEN_DOWN', endedBy: null, endReason: 'case FOUND_SAFE' }]);
    // Tips to a page taken down are still taken for a week, marked late.
    const form = new FormData();
    form.set('what', 'Saw her yesterday');
    form.set('challenge', challenge);
    form.set('solution', solve(challenge, 16));
    expect((await fetch(`${server.url}${path}/tips`, { method: 'POST', body: form })).status).toBe(201);
    const tips = await gql(server.url, 'query($c:ID!){ caseTips(caseId:$c){ what late } }', { c: gtOnly }, token['investigator.gt']);
    expect(tips.data!.caseTips).toEqual([{ what: 'Saw her yesterday', late: true }]);
    // Publishing again is refused while the case is not open.
    const again = await gql(server.url, PUBLISH, { c: gtOnly, i: { fields: ['NAME'], languages: ['en'] } }, token['supervisor.gt']);
    expect(again.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'caseId' });
  });

  it('an unknown page is 404, not 410', async () => {
    expect((await get('/public/GT/pub_doesnotexist1')).status).toBe(404);
    expect((await get('/public/gt')).status).toBe(404);
  });
});

describe('review date', () => {
  it('a page past its review date answers 410 at once, is marked EXPIRED by the sweep, and its supervisors are told', async () => {
    // Its own data directory: on the Neo4j pass a server started without one would empty the database under the first.
    const dataDir = mkdtempSync(join(tmpdir(), 'homeward-it-review-'));
    // 0.0001 days is 8.64 s.
    const srv = await startServer({ dataDir, env: { PUBLIC_REVIEW_DAYS: '0.0001' }, startTimeoutMs: 120_000 });
    try {
      const sup = await login(srv.url, 'supervisor.gt@demo.local');
      const made = await gql(
        srv.url,
        'mutation { createCase(input:{ title:"Review test", category: RUNAWAY, riskLevel: LOW, country:"GT" }){ id } }',
        {},
        sup,
      );
      const caseId = made.data!.createCase.id as string;
      await gql(
        srv.url,
        'mutation($c:ID!){ updateChildProfile(caseId:$c, input:{ fullName:"Review Child" }){ personId } }',
        { c: caseId },
        sup,
      );
      const r = await gql(srv.url, PUBLISH, { c: caseId, i: { fields: ['NAME'], languages: ['en'] } }, sup);
      expect(r.errors).toBeUndefined();
      const { id, path, reviewAt } = r.data!.publishChild as { id: string; path: string; reviewAt: string };
      expect(Date.parse(reviewAt) - Date.now()).toBeLessThan(9_000);
      expect((await fetch(`${srv.url}${path}`)).status).toBe(200);
      await new Promise((ok) => setTimeout(ok, Math.max(0, Date.parse(reviewAt) - Date.now()) + 200));
      const gone = await fetch(`${srv.url}${path}`);
      expect(gone.status).toBe(410);
      expect(await gone.text()).not.toContain('Review Child');
      // The sweep runs every 20 s on each server.
      let status = '';
      for (let i = 0; i < 60 && status !== 'EXPIRED'; i++) {
        await new Promise((ok) => setTimeout(ok, 500));
        const list = await gql(srv.url, 'query($c:ID!){ publications(caseId:$c){ id status endReason } }', { c: caseId }, sup);
        status = list.data!.publications.find((p: { id: string }) => p.id === id).status;
      }
      expect(status).toBe('EXPIRED');
      const inbox = await gql(srv.url, '{ notifications { items { kind caseId } } }', {}, sup);
      expect(inbox.data!.notifications.items).toContainEqual({ kind: 'PUBLIC_PAGE_EXPIRED', caseId });
    } finally {
      await srv.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
