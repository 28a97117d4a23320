// Preloaded into the built server by tests/perf/audit-overhead.mjs only
// (`node --import ./tests/perf/audit-overhead-shim.mjs main.js`): the
// embedded audit trail's append() resolves at once without writing, so the
// same build can be timed with and without the cost of auditing and the
// server itself needs no switch that turns its audit trail off.
//
// The server imports @homeward/audit (CommonJS) from ESM, which copies the
// exports when it first loads the module; loading and patching it here,
// first, is what the server then gets.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(new URL('../../package.json', import.meta.url));
const auditIndex = require.resolve('@homeward/audit');
const embedded = require(join(dirname(auditIndex), 'embedded.js'));
require(auditIndex);

const open = embedded.openEmbeddedAuditTrail;
let seq = 0;
embedded.openEmbeddedAuditTrail = (db, options) => {
  const trail = open(db, options);
  return {
    ...trail,
    async append(entry) {
      seq += 1;
      return {
        ...entry,
        seq,
        id: `unaudited-${seq}`,
        at: new Date().toISOString(),
        prevHash: '',
        hash: '',
        details: entry.details ?? null,
      };
    },
  };
};
if (process.env.AUDIT_OVERHEAD_SHIM_CHECK) console.log('audit shim: append() does not write');
