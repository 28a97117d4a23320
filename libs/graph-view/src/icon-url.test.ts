import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  vi.resetModules();
});

describe('iconUrl', () => {
  it('is a short blob: URL of the same SVG in a browser, made once per kind', async () => {
    const made: Blob[] = [];
    vi.stubGlobal('document', {});
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      made.push(b as Blob);
      return `blob:http://x/${made.length}`;
    });
    const { iconUrl, iconDataUri } = await import('./styles.js');
    const url = iconUrl('PERSON');
    expect(url).toBe('blob:http://x/1');
    expect(iconUrl('PERSON')).toBe(url);
    expect(made).toHaveLength(1);
    expect(made[0]!.type).toBe('image/svg+xml');
    const svg = await made[0]!.text();
    expect(`data:image/svg+xml;utf8,${encodeURIComponent(svg)}`).toBe(iconDataUri('PERSON'));
    // What the stylesheet of a mid-sized graph draws, and what is hashed per node when it is styled.
    const { graphStylesheet } = await import('./styles.js');
    expect(JSON.stringify(graphStylesheet({ large: false }))).toContain(url);
  });

  it('is the data URI where there is no document (tests, headless drawing)', async () => {
    const { iconUrl, iconDataUri } = await import('./styles.js');
    expect(iconUrl('VEHICLE')).toBe(iconDataUri('VEHICLE'));
  });
});
