import type { CytoscapeOptions } from 'cytoscape';

/**
 * `auto` picks WebGL for graphs above WEBGL_MIN_NODES when the browser can
 * give a WebGL 2 context, and the canvas renderer otherwise.
 */
export type RendererMode = 'auto' | 'canvas' | 'webgl';

/**
 * Below this the canvas renderer draws fast enough and keeps the crispest
 * text; above it, redrawing every node on each frame at the end of a pan or
 * zoom is what makes the canvas renderer stutter.
 */
export const WEBGL_MIN_NODES = 200;

let webgl2: boolean | null = null;

/** Rasterisers that run WebGL on the CPU (no GPU, GPU blocklisted, remote desktops). */
const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

/**
 * Whether a hardware WebGL 2 context can be made. Cytoscape throws from its
 * constructor when WebGL is asked for and the context cannot be created, so
 * the answer has to be known before the instance is built. Software WebGL
 * counts as unavailable: measured in Chromium without a GPU (SwiftShader),
 * Cytoscape's WebGL renderer drew 5,000 nodes with frames up to 3.7 s while
 * its canvas renderer stayed under 1 s; `failIfMajorPerformanceCaveat` does
 * not catch SwiftShader, hence the renderer name.
 */
export function webglSupported(): boolean {
  if (webgl2 !== null) return webgl2;
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2', { failIfMajorPerformanceCaveat: true });
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    const name = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    webgl2 = gl !== null && !SOFTWARE_GL.test(name);
    // Browsers cap live contexts (about 16); a probe must not hold one.
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
  } catch {
    webgl2 = false;
  }
  return webgl2;
}

/** `webgl` forces it wherever a context can be made at all, software or not (for measuring). */
export function wantWebgl(mode: RendererMode, nodeCount: number): boolean {
  if (mode === 'canvas') return false;
  if (mode === 'webgl') return anyWebgl();
  if (nodeCount <= WEBGL_MIN_NODES) return false;
  return webglSupported();
}

let anyWebgl2: boolean | null = null;
function anyWebgl(): boolean {
  if (anyWebgl2 === null) {
    try {
      const gl = document.createElement('canvas').getContext('webgl2');
      anyWebgl2 = gl !== null;
      gl?.getExtension('WEBGL_lose_context')?.loseContext();
    } catch {
      anyWebgl2 = false;
    }
  }
  return anyWebgl2;
}

export type RendererOptions = Pick<
  CytoscapeOptions,
  | 'textureOnViewport'
  | 'hideEdgesOnViewport'
  | 'hideLabelsOnViewport'
  | 'motionBlur'
  | 'pixelRatio'
  | 'webgl'
  | 'webglTexSize'
  | 'webglTexRows'
  | 'webglBatchSize'
  | 'webglTexPerBatch'
>;

export function rendererOptions({ large, webgl }: { large: boolean; webgl: boolean }): RendererOptions {
  if (webgl) {
    return {
      webgl: true,
      // The WebGL renderer redraws from its texture atlases every frame, so the
      // canvas renderer's viewport shortcuts would only make the picture blink.
      textureOnViewport: false,
      hideEdgesOnViewport: false,
      hideLabelsOnViewport: false,
      motionBlur: false,
      pixelRatio: large ? 1 : 'auto',
      // Fewer, larger batches: each batch is a draw call, and draw calls are
      // what costs most when WebGL runs in software (SwiftShader, no GPU).
      webglTexSize: 4096,
      webglBatchSize: 4096,
      webglTexPerBatch: 16,
    };
  }
  // Big graphs are drawn by the batch renderer (batch-renderer.ts) in a few
  // milliseconds a frame, so every pan and zoom frame is a real redraw: no
  // texture to build when a gesture starts (a full draw at twice the size)
  // and no edges popping out and back.
  return {
    textureOnViewport: false,
    hideEdgesOnViewport: false,
    hideLabelsOnViewport: large,
    motionBlur: false,
    pixelRatio: large ? 1 : 'auto',
  };
}
