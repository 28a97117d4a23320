/**
 * Face descriptors and their comparison. Descriptors are stored unit-length,
 * so the cosine similarity of two faces is their dot product; a search over
 * many stored faces is one pass over a flat Float32Array.
 */

/** Length of a descriptor from Human's faceres model. */
export const FACE_DIM = 1024;

/**
 * Cosine similarity at or above which a pair becomes a lead to review. On
 * the faces the package ships (tests), the same face flipped or rescaled
 * scores 0.90-0.98 and different people 0.24-0.49; 0.7 sits between with
 * room on both sides. A lead is never more than "possible match — needs
 * human review".
 */
export const FACE_MATCH_THRESHOLD = 0.7;

/** A unit-length copy (an all-zero descriptor stays zero and never matches). */
export function normalize(v: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  const out = new Float32Array(v.length);
  if (sum === 0) return out;
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < v.length; i++) out[i] = v[i] * inv;
  return out;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`descriptor lengths differ: ${a.length} and ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export interface IndexHit<K> {
  readonly key: K;
  readonly similarity: number;
}

/**
 * Unit descriptors in one flat typed array, searched by dot product. 10,000
 * faces of 1,024 floats are 40 MB and one search is 10 M multiply-adds,
 * well inside the 50 ms budget without an approximate index.
 */
export class FaceIndex<K> {
  private data: Float32Array;
  private readonly keys: K[] = [];

  constructor(
    readonly dim: number = FACE_DIM,
    capacity = 64,
  ) {
    this.data = new Float32Array(dim * Math.max(1, capacity));
  }

  get size(): number {
    return this.keys.length;
  }

  /** Adds a descriptor (normalised here, so callers may pass raw ones). */
  add(key: K, descriptor: ArrayLike<number>): void {
    if (descriptor.length !== this.dim) throw new Error(`descriptor has ${descriptor.length} values, expected ${this.dim}`);
    const n = this.keys.length;
    if ((n + 1) * this.dim > this.data.length) {
      const grown = new Float32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(normalize(descriptor), n * this.dim);
    this.keys.push(key);
  }

  /** Entries at or above `threshold`, best first, at most `limit`. */
  search(query: ArrayLike<number>, threshold: number, limit = 50): IndexHit<K>[] {
    const q = normalize(query);
    const dim = this.dim;
    const data = this.data;
    const hits: IndexHit<K>[] = [];
    for (let i = 0, off = 0; i < this.keys.length; i++, off += dim) {
      let dot = 0;
      for (let j = 0; j < dim; j++) dot += data[off + j] * q[j];
      if (dot >= threshold) hits.push({ key: this.keys[i], similarity: dot });
    }
    hits.sort((a, b) => b.similarity - a.similarity);
    return hits.slice(0, limit);
  }
}
