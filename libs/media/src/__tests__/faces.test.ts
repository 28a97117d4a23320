import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceAnalyzer } from '../faces.analyzer';
import { FACE_DIM, FACE_MATCH_THRESHOLD, FaceIndex, cosine, normalize } from '../faces';
import { FACE_TILES, sampleTile } from './images';

describe('face index', () => {
  it('finds the stored descriptors at or above the threshold, best first', () => {
    const index = new FaceIndex<string>(4, 1);
    index.add('a', [1, 0, 0, 0]);
    index.add('b', [0.9, 0.1, 0, 0]);
    index.add('c', [0, 1, 0, 0]);
    expect(index.size).toBe(3);
    const hits = index.search([2, 0, 0, 0], 0.7);
    expect(hits.map((h) => h.key)).toEqual(['a', 'b']);
    expect(hits[0].similarity).toBeCloseTo(1, 6);
    expect(hits[1].similarity).toBeCloseTo(cosine(new Float32Array([0.9, 0.1, 0, 0]), new Float32Array([1, 0, 0, 0])), 6);
    expect(index.search([0, 0, 1, 0], 0.1)).toEqual([]);
    expect(() => index.add('d', [1, 2])).toThrow(/expected 4/);
    expect(Array.from(normalize([0, 0]))).toEqual([0, 0]);
  });
});

describe('face analysis on the faces Human ships (WASM backend, worker thread)', () => {
  const analyzer = new FaceAnalyzer();
  const dir = mkdtempSync(join(tmpdir(), 'homeward-faces-'));
  const files: Record<string, string> = {};

  beforeAll(async () => {
    const crops = {
      woman: sampleTile(FACE_TILES.woman),
      womanFlipped: sampleTile(FACE_TILES.woman).flop(),
      womanLarger: sampleTile(FACE_TILES.woman).resize(400),
      man: sampleTile(FACE_TILES.man),
      manFlipped: sampleTile(FACE_TILES.man).flop(),
    };
    for (const [name, img] of Object.entries(crops)) {
      files[name] = join(dir, `${name}.jpg`);
      await img.jpeg({ quality: 92 }).toFile(files[name]);
    }
  }, 60_000);
  afterAll(async () => {
    await analyzer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scores the same face above the threshold and different people below it', async () => {
    const faces: Record<string, Float32Array> = {};
    for (const [name, file] of Object.entries(files)) {
      const r = await analyzer.analyse(file);
      expect(r.faces, `${name}: one face`).toHaveLength(1);
      const f = r.faces[0];
      expect(f.embedding).toHaveLength(FACE_DIM);
      expect(f.score).toBeGreaterThan(0.5);
      for (const v of f.box) expect(v).toBeGreaterThanOrEqual(0);
      expect(f.box[0] + f.box[2]).toBeLessThanOrEqual(1.01);
      faces[name] = f.embedding;
    }
    const sim = (a: string, b: string) => cosine(faces[a], faces[b]);
    const scores = {
      woman_flipped: sim('woman', 'womanFlipped'),
      woman_larger: sim('woman', 'womanLarger'),
      man_flipped: sim('man', 'manFlipped'),
      woman_man: sim('woman', 'man'),
      flipped_pair: sim('womanFlipped', 'manFlipped'),
    };
    console.log('face similarities', JSON.stringify(Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, Number(v.toFixed(3))]))));
    expect(scores.woman_flipped).toBeGreaterThan(FACE_MATCH_THRESHOLD);
    expect(scores.woman_larger).toBeGreaterThan(FACE_MATCH_THRESHOLD);
    expect(scores.man_flipped).toBeGreaterThan(FACE_MATCH_THRESHOLD);
    expect(scores.woman_man).toBeLessThan(FACE_MATCH_THRESHOLD);
    expect(scores.flipped_pair).toBeLessThan(FACE_MATCH_THRESHOLD);

    // The index finds the same person among the stored faces, and not the other.
    const index = new FaceIndex<string>();
    index.add('man', faces.man);
    index.add('womanLarger', faces.womanLarger);
    expect(index.search(faces.womanFlipped, FACE_MATCH_THRESHOLD).map((h) => h.key)).toEqual(['womanLarger']);
  }, 60_000);

  it('finds no face in a picture without one, and reports a file it cannot read', async () => {
    const blank = join(dir, 'blank.png');
    await (
      await import('sharp')
    )
      .default({ create: { width: 300, height: 200, channels: 3, background: '#7a8' } })
      .png()
      .toFile(blank);
    expect((await analyzer.analyse(blank)).faces).toEqual([]);
    await expect(analyzer.analyse(join(dir, 'missing.jpg'))).rejects.toThrow(/face analysis failed/);
  }, 60_000);
});
