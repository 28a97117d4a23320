import { useCytoscape, type GraphElement } from '@homeward/graph-view';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

const KINDS = ['PERSON', 'VEHICLE', 'LOCATION', 'SIGHTING', 'PHONE'];
const LINKS = ['SEEN_WITH', 'DRIVES', 'SIGHTED_AT', 'SIGHTING_OF', 'CONTACTED'];

/** A case-shaped graph: a few hubs (the child, suspects), clusters around them, some cross links. */
function generate(n: number, seed = 7): GraphElement[] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const out: GraphElement[] = [];
  for (let i = 0; i < n; i++) {
    const kind = KINDS[i % KINDS.length]!;
    out.push({ group: 'nodes', data: { id: `n${i}`, kind, display: `${kind.toLowerCase()} ${i}`, role: i === 0 ? 'MISSING_CHILD' : null } });
  }
  let e = 0;
  for (let i = 1; i < n; i++) {
    const parent = Math.floor(rnd() * Math.min(i, Math.max(10, i / 3)));
    out.push({ group: 'edges', data: { id: `e${e++}`, source: `n${i}`, target: `n${parent}`, type: LINKS[e % LINKS.length]!, display: '' } });
  }
  for (let k = 0; k < n / 5; k++) {
    const a = Math.floor(rnd() * n);
    const b = Math.floor(rnd() * n);
    if (a !== b) out.push({ group: 'edges', data: { id: `e${e++}`, source: `n${a}`, target: `n${b}`, type: LINKS[e % LINKS.length]!, display: '' } });
  }
  return out;
}

interface PerfWindow {
  perfRun?: (n: number) => Promise<{ ms: number; nodes: number }>;
  perfCy?: unknown;
}

function Graph({ n, done }: { n: number; done: (r: { ms: number; nodes: number }) => void }) {
  const [elements] = useState(() => generate(n));
  const [t0] = useState(() => performance.now());
  const { containerRef, cy } = useCytoscape({
    elements,
    layout: { name: 'fcose', key: 0 },
    onDrawn: ({ nodes }) => done({ ms: performance.now() - t0, nodes }),
  });
  useEffect(() => {
    (window as PerfWindow).perfCy = cy;
  }, [cy]);
  return <div id="g" ref={containerRef} />;
}

function App() {
  const [run, setRun] = useState<{ n: number; key: number; resolve: (r: { ms: number; nodes: number }) => void } | null>(null);
  useEffect(() => {
    (window as PerfWindow).perfRun = (n: number) => new Promise((resolve) => setRun((r) => ({ n, key: (r?.key ?? 0) + 1, resolve })));
  }, []);
  return run ? <Graph key={run.key} n={run.n} done={run.resolve} /> : null;
}

createRoot(document.getElementById('root')!).render(<App />);
