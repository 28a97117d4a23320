import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FACE_DIM, normalize } from './faces';
import { PHOTO_LIMITS } from './photos';

/** One face found by the analyser: box as fractions of the upright image, unit descriptor. */
export interface DetectedFace {
  readonly box: [number, number, number, number];
  readonly score: number;
  readonly embedding: Float32Array;
}

export interface AnalysedPhoto {
  readonly faces: DetectedFace[];
  /** Time the worker spent on this photo (decode, detect, describe). */
  readonly ms: number;
}

export interface FaceAnalyzerOptions {
  /** Longest side the photo is scaled to before detection (more costs time and finds only a little more). */
  readonly maxSide?: number;
  readonly minConfidence?: number;
  readonly maxFaces?: number;
}

interface WorkerData {
  readonly human: string;
  readonly sharp: string;
  readonly modelBase: string;
  readonly wasmDir: string;
  readonly maxSide: number;
  readonly minConfidence: number;
  readonly maxFaces: number;
  readonly maxPixels: number;
}

type Reply =
  | { id: number; ok: true; faces: Array<{ box: number[]; score: number; embedding: number[] }>; ms: number }
  | { id: number; ok: false; error: string };

/**
 * The worker, as CommonJS source: no worker file exists next to the
 * TypeScript sources the tests run, so the code travels as text (as the
 * audit verifier's does). It loads Human's Node WASM build with the models
 * the package ships, read from disk: `fetch` is replaced so that any URL but
 * a file under the models folder fails, and nothing is downloaded.
 */
const workerSource = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { fileURLToPath } = require('node:url');
globalThis.fetch = async (url) => {
  const u = String(url);
  if (!u.startsWith(workerData.modelBase)) throw new Error('face analysis never uses the network (asked for ' + u + ')');
  return new Response(fs.readFileSync(fileURLToPath(u)), { status: 200 });
};
const H = require(workerData.human);
const sharp = require(workerData.sharp);
const human = new H.Human({
  backend: 'wasm',
  wasmPath: workerData.wasmDir,
  modelBasePath: workerData.modelBase,
  debug: false,
  cacheSensitivity: 0,
  filter: { enabled: false },
  face: {
    enabled: true,
    detector: { rotation: false, maxDetected: workerData.maxFaces, minConfidence: workerData.minConfidence, skipFrames: 0, skipTime: 0, return: false },
    mesh: { enabled: true },
    iris: { enabled: false },
    description: { enabled: true, skipFrames: 0, skipTime: 0 },
    emotion: { enabled: false },
    antispoof: { enabled: false },
    liveness: { enabled: false },
    attention: { enabled: false },
  },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  gesture: { enabled: false },
  segmentation: { enabled: false },
});
const ready = human.load();
let chain = Promise.resolve();
parentPort.on('message', (m) => {
  chain = chain.then(async () => {
    const t0 = performance.now();
    try {
      await ready;
      const { data, info } = await sharp(m.path, { limitInputPixels: workerData.maxPixels })
        .rotate()
        .resize(workerData.maxSide, workerData.maxSide, { fit: 'inside', withoutEnlargement: true })
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const input = human.tf.tensor(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), [1, info.height, info.width, 3], 'int32');
      let result;
      try {
        result = await human.detect(input);
      } finally {
        input.dispose();
      }
      const faces = result.face
        .filter((f) => Array.isArray(f.embedding) ? f.embedding.length > 0 : f.embedding && f.embedding.length > 0)
        .map((f) => ({
          box: [f.box[0] / info.width, f.box[1] / info.height, f.box[2] / info.width, f.box[3] / info.height],
          score: f.score,
          embedding: Array.from(f.embedding),
        }));
      parentPort.postMessage({ id: m.id, ok: true, faces, ms: performance.now() - t0 });
    } catch (err) {
      parentPort.postMessage({ id: m.id, ok: false, error: err && err.message ? err.message : String(err) });
    }
  });
});
`;

function locate(): Pick<WorkerData, 'human' | 'sharp' | 'modelBase' | 'wasmDir'> {
  const req = createRequire(__filename);
  // The package's export map has no entry for its WASM build; it sits beside the default Node build.
  const human = join(dirname(req.resolve('@vladmandic/human')), 'human.node-wasm.js');
  const wasmDir = dirname(req.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  return {
    human,
    sharp: req.resolve('sharp'),
    modelBase: pathToFileURL(join(dirname(human), '..', 'models')).href + '/',
    wasmDir: wasmDir + '/',
  };
}

/**
 * Face detection and description on a worker thread, so the server's event
 * loop never waits for a model. Photos are analysed one at a time in the
 * order asked; the first call pays for loading the models (about half a
 * second).
 */
export class FaceAnalyzer {
  private worker: Worker | null = null;
  private next = 1;
  private readonly pending = new Map<number, { ok: (r: AnalysedPhoto) => void; fail: (e: Error) => void }>();

  constructor(private readonly options: FaceAnalyzerOptions = {}) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const data: WorkerData = {
      ...locate(),
      maxSide: this.options.maxSide ?? 1280,
      minConfidence: this.options.minConfidence ?? 0.5,
      maxFaces: this.options.maxFaces ?? 20,
      maxPixels: PHOTO_LIMITS.maxPixels,
    };
    const w = new Worker(workerSource, { eval: true, workerData: data });
    w.unref();
    w.on('message', (r: Reply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (!r.ok) return p.fail(new Error(`face analysis failed: ${r.error}`));
      p.ok({
        ms: r.ms,
        faces: r.faces
          .filter((f) => f.embedding.length === FACE_DIM)
          .map((f) => ({ box: f.box as [number, number, number, number], score: f.score, embedding: normalize(f.embedding) })),
      });
    });
    const failAll = (err: Error) => {
      for (const p of this.pending.values()) p.fail(err);
      this.pending.clear();
      this.worker = null;
    };
    w.on('error', (err) => failAll(err));
    w.on('exit', (code) => failAll(new Error(`face analysis worker stopped (exit code ${code})`)));
    this.worker = w;
    return w;
  }

  /** Finds the faces in an image file and describes each. */
  analyse(path: string): Promise<AnalysedPhoto> {
    const w = this.start();
    const id = this.next++;
    return new Promise<AnalysedPhoto>((ok, fail) => {
      this.pending.set(id, { ok, fail });
      w.ref();
      w.postMessage({ id, path });
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
