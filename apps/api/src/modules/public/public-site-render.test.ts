import { describe, expect, it } from 'vitest';
import type { PublicSiteRecord } from '@homeward/media';
import { countryPage, indexPage, jsonFeed, atomFeed, widgetPage } from './public-render.js';

const site: PublicSiteRecord = {
  country: 'GT',
  siteName: 'Alerta <b>GT</b>',
  siteNames: { en: 'GT "Alert"' },
  brandColour: '#0a5c36',
  logo: { sha256: 'a'.repeat(64), width: 300, height: 100 },
  updatedBy: 'usr_a',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const o = (lang: 'en' | 'es', s: PublicSiteRecord | null = site) => ({ origin: 'https://h.example', lang, path: '/public/GT', site: s });

describe("a country's public site in the pages", () => {
  it('puts the escaped name, the logo at header height and the colour on the page', () => {
    const es = countryPage('GT', [], [], o('es'));
    expect(es).toContain('<body style="--brand:#0a5c36">');
    expect(es).toContain(
      `<a class="brand" href="/public/GT?lang=es"><img class="logo" src="/public/GT/logo?v=${'a'.repeat(16)}" alt="" width="120" height="40">` +
        '<span>Alerta &lt;b&gt;GT&lt;/b&gt;</span></a>',
    );
    expect(countryPage('GT', [], [], o('en'))).toContain('<span>GT &quot;Alert&quot;</span>');
  });

  it('never writes a stored colour that is not #rrggbb into a style attribute', () => {
    const bad = { ...site, brandColour: '#000000;background:url(x)' };
    expect(countryPage('GT', [], [], o('es', bad))).not.toContain('style=');
  });

  it('keeps the defaults without a record (the index too)', () => {
    const page = countryPage('GT', [], [], o('es', null));
    expect(page).toContain('<body><header class="site"><a class="brand" href="/public"><span>Niños desaparecidos</span></a>');
    expect(indexPage([], o('en', null))).not.toContain('--brand');
  });

  it('names the site in the widget and the feeds, with the logo', () => {
    expect(widgetPage([], o('es'), '/public/GT')).toContain('<span>Alerta &lt;b&gt;GT&lt;/b&gt;</span>');
    const f = { origin: 'https://h.example', lang: 'en' as const, title: 't', selfPath: '/s', homePath: '/h', now: new Date(), site };
    expect(atomFeed([], f)).toContain(`<author><name>GT &quot;Alert&quot;</name></author><logo>https://h.example/public/GT/logo?v=`);
    expect(JSON.parse(jsonFeed([], f))).toMatchObject({
      authors: [{ name: 'GT "Alert"' }],
      icon: expect.stringMatching(/\/public\/GT\/logo\?v=a{16}$/),
    });
  });
});
