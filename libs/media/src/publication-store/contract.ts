import { afterEach, describe, expect, it } from 'vitest';
import type { StateStores } from '@homeward/graph-store';
import type { PublicationRecord, PublicationStore, TipRecord } from '../publication';

/** What a contract run needs: the state stores (to make a case) and the publication store beside them. */
export interface PublicationsUnderTest {
  readonly stores: StateStores;
  readonly publications: PublicationStore;
  close(): Promise<void>;
}

const content = {
  name: 'Ana',
  ageYears: 9,
  photoSha256: null,
  description: null,
  clothing: 'red coat',
  lastSeenAt: '2026-01-01T10:00:00.000Z',
  lastSeenPlace: 'Antigua',
  lastSeenPoint: { lat: 14.56, lon: -90.73 },
  hotlines: [{ country: 'GT', number: '110' }],
};

/**
 * The behaviour every PublicationStore adapter must have: run against the
 * embedded store always, and against Neo4j when NEO4J_URI is set.
 */
export function publicationContract(name: string, open: () => Promise<PublicationsUnderTest>): void {
  describe(`publication store contract: ${name}`, () => {
    let t: PublicationsUnderTest | null = null;

    async function withCase(country = 'GT') {
      t = await open();
      const tag = Math.random().toString(36).slice(2, 10);
      const ids = { agency: `agy_${tag}`, user: `usr_${tag}`, case: `case_${tag}` };
      await t.stores.accounts.createAgency({ id: ids.agency, name: `Contract ${tag}`, country, kind: 'LAW_ENFORCEMENT' });
      await t.stores.accounts.createUser({
        id: ids.user,
        email: `${tag}@contract.test`,
        displayName: 'U',
        role: 'SUPERVISOR',
        agencyId: ids.agency,
        passwordHash: 'x',
      });
      await t.stores.cases.createCase({
        id: ids.case,
        reference: `${country}-2099-${tag}`,
        title: 'T',
        category: 'RUNAWAY',
        status: 'OPEN',
        riskLevel: 'LOW',
        country,
        reportedAt: '2026-01-01T00:00:00Z',
        lastSeenAt: null,
        leadAgencyId: ids.agency,
        createdBy: ids.user,
      });
      const pub = (id: string, publishedAt: string, extra: Partial<PublicationRecord> = {}): PublicationRecord => ({
        id: `${id}_${tag}`,
        caseId: ids.case,
        personId: `ent_${tag}`,
        country,
        status: 'PUBLISHED',
        fields: ['NAME', 'AGE', 'CLOTHING', 'LAST_SEEN', 'HOTLINE'],
        languages: ['en', 'es'],
        content,
        publishedBy: ids.user,
        publishedAt,
        updatedBy: ids.user,
        updatedAt: publishedAt,
        reviewAt: '2099-01-01T00:00:00.000Z',
        endedAt: null,
        endedBy: null,
        endReason: null,
        ...extra,
      });
      const tip = (id: string, receivedAt: string): TipRecord => ({
        id: `${id}_${tag}`,
        caseId: ids.case,
        publicationId: `p1_${tag}`,
        channel: 'PUBLIC',
        status: 'NEW',
        receivedAt,
        late: false,
        content: {
          what: 'saw her',
          seenAt: null,
          place: 'market',
          latitude: 14.5,
          longitude: -90.7,
          contact: null,
          photo: null,
          photoLocation: { lat: 14.51, lon: -90.71 },
          callerPhone: null,
          hotline: null,
        },
        receivedBy: null,
        decidedBy: null,
        decidedAt: null,
        reason: null,
        sightingId: null,
      });
      return { ...ids, tag, p: t.publications, pub, tip };
    }

    afterEach(async () => {
      await t?.close();
      t = null;
    });

    it('keeps a publication as published and reads it back whole', async () => {
      const { p, pub, case: caseId } = await withCase();
      const rec = pub('p1', '2026-01-02T00:00:00.000Z');
      await p.createPublication(rec);
      expect(await p.getPublication(rec.id)).toEqual(rec);
      expect(await p.publicationsOfCase(caseId)).toEqual([rec]);
      expect(await p.getPublication(`${rec.id}_none`)).toBeNull();
    });

    it('lists live pages per country, newest first, and drops ended ones', async () => {
      const { p, pub, tag } = await withCase('SV');
      const older = pub('p1', '2026-01-02T00:00:00.000Z');
      const newer = pub('p2', '2026-01-03T00:00:00.000Z');
      await p.createPublication(older);
      await p.createPublication(newer);
      expect((await p.livePublications('SV')).filter((x) => x.id.endsWith(tag)).map((x) => x.id)).toEqual([newer.id, older.id]);
      expect((await p.livePublications(null)).some((x) => x.id === older.id)).toBe(true);
      expect((await p.livePublications('MX')).some((x) => x.id === older.id)).toBe(false);
      const ended = await p.endPublication(newer.id, 'TAKEN_DOWN', null, '2026-01-04T00:00:00.000Z', 'case FOUND_SAFE');
      expect(ended).toMatchObject({ status: 'TAKEN_DOWN', endedBy: null, endReason: 'case FOUND_SAFE' });
      expect((await p.livePublications('SV')).filter((x) => x.id.endsWith(tag)).map((x) => x.id)).toEqual([older.id]);
    });

    it('ends a page once: a second take-down and a later update write nothing', async () => {
      const { p, pub, user } = await withCase();
      const rec = pub('p1', '2026-01-02T00:00:00.000Z');
      await p.createPublication(rec);
      expect(
        await p.updatePublication({
          ...rec,
          fields: ['NAME'],
          updatedAt: '2026-01-02T01:00:00.000Z',
          content: { ...content, clothing: null },
        }),
      ).toBe(true);
      expect((await p.getPublication(rec.id))!.fields).toEqual(['NAME']);
      expect((await p.getPublication(rec.id))!.content.clothing).toBeNull();
      expect(await p.endPublication(rec.id, 'TAKEN_DOWN', user, '2026-01-03T00:00:00.000Z', 'by order')).not.toBeNull();
      expect(await p.endPublication(rec.id, 'EXPIRED', null, '2026-01-04T00:00:00.000Z', 'review')).toBeNull();
      expect(await p.updatePublication({ ...rec, updatedAt: '2026-01-05T00:00:00.000Z' })).toBe(false);
      const stored = await p.getPublication(rec.id);
      expect(stored).toMatchObject({ status: 'TAKEN_DOWN', endedBy: user, endedAt: '2026-01-03T00:00:00.000Z', endReason: 'by order' });
      expect(stored!.fields).toEqual(['NAME']);
    });

    it('finds pages due for review', async () => {
      const { p, pub } = await withCase();
      const due = pub('p1', '2026-01-02T00:00:00.000Z', { reviewAt: '2026-02-01T00:00:00.000Z' });
      const later = pub('p2', '2026-01-02T00:00:00.000Z', { reviewAt: '2026-03-01T00:00:00.000Z' });
      await p.createPublication(due);
      await p.createPublication(later);
      const ids = (await p.dueForReview('2026-02-15T00:00:00.000Z')).map((x) => x.id);
      expect(ids).toContain(due.id);
      expect(ids).not.toContain(later.id);
      await p.endPublication(due.id, 'EXPIRED', null, '2026-02-15T00:00:00.000Z', 'review date passed');
      expect((await p.dueForReview('2026-02-15T00:00:00.000Z')).map((x) => x.id)).not.toContain(due.id);
    });

    it('keeps a public site per country: settings and logo apart, a logo cleared, lists by country', async () => {
      t = await open();
      const p = t.publications;
      // Two fresh country codes per run (the Neo4j test database is shared across runs).
      const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
      const pick = () => letters[Math.floor(Math.random() * 26)] + letters[Math.floor(Math.random() * 26)];
      let [a, b] = [pick(), pick()];
      while ((await p.getPublicSite(a)) || (await p.getPublicSite(b)) || a === b) [a, b] = [pick(), pick()];
      expect(await p.getPublicSite(a)).toBeNull();
      expect(await p.publicSiteLogo(a)).toBeNull();

      const put = await p.putPublicSite({
        country: a,
        siteName: 'Alerta',
        siteNames: { en: 'Alert', fr: 'Alerte' },
        brandColour: '#0b3d61',
        updatedBy: 'usr_admin',
        updatedAt: '2026-01-01T00:00:00.000Z',
      });
      expect(put).toEqual({
        country: a,
        siteName: 'Alerta',
        siteNames: { en: 'Alert', fr: 'Alerte' },
        brandColour: '#0b3d61',
        logo: null,
        updatedBy: 'usr_admin',
        updatedAt: '2026-01-01T00:00:00.000Z',
      });
      expect(await p.getPublicSite(a)).toEqual(put);

      const data = Buffer.from([0x52, 0x49, 0x46, 0x46, 0, 1, 2, 250, 255]);
      const withLogo = await p.setPublicSiteLogo(
        a,
        { sha256: 'f'.repeat(64), width: 120, height: 40, data },
        'usr_b',
        '2026-01-02T00:00:00.000Z',
      );
      expect(withLogo).toEqual({
        ...put,
        logo: { sha256: 'f'.repeat(64), width: 120, height: 40 },
        updatedBy: 'usr_b',
        updatedAt: '2026-01-02T00:00:00.000Z',
      });
      expect(await p.publicSiteLogo(a)).toEqual({ sha256: 'f'.repeat(64), data });

      // New settings keep the logo; a null name and colour mean the defaults.
      const again = await p.putPublicSite({
        country: a,
        siteName: null,
        siteNames: {},
        brandColour: null,
        updatedBy: 'usr_c',
        updatedAt: '2026-01-03T00:00:00.000Z',
      });
      expect(again).toMatchObject({
        siteName: null,
        siteNames: {},
        brandColour: null,
        logo: { sha256: 'f'.repeat(64) },
        updatedBy: 'usr_c',
      });

      const cleared = await p.setPublicSiteLogo(a, null, 'usr_d', '2026-01-04T00:00:00.000Z');
      expect(cleared.logo).toBeNull();
      expect(await p.publicSiteLogo(a)).toBeNull();

      // A logo first makes the record with the defaults.
      const onlyLogo = await p.setPublicSiteLogo(
        b,
        { sha256: 'e'.repeat(64), width: 10, height: 10, data },
        'usr_e',
        '2026-01-05T00:00:00.000Z',
      );
      expect(onlyLogo).toEqual({
        country: b,
        siteName: null,
        siteNames: {},
        brandColour: null,
        logo: { sha256: 'e'.repeat(64), width: 10, height: 10 },
        updatedBy: 'usr_e',
        updatedAt: '2026-01-05T00:00:00.000Z',
      });
      const listed = (await p.publicSites()).map((x) => x.country);
      expect(listed).toEqual(expect.arrayContaining([a, b]));
      expect(listed).toEqual([...listed].sort());
      expect((await p.publicSites()).find((x) => x.country === a)).toEqual(cleared);
    });

    it('keeps tips newest first and decides each once', async () => {
      const { p, tip, case: caseId, user } = await withCase();
      const a = tip('t1', '2026-01-02T00:00:00.000Z');
      const b = { ...tip('t2', '2026-01-03T00:00:00.000Z'), late: true, channel: 'HOTLINE' as const, receivedBy: user };
      await p.addTip(a);
      await p.addTip(b);
      expect(await p.getTip(a.id)).toEqual(a);
      expect((await p.tipsOfCase(caseId)).map((x) => [x.id, x.late, x.channel])).toEqual([
        [b.id, true, 'HOTLINE'],
        [a.id, false, 'PUBLIC'],
      ]);
      const decided = await p.decideTip({
        id: a.id,
        status: 'ACCEPTED',
        decidedBy: user,
        decidedAt: '2026-01-04T00:00:00.000Z',
        reason: null,
        sightingId: 'ent_s',
      });
      expect(decided).toMatchObject({ status: 'ACCEPTED', decidedBy: user, sightingId: 'ent_s' });
      expect(
        await p.decideTip({
          id: a.id,
          status: 'DISMISSED',
          decidedBy: user,
          decidedAt: '2026-01-05T00:00:00.000Z',
          reason: 'x',
          sightingId: null,
        }),
      ).toBeNull();
      expect((await p.getTip(a.id))!.status).toBe('ACCEPTED');
      expect(await p.getTip(`${a.id}_none`)).toBeNull();
    });
  });
}
