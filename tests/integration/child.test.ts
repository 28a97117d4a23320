import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { capConformance, parseXml } from '../../libs/media/src/cap-conformance';
import { POSTER_STRINGS } from '../../libs/media/src/poster-i18n';
import { gql, login, pdfPages, startServer, type RunningServer } from './harness';

/**
 * The missing child features on the built server: profile, risk, posters,
 * alerts and statistics, each with need-to-know and the role rules.
 */
let server: RunningServer;
const token: Record<string, string> = {};
let ana: string; // GT-2026-0001: GT and MX members, never ngo.es
let caseOfGtOnly: string; // GT-2026-0002: investigator.gt and supervisor.gt only
let mateo: string; // GT-2026-0003: the GT team and investigator.mx

const PROFILE = `query($c:ID!){ childProfile(caseId:$c){ personId fullName aliases dateOfBirth clothing languagesSpoken medicalNeeds
  ageAtDisappearance warnings lastSeenAt lastSeenLocation { id name country } caseLocations { id name country }
  suggestedRiskFactors { ageYears suspectedAbductor onlineGrooming crossBorder hoursMissing } } }`;

beforeAll(async () => {
  server = await startServer({ env: { PUBLIC_URL: 'https://homeward.example.org/' } });
  for (const who of ['investigator.gt', 'supervisor.gt', 'investigator.mx', 'analyst.mx', 'ngo.es', 'admin'])
    token[who] = await login(server.url, `${who}@demo.local`);
  const list = await gql(server.url, '{ cases { id reference } }', {}, token['supervisor.gt']);
  const byRef = Object.fromEntries(list.data!.cases.map((c: { id: string; reference: string }) => [c.reference, c.id]));
  ana = byRef['GT-2026-0001'];
  caseOfGtOnly = byRef['GT-2026-0002'];
  mateo = byRef['GT-2026-0003'];
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe('child profile', () => {
  it('shows the seeded child with age at disappearance and suggested factors', async () => {
    const r = await gql(server.url, PROFILE, { c: ana }, token['investigator.gt']);
    expect(r.errors).toBeUndefined();
    const p = r.data!.childProfile;
    expect(p.fullName).toBe('Ana Lucía Pérez Gómez');
    expect(p.ageAtDisappearance).toBe(12);
    expect(p.warnings).toEqual(['NO_LAST_SEEN_PLACE']);
    expect(p.suggestedRiskFactors.suspectedAbductor).toBe(true);
    expect(p.suggestedRiskFactors.onlineGrooming).toBe(true);
  });

  it('a non-member gets nothing, not even that the case exists', async () => {
    for (const q of [
      PROFILE,
      'query($c:ID!){ riskAssessments(caseId:$c){ id } }',
      'query($c:ID!){ childAlerts(caseId:$c){ id } }',
      'query($c:ID!){ casePoster(caseId:$c, languages:["en"]){ size } }',
      'query($c:ID!){ targetArea(caseId:$c){ description } }',
    ]) {
      const r = await gql(server.url, q, { c: ana }, token['ngo.es']);
      expect(r.data).toBeNull();
      expect(r.errors![0].extensions!.code).toBe('NOT_FOUND');
    }
  });

  it('edits the profile and last-seen place; bad input names the field and writes nothing', async () => {
    const before = (await gql(server.url, PROFILE, { c: ana }, token['investigator.gt'])).data!.childProfile;
    const market = before.caseLocations.find((l: { name: string }) => l.name === 'Mercado La Terminal');
    const upd =
      'mutation($c:ID!,$i:ChildProfileInput!){ updateChildProfile(caseId:$c,input:$i){ ' +
      'clothing languagesSpoken medicalNeeds warnings lastSeenLocation { id name } } }';
    const bad = await gql(server.url, upd, { c: ana, i: { clothing: 'Red jacket', dateOfBirth: '2014-13-45' } }, token['investigator.gt']);
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.dateOfBirth' });
    const badPlace = await gql(
      server.url,
      upd,
      { c: ana, i: { clothing: 'Red jacket', lastSeenLocationId: before.personId } },
      token['investigator.gt'],
    );
    expect(badPlace.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.lastSeenLocationId' });
    const unchanged = (await gql(server.url, PROFILE, { c: ana }, token['investigator.gt'])).data!.childProfile;
    expect(unchanged.clothing).toBe(before.clothing);

    const ok = await gql(
      server.url,
      upd,
      {
        c: ana,
        i: {
          clothing: 'Navy skirt, white blouse, pink backpack',
          languagesSpoken: ['Spanish', "K'iche'"],
          medicalNeeds: 'Asthma: inhaler',
          lastSeenLocationId: market.id,
        },
      },
      token['investigator.gt'],
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.updateChildProfile).toMatchObject({
      clothing: 'Navy skirt, white blouse, pink backpack',
      languagesSpoken: ['Spanish', "K'iche'"],
      warnings: [],
      lastSeenLocation: { name: 'Mercado La Terminal' },
    });
    // An analyst may read but not edit entities.
    const analyst = await gql(server.url, upd, { c: ana, i: { clothing: 'x' } }, token['analyst.mx']);
    expect(analyst.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

describe('risk assessment', () => {
  const factors = { ageYears: 12, onlineGrooming: true, suspectedAbductor: true, hoursMissing: 30 };

  it('proposes with reasons; confirming sets the case level, keeps history, and needs a note to differ', async () => {
    const prop = await gql(
      server.url,
      'query($c:ID!,$f:RiskFactorsInput!){ proposeRisk(caseId:$c,factors:$f){ level score reasons { code } } }',
      { c: caseOfGtOnly, f: factors },
      token['investigator.gt'],
    );
    expect(prop.data!.proposeRisk.level).toBe('CRITICAL');
    expect(prop.data!.proposeRisk.reasons.map((r: { code: string }) => r.code)).toContain('ONLINE_GROOMING');
    const confirm =
      'mutation($c:ID!,$f:RiskFactorsInput!,$l:RiskLevel!,$n:String){ ' +
      'confirmRiskAssessment(caseId:$c,factors:$f,level:$l,note:$n){ id proposedLevel confirmedLevel } }';
    const noNote = await gql(server.url, confirm, { c: caseOfGtOnly, f: factors, l: 'HIGH' }, token['investigator.gt']);
    expect(noNote.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    const badFactor = await gql(
      server.url,
      confirm,
      { c: caseOfGtOnly, f: { ...factors, hoursMissing: -3 }, l: 'CRITICAL' },
      token['investigator.gt'],
    );
    expect(badFactor.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'factors.hoursMissing' });
    const ok = await gql(server.url, confirm, { c: caseOfGtOnly, f: factors, l: 'CRITICAL' }, token['investigator.gt']);
    expect(ok.data!.confirmRiskAssessment).toMatchObject({ proposedLevel: 'CRITICAL', confirmedLevel: 'CRITICAL' });
    const lowered = await gql(
      server.url,
      confirm,
      { c: caseOfGtOnly, f: factors, l: 'HIGH', n: 'Child called her aunt; located nearby' },
      token['investigator.gt'],
    );
    expect(lowered.errors).toBeUndefined();
    const c = await gql(
      server.url,
      'query($c:ID!){ case(id:$c){ riskLevel } riskAssessments(caseId:$c){ confirmedLevel note } }',
      { c: caseOfGtOnly },
      token['supervisor.gt'],
    );
    expect(c.data!.case.riskLevel).toBe('HIGH');
    expect(c.data!.riskAssessments.map((r: { confirmedLevel: string }) => r.confirmedLevel)).toEqual(['HIGH', 'CRITICAL']);
    // The confirmations are in the audit trail.
    const audit = await gql(
      server.url,
      'query($c:ID!){ auditRecords(caseId:$c, limit:1000){ action outcome details } }',
      { c: caseOfGtOnly },
      token['supervisor.gt'],
    );
    if (audit.errors) throw new Error(`audit query failed: ${JSON.stringify(audit.errors)}`);
    const actions = audit.data!.auditRecords.map((r: { action: string; outcome: string }) => `${r.action}:${r.outcome}`);
    expect(actions.filter((a: string) => a === 'mutation.confirmRiskAssessment:success')).toHaveLength(2);
    expect(actions).toContain('mutation.confirmRiskAssessment:failure');
    // The confirmed level is part of the evidence.
    const levels = audit
      .data!.auditRecords.filter(
        (r: { action: string; outcome: string }) => r.action === 'mutation.confirmRiskAssessment' && r.outcome === 'success',
      )
      .map((r: { details: { level: string } }) => r.details.level);
    expect(levels.sort()).toEqual(['CRITICAL', 'HIGH']);
  });
});

describe('poster', () => {
  it('renders the chosen languages on A4 and Letter, with the hotlines', async () => {
    const q =
      'query($c:ID!,$l:[String!]!,$p:PaperSize){ casePoster(caseId:$c,languages:$l,paper:$p){ filename ' +
      'mimeType size base64 hotlines { country number } withPhoto } }';
    const r = await gql(server.url, q, { c: ana, l: ['en', 'es', 'fr', 'pt'], p: 'A4' }, token['analyst.mx']);
    expect(r.errors).toBeUndefined();
    const poster = r.data!.casePoster;
    expect(poster.mimeType).toBe('application/pdf');
    // A GT case worked with the Mexican agency: both countries' hotlines (the case list's countries).
    expect(poster.hotlines).toEqual([
      { country: 'GT', number: '110' },
      { country: 'MX', number: '911' },
    ]);
    const pages = await pdfPages(poster.base64);
    expect(pages.map((p) => p.size)).toEqual(Array(4).fill([595, 842]));
    (['en', 'es', 'fr', 'pt'] as const).forEach((l, i) => {
      expect(pages[i].text).toContain(POSTER_STRINGS[l].heading);
      expect(pages[i].text).toContain('Ana Lucía Pérez Gómez');
      expect(pages[i].text).toContain('GT: 110');
      // No public site configured for GT: the poster names no issuer.
      expect(pages[i].text).not.toContain('Alerta Alba-Keneth');
    });
    const letter = await gql(server.url, q, { c: ana, l: ['pt'], p: 'LETTER' }, token['investigator.mx']);
    const [page] = await pdfPages(letter.data!.casePoster.base64);
    expect(page.size).toEqual([612, 792]);
    expect(page.text).toContain('CRIANÇA DESAPARECIDA');
    const bad = await gql(server.url, q, { c: ana, l: ['de'] }, token['investigator.gt']);
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'languages' });
  });

  it("is issued by the case country's public site once it is configured: its name in each page's language", async () => {
    const set = await gql(
      server.url,
      'mutation($c:String!,$i:PublicSiteInput!){ setPublicSite(country:$c, input:$i){ country } }',
      { c: 'GT', i: { siteName: 'Alerta Alba-Keneth', siteNames: [{ language: 'en', name: 'Alba-Keneth Alert' }] } },
      token.admin,
    );
    expect(set.errors).toBeUndefined();
    const q = 'query($c:ID!,$l:[String!]!){ casePoster(caseId:$c,languages:$l){ base64 } }';
    const r = await gql(server.url, q, { c: ana, l: ['es', 'en'] }, token['investigator.gt']);
    expect(r.errors).toBeUndefined();
    const [es, en] = await pdfPages(r.data!.casePoster.base64);
    expect(es!.text).toContain('Alerta Alba-Keneth');
    expect(en!.text).toContain('Alba-Keneth Alert');
  });
});

describe('alerts', () => {
  const issue =
    'mutation($c:ID!,$i:IssueAlertInput!){ issueChildAlert(caseId:$c,input:$i){ id msgType referencesId sent sender xml recipients { name country } } }';

  it('an investigator cannot issue an alert, and nothing is stored', async () => {
    const r = await gql(server.url, issue, { c: ana, i: { languages: ['en'] } }, token['investigator.gt']);
    expect(r.errors![0].extensions!.code).toBe('FORBIDDEN');
    const list = await gql(server.url, 'query($c:ID!){ childAlerts(caseId:$c){ id } }', { c: ana }, token['investigator.gt']);
    expect(list.data!.childAlerts).toEqual([]);
  });

  it('a supervisor issues an Alert, an Update and a Cancel that conform to CAP 1.2 and reference the first', async () => {
    const area = await gql(
      server.url,
      'query($c:ID!){ targetArea(caseId:$c, area:{kind:CORRIDOR, bufferKm:15}){ kind polygons { points { lat } } recipients { country } } }',
      { c: ana },
      token['supervisor.gt'],
    );
    expect(area.data!.targetArea.kind).toBe('CORRIDOR');
    expect(area.data!.targetArea.polygons.length).toBeGreaterThan(0);

    const first = await gql(
      server.url,
      issue,
      { c: ana, i: { languages: ['en', 'es'], area: { kind: 'CIRCLE', speedKmh: 20, capKm: 300 } } },
      token['supervisor.gt'],
    );
    expect(first.errors).toBeUndefined();
    const a = first.data!.issueChildAlert;
    expect(capConformance(a.xml)).toEqual([]);
    const root = parseXml(a.xml);
    const infos = root.children.filter((c) => c.name === 'info');
    expect(infos.map((i) => i.children.find((c) => c.name === 'language')!.text)).toEqual(['en', 'es']);
    expect(infos[0].children.find((c) => c.name === 'area')!.children.some((c) => c.name === 'circle')).toBe(true);
    expect(a.sent).toMatch(/-00:00$/);
    // Four days after the last sighting at the border: the capped circle reaches the Mexican agency's coverage.
    const countries = a.recipients.map((r: { country: string }) => r.country);
    expect(countries).toEqual(expect.arrayContaining(['GT', 'MX']));
    expect(countries).not.toContain('ES');

    const upd = await gql(
      server.url,
      issue,
      { c: ana, i: { msgType: 'Update', languages: ['fr'], area: { kind: 'CORRIDOR', bufferKm: 10 } } },
      token['supervisor.gt'],
    );
    expect(upd.errors).toBeUndefined();
    expect(capConformance(upd.data!.issueChildAlert.xml)).toEqual([]);
    expect(upd.data!.issueChildAlert.xml).toContain(`<references>${a.sender},${a.id},${a.sent}</references>`);
    expect(upd.data!.issueChildAlert.xml).toContain('<polygon>');
    const cancel = await gql(
      server.url,
      issue,
      { c: ana, i: { msgType: 'Cancel', languages: ['pt'], referencesId: a.id } },
      token['supervisor.gt'],
    );
    expect(capConformance(cancel.data!.issueChildAlert.xml)).toEqual([]);
    expect(cancel.data!.issueChildAlert.referencesId).toBe(a.id);
    const again = await gql(
      server.url,
      issue,
      { c: ana, i: { msgType: 'Cancel', languages: ['pt'], referencesId: a.id } },
      token['supervisor.gt'],
    );
    expect(again.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.referencesId' });

    const list = await gql(
      server.url,
      'query($c:ID!){ childAlerts(caseId:$c){ id msgType recipients { country } } }',
      { c: ana },
      token['analyst.mx'],
    );
    expect(list.data!.childAlerts.map((x: { msgType: string }) => x.msgType)).toEqual(['Alert', 'Update', 'Cancel']);
    expect(list.data!.childAlerts[0].recipients.length).toBe(2);
  });

  it('with a request id an alert is issued once: a retry gets the alert already issued, simultaneous attempts issue one', async () => {
    const count = async () =>
      (await gql(server.url, 'query($c:ID!){ childAlerts(caseId:$c){ id } }', { c: ana }, token['supervisor.gt'])).data!.childAlerts
        .length as number;
    const before = await count();
    const send = (requestId: string) =>
      gql(server.url, issue, { c: ana, i: { languages: ['en'], status: 'Exercise', requestId } }, token['supervisor.gt']);
    const first = await send('retry-test-0001');
    expect(first.errors).toBeUndefined();
    const retried = await send('retry-test-0001');
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.issueChildAlert.id).toBe(first.data!.issueChildAlert.id);
    expect(await count()).toBe(before + 1);
    const racing = await Promise.all([1, 2, 3].map(() => send('retry-test-0002')));
    const ids = new Set(racing.filter((r) => !r.errors).map((r) => r.data!.issueChildAlert.id));
    expect(ids.size).toBe(1);
    for (const r of racing.filter((x) => x.errors))
      expect(r.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.requestId' });
    expect(await count()).toBe(before + 2);
    const bad = await send('no spaces!');
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.requestId' });
  });
});

describe('statistics', () => {
  const STATS =
    '{ caseStatistics { total byStatus { key count } byCountry { key count } medianHoursToRecovery ' +
    'openHighRisk { reference } crossBorder crossBorderShare csv } }';

  it('count only the cases the caller may see', async () => {
    const mine = async (who: string) =>
      (await gql(server.url, '{ cases { reference } }', {}, token[who])).data!.cases.map((c: { reference: string }) => c.reference).sort();
    for (const who of ['investigator.gt', 'analyst.mx', 'supervisor.gt']) {
      const r = await gql(server.url, STATS, {}, token[who]);
      expect(r.errors).toBeUndefined();
      const s = r.data!.caseStatistics;
      const refs = await mine(who);
      expect(s.total).toBe(refs.length);
      const csvRefs = s.csv
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l: string) => l.split(',')[0])
        .sort();
      expect(csvRefs).toEqual(refs);
      for (const c of s.openHighRisk) expect(refs).toContain(c.reference);
    }
    const none = await gql(server.url, STATS, {}, token['ngo.es']);
    expect(none.data!.caseStatistics).toMatchObject({ total: 0, crossBorder: 0, openHighRisk: [], byCountry: [] });
    expect(none.data!.caseStatistics.csv.split('\r\n').filter(Boolean)).toHaveLength(1);
  });

  it('records the found time when a case leaves OPEN and reports the median time to recovery', async () => {
    const set = await gql(
      server.url,
      'mutation($c:ID!){ updateCase(id:$c, input:{status:FOUND_SAFE}){ status } }',
      { c: caseOfGtOnly },
      token['supervisor.gt'],
    );
    expect(set.errors).toBeUndefined();
    const s = (await gql(server.url, STATS, {}, token['supervisor.gt'])).data!.caseStatistics;
    expect(s.byStatus.find((b: { key: string }) => b.key === 'FOUND_SAFE').count).toBeGreaterThanOrEqual(1);
    expect(s.medianHoursToRecovery).toBeGreaterThan(0);
    // The supervisor's cases: GT-2026-0001 and GT-2026-0003 are worked with the Mexican agency
    // (cross-border, as the case list says); GT-2026-0002 is GT's alone.
    expect(s.crossBorder).toBe(2);
    expect(s.csv).toMatch(/\r\nGT-2026-0001,[^\r]*,yes,GT MX\r\n/);
    expect(s.csv).toMatch(/\r\nGT-2026-0002,[^\r]*,no,GT\r\n/);
    // GT-2026-0001 shares its van with MX-2026-0001: cross-border for whoever sees both cases.
    const both = (await gql(server.url, STATS, {}, token['investigator.gt'])).data!.caseStatistics;
    expect(both.crossBorder).toBeGreaterThanOrEqual(2);
    expect(both.csv).toMatch(/\r\nGT-2026-0001,[^\r]*,yes,GT MX\r\n/);
  });
});

describe('the child’s photo on the poster and the alert', () => {
  it('embeds the newest photo in the poster and carries the original in the CAP resource with its SHA-1', async () => {
    const profile = (await gql(server.url, PROFILE, { c: mateo }, token['investigator.gt'])).data!.childProfile;
    const lake = profile.caseLocations[0];
    const set = await gql(
      server.url,
      'mutation($c:ID!,$i:ChildProfileInput!){ updateChildProfile(caseId:$c,input:$i){ lastSeenLocation { id } } }',
      { c: mateo, i: { lastSeenLocationId: lake.id } },
      token['investigator.gt'],
    );
    expect(set.errors).toBeUndefined();
    // WebP: the poster needs a JPEG made from it, the alert keeps the original bytes.
    const photo = await sharp({ create: { width: 48, height: 64, channels: 3, background: '#a07050' } })
      .webp()
      .toBuffer();
    const up = await fetch(
      `${server.url}/media/photos?${new URLSearchParams({ caseId: mateo, entityId: profile.personId, caption: 'Mateo, school photo' })}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token['investigator.gt']}` },
        body: photo,
      },
    );
    expect(up.status).toBe(201);
    const { photo: stored } = (await up.json()) as { photo: { id: string; sha256: string } };

    const poster = await gql(
      server.url,
      'query($c:ID!){ casePoster(caseId:$c, languages:["es"], paper:LETTER){ withPhoto base64 } }',
      { c: mateo },
      token['investigator.mx'],
    );
    expect(poster.data!.casePoster.withPhoto).toBe(true);
    expect(Buffer.from(poster.data!.casePoster.base64, 'base64').includes(Buffer.from('/Subtype /Image'))).toBe(true);

    const issued = await gql(
      server.url,
      'mutation($c:ID!,$i:IssueAlertInput!){ issueChildAlert(caseId:$c,input:$i){ xml } }',
      { c: mateo, i: { languages: ['en'], status: 'Exercise' } },
      token['supervisor.gt'],
    );
    expect(issued.errors).toBeUndefined();
    const xml = issued.data!.issueChildAlert.xml as string;
    expect(capConformance(xml)).toEqual([]);
    const resource = parseXml(xml)
      .children.find((c) => c.name === 'info')!
      .children.find((c) => c.name === 'resource')!;
    const field = (n: string) => resource.children.find((c) => c.name === n)!.text;
    expect(field('resourceDesc')).toBe('Mateo, school photo');
    expect(field('mimeType')).toBe('image/webp');
    expect(Number(field('size'))).toBe(photo.length);
    expect(field('digest')).toBe(createHash('sha1').update(photo).digest('hex'));
    expect(field('uri')).toBe(`https://homeward.example.org/media/photos/${stored.id}/original`);
    expect(xml).toContain('<status>Exercise</status>');
  });
});

describe('agency coverage', () => {
  it('an administrator records where an agency works; its agencies become recipients of areas that meet it', async () => {
    const created = await gql(
      server.url,
      'mutation { createAgency(input:{name:"Policía Nacional Civil SV — Frontera", country:"SV", kind: LAW_ENFORCEMENT}){ id } }',
      {},
      token.admin,
    );
    const id = created.data!.createAgency.id;
    const set =
      'mutation($id:ID!,$i:AgencyCoverageInput!){ setAgencyCoverage(id:$id, input:$i){ agencyId countries circles { radiusKm } recorded } }';
    const bad = await gql(
      server.url,
      set,
      { id, i: { countries: ['SV'], circles: [{ lat: 14.7, lon: -92.1, radiusKm: -5 }] } },
      token.admin,
    );
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.circles.0.radiusKm' });
    const badCountry = await gql(server.url, set, { id, i: { countries: ['Salvador'], circles: [] } }, token.admin);
    expect(badCountry.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.countries.0' });
    const forbidden = await gql(server.url, set, { id, i: { countries: ['SV'], circles: [] } }, token['supervisor.gt']);
    expect(forbidden.errors![0].extensions!.code).toBe('FORBIDDEN');

    const area = 'query($c:ID!){ targetArea(caseId:$c, area:{kind:CORRIDOR, bufferKm:10}){ recipients { id } } }';
    const before = await gql(server.url, area, { c: ana }, token['supervisor.gt']);
    expect(before.data!.targetArea.recipients.map((r: { id: string }) => r.id)).not.toContain(id);
    // A circle of 30 km around Tecún Umán, where the corridor of GT-2026-0001 ends.
    const ok = await gql(
      server.url,
      set,
      { id, i: { countries: ['sv', 'SV'], circles: [{ lat: 14.68, lon: -92.1, radiusKm: 30 }] } },
      token.admin,
    );
    expect(ok.data!.setAgencyCoverage).toEqual({ agencyId: id, countries: ['SV'], circles: [{ radiusKm: 30 }], recorded: true });
    const after = await gql(server.url, area, { c: ana }, token['supervisor.gt']);
    expect(after.data!.targetArea.recipients.map((r: { id: string }) => r.id)).toContain(id);

    const list = await gql(server.url, '{ agencyCoverages { agencyId recorded countries } }', {}, token['supervisor.gt']);
    expect(list.data!.agencyCoverages.find((c: { agencyId: string }) => c.agencyId === id)).toEqual({
      agencyId: id,
      recorded: true,
      countries: ['SV'],
    });
    const investigator = await gql(server.url, '{ agencyCoverages { agencyId } }', {}, token['investigator.gt']);
    expect(investigator.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

describe('configuration', () => {
  it('a bad POSTER_HOTLINES or PUBLIC_URL stops the server with one line naming the variable', async () => {
    for (const [variable, value] of [
      ['POSTER_HOTLINES', 'GT:110'],
      ['PUBLIC_URL', 'ftp://nowhere'],
    ]) {
      const err = await startServer({ env: { [variable]: value } }).then(
        (s) => s.stop().then(() => null),
        (e: Error) => e,
      );
      expect(err, `${variable}=${value} should stop the server`).not.toBeNull();
      expect(err!.message).toMatch(/server exited with 1/);
      const output = err!.message.split('\n').slice(1).join('\n').trim();
      expect(output.split('\n')).toHaveLength(1);
      expect(output).toMatch(new RegExp(`^${variable}: `));
    }
  });
});
