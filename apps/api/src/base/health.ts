import type { Request, Response } from 'express';
import type { ClusterBus } from './cluster.js';
import type { AppStores } from './stores.js';

/** A probe slower than this counts as down (a load balancer's check must not hang). */
const PROBE_TIMEOUT_MS = 2000;

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

/**
 * `/healthz`: 200 only when the store (Neo4j, or the embedded file) and, with
 * several replicas, Redis answer; else 503 naming what failed (no details,
 * no addresses). `/readyz`: the same, and 503 while the process drains on
 * SIGTERM, so that a load balancer sends it nothing new.
 */
export function healthHandlers(stores: AppStores, cluster: ClusterBus | null, draining: () => boolean) {
  const check = async (): Promise<string[]> => {
    const failing: string[] = [];
    const probes: Array<Promise<void>> = [
      within(stores.accounts.userCount(), PROBE_TIMEOUT_MS).then(
        () => undefined,
        () => void failing.push(stores.kind === 'embedded' ? 'store' : 'neo4j'),
      ),
    ];
    if (cluster) probes.push(within(cluster.ping(), PROBE_TIMEOUT_MS).catch(() => void failing.push('redis')));
    await Promise.all(probes);
    return failing;
  };
  const answer = async (res: Response, drainingToo: boolean) => {
    res.setHeader('Cache-Control', 'no-store');
    if (drainingToo && draining()) return void res.status(503).json({ status: 'draining' });
    const failing = await check();
    if (failing.length > 0) return void res.status(503).json({ status: 'unavailable', failing });
    res.json({ status: 'ok' });
  };
  return {
    healthz: (_req: Request, res: Response) => void answer(res, false),
    readyz: (_req: Request, res: Response) => void answer(res, true),
  };
}
