// Audit trail benchmark against the budgets of the audit requirement:
// verifying 1,000,000 records takes <= 10 s, and appending stays far below a
// millisecond so auditing adds <= 10 % to a mutation.
//
//   npx tsc -b libs/audit && node tests/perf/audit-bench.mjs
//   AUDIT_BENCH_N=200000 AUDIT_BENCH_APPENDS=5000 node tests/perf/audit-bench.mjs
//
// Uses a temporary SQLite file opened with the embedded store's pragmas and
// removes it afterwards. Exits non-zero when a budget is missed.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const N = Number(process.env.AUDIT_BENCH_N ?? 1_000_000);
const APPENDS = Number(process.env.AUDIT_BENCH_APPENDS ?? 10_000);
const VERIFY_BUDGET_S = 10;
const VERIFY_BUDGET_RECORDS = 1_000_000;
// "Append well under a millisecond" is judged on the median; the tail is reported, not judged, because it is
// dominated by the shared database's WAL checkpoints and by whatever else the machine runs.
const APPEND_P50_BUDGET_MS = 0.5;

async function loadAudit() {
  try {
    return await import('@homeward/audit');
  } catch (err) {
    // Before `npm install` links the new workspace package, fall back to its build output.
    if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    const dist = fileURLToPath(new URL('../../libs/audit/dist/index.js', import.meta.url));
    try {
      statSync(dist);
    } catch {
      throw new Error('libs/audit is not built: run `npx tsc -b libs/audit` first');
    }
    return import(dist);
  }
}

const { openEmbeddedAuditTrail } = await loadAudit();

const ACTIONS = ['graph.addPerson', 'case.read', 'graph.updateEntity', 'auth.login', 'collab.open', 'case.export'];

/** A realistic mix: most entries name a case and target, some carry a purpose and details. */
function entry(i) {
  return {
    action: ACTIONS[i % ACTIONS.length],
    outcome: i % 50 === 0 ? 'denied' : 'success',
    actorId: `usr_${i % 300}`,
    actorEmail: `investigator${i % 300}@agency${i % 12}.example`,
    agencyId: `agc_${i % 12}`,
    targetType: 'Person',
    targetId: `ent_${i}`,
    caseId: `case_${i % 2000}`,
    purpose: i % 7 === 0 ? 'follow-up on a reported sighting near the station' : null,
    details: i % 3 === 0 ? { kind: 'PERSON', fields: 4, source: 'phone call' } : undefined,
  };
}

function* entries(from, count) {
  for (let i = from; i < from + count; i += 1) yield entry(i);
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

const dir = mkdtempSync(join(tmpdir(), 'homeward-audit-bench-'));
const file = join(dir, 'homeward.db');
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('cache_size = -65536');
db.pragma('temp_store = MEMORY');

const ms = (x) => `${(x * 1000).toFixed(0)} µs`;

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((v, c) => (c === 0 ? String(v).padEnd(widths[c]) : String(v).padStart(widths[c]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

/** One verification, timed in wall clock and in process CPU (which counts the worker threads too). */
async function timeVerify(trail) {
  let progress = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await trail.verify(() => {
    progress += 1;
  });
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { result, wallS, cpuS: (cpu.user + cpu.system) / 1e6, progress };
}

let failed = false;
const load0 = loadavg()[0];
try {
  const trail = openEmbeddedAuditTrail(db);

  let t0 = performance.now();
  const BATCH = 50_000;
  for (let done = 0; done < N; done += BATCH) trail.appendMany(entries(done, Math.min(BATCH, N - done)));
  const fillS = (performance.now() - t0) / 1000;

  const lat = new Float64Array(APPENDS);
  for (let i = 0; i < APPENDS; i += 1) {
    const s = performance.now();
    await trail.append(entry(N + i));
    lat[i] = performance.now() - s;
  }
  const sorted = Array.from(lat).sort((a, b) => a - b);
  const p50 = quantile(sorted, 0.5);
  const appendOk = p50 <= APPEND_P50_BUDGET_MS;
  failed ||= !appendOk;

  const total = await trail.count();
  const loadVerify = loadavg()[0];
  // The default (worker threads where the chain is long enough) is what the budget is about; in-thread is shown for comparison.
  const runs = [
    ['verify(), default workers', await timeVerify(trail)],
    ['verify(), in-thread', await timeVerify(openEmbeddedAuditTrail(db, { verifyWorkers: 0 }))],
  ];
  const verdicts = runs.map(([, r]) => {
    const projectedS = VERIFY_BUDGET_RECORDS / (r.result.checked / r.wallS);
    return { projectedS, ok: r.result.intact && r.result.checked === total && projectedS <= VERIFY_BUDGET_S };
  });
  failed ||= !verdicts[0].ok;

  console.log(
    `audit trail benchmark: ${N.toLocaleString('en')} records bulk-appended in ${fillS.toFixed(1)} s, ` +
      `then ${APPENDS.toLocaleString('en')} single appends; ${total.toLocaleString('en')} records verified`,
  );
  console.log(
    `load average ${load0.toFixed(2)} at start, ${loadVerify.toFixed(2)} before verifying, ` +
      `${loadavg()[0].toFixed(2)} at end, on ${availableParallelism()} cores\n`,
  );
  table([
    ['append(), one transaction each', 'p50', 'p99', 'p99.9', 'max', `budget p50 <= ${APPEND_P50_BUDGET_MS} ms`],
    ['', ms(p50), ms(quantile(sorted, 0.99)), ms(quantile(sorted, 0.999)), ms(sorted.at(-1)), appendOk ? 'PASS' : 'FAIL'],
  ]);
  console.log('');
  table([
    ['', 'wall', 'process CPU', 'records/s', 'per 1M records', 'intact', 'progress calls', `budget ${VERIFY_BUDGET_S} s / 1M`],
    ...runs.map(([label, r], i) => [
      label,
      `${r.wallS.toFixed(2)} s`,
      `${r.cpuS.toFixed(2)} s`,
      Math.round(r.result.checked / r.wallS).toLocaleString('en'),
      `${verdicts[i].projectedS.toFixed(2)} s`,
      String(r.result.intact),
      String(r.progress),
      i === 0 ? (verdicts[i].ok ? 'PASS' : 'FAIL') : verdicts[i].ok ? '(pass)' : '(fail)',
    ]),
  ]);
  console.log(
    `\ndatabase file ${(statSync(file).size / 1024 / 1024).toFixed(0)} MiB, rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`,
  );
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
