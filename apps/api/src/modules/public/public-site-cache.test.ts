import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PhotoFiles, PublicSiteRecord } from '@homeward/media';
import type { ClusterBus } from '../../base/cluster.js';
import type { AppStores } from '../../base/stores.js';
import { PublicSiteService, SITE_CACHE_MS } from './public-site.service.js';

/** Two replicas' site caches over one store and one in-memory bus standing in for Redis's publish/subscribe. */
function replicas() {
  let record: PublicSiteRecord | null = null;
  const reads = { n: 0 };
  const stores = {
    publications: {
      getPublicSite: async () => {
        reads.n++;
        return record;
      },
    },
  } as unknown as AppStores;
  const listeners: Array<(m: Buffer) => void> = [];
  const bus = {
    replicaId: 'x',
    publish: async (_channel: string, m: Buffer) => listeners.forEach((l) => l(m)),
    subscribe: async (_channel: string, l: (m: Buffer) => void) => {
      listeners.push(l);
      return async () => undefined;
    },
  } as unknown as ClusterBus;
  const make = () => new PublicSiteService(stores, {} as PhotoFiles, {}, bus);
  const set = (r: PublicSiteRecord | null) => (record = r);
  return { make, set, reads };
}

const site = (siteName: string): PublicSiteRecord => ({
  country: 'GT',
  siteName,
  siteNames: {},
  brandColour: null,
  logo: null,
  updatedBy: 'usr_a',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

afterEach(() => vi.useRealTimers());

describe('the public site cache', () => {
  it('reads a country once per SITE_CACHE_MS, then again', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), toFake: ['Date'] });
    const r = replicas();
    const a = r.make();
    r.set(site('One'));
    expect((await a.site('GT'))?.siteName).toBe('One');
    r.set(site('Two'));
    expect((await a.site('GT'))?.siteName).toBe('One');
    expect(r.reads.n).toBe(1);
    vi.setSystemTime(Date.now() + SITE_CACHE_MS + 1);
    expect((await a.site('GT'))?.siteName).toBe('Two');
    expect(r.reads.n).toBe(2);
    expect(await a.site('gt')).toBeNull();
  });

  it('forgets a change made on another replica as soon as the bus says so', async () => {
    const r = replicas();
    const [a, b] = [r.make(), r.make()];
    await a.onModuleInit();
    await b.onModuleInit();
    r.set(site('One'));
    expect((await b.site('GT'))?.siteName).toBe('One');
    r.set(site('Two'));
    a.changed('GT');
    await new Promise((ok) => setImmediate(ok));
    expect((await b.site('GT'))?.siteName).toBe('Two');
    expect((await a.site('GT'))?.siteName).toBe('Two');
  });
});
