import { useCytoscape, type DrawnInfo, type GraphElement, type LayoutName, type RendererMode } from '@homeward/graph-view';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

const KINDS = ['PERSON', 'VEHICLE', 'LOCATION', 'SIGHTING', 'PHONE'];
const LINKS = ['SEEN_WITH', 'DRIVES', 'SIGHTED_AT', 'SIGHTING_OF', 'CONTACTED'];

/** A case-shaped graph: a few hubs (the child, suspects), clusters around them, some cross links. */
function generate(n: number, seed = 7): GraphElement[] {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const out: GraphElement[] = [];
  for (let i = 0; i < n; i++) {
    const kind = KINDS[i % KINDS.length]!;
    out.push({
      group: 'nodes',
      data: { id: `n${i}`, kind, display: `${kind.toLowerCase()} ${i}`, role: i === 0 ? 'MISSING_CHILD' : null },
    });
  }
  let e = 0;
  for (let i = 1; i < n; i++) {
    const parent = Math.floor(rnd() * Math.min(i, Math.max(10, i / 3)));
    out.push({
      group: 'edges',
      data: { id: `e${e++}`, source: `n${i}`, target: `n${parent}`, type: LINKS[e % LINKS.length]!, display: '' },
    });
  }
  for (let k = 0; k < n / 5; k++) {
    const a = Math.floor(rnd() * n);
    const b = Math.floor(rnd() * n);
    if (a !== b)
      out.push({ group: 'edges', data: { id: `e${e++}`, source: `n${a}`, target: `n${b}`, type: LINKS[e % LINKS.length]!, display: '' } });
  }
  return out;
}

export interface RunOptions {
  readonly renderer?: RendererMode;
  readonly layout?: LayoutName;
}
type RunResult = DrawnInfo & { total: number };

interface PerfWindow {
  perfRun?: (n: number, opts?: RunOptions) => Promise<RunResult>;
  perfCy?: unknown;
}

function Graph({ n, opts, done }: { n: number; opts: RunOptions; done: (r: RunResult) => void }) {
  const [elements] = useState(() => generate(n));
  const [t0] = useState(() => performance.now());
  const { containerRef, cy } = useCytoscape({
    elements,
    layout: { name: opts.layout ?? 'fcose', key: 0 },
    renderer: opts.renderer ?? 'auto',
    onDrawn: (info) => done({ ...info, total: performance.now() - t0 }),
  });
  useEffect(() => {
    (window as PerfWindow).perfCy = cy;
  }, [cy]);
  return <div id="g" ref={containerRef} />;
}

function App() {
  const [run, setRun] = useState<{ n: number; opts: RunOptions; key: number; resolve: (r: RunResult) => void } | null>(null);
  useEffect(() => {
    (window as PerfWindow).perfRun = (n: number, opts: RunOptions = {}) =>
      new Promise((resolve) => setRun((r) => ({ n, opts, key: (r?.key ?? 0) + 1, resolve })));
  }, []);
  return run ? <Graph key={run.key} n={run.n} opts={run.opts} done={run.resolve} /> : null;
}

createRoot(document.getElementById('root')!).render(<App />);
