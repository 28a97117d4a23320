import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { connect, synced, until } from './helpers';

const SRC = resolve(__dirname, '..');
const NODE_MODULES = resolve(__dirname, '../../../../node_modules');

// The server under test runs as a separate process so it can really be
// killed. Node 20 cannot run TypeScript, so the library is transpiled to a
// temp dir (nothing depends on a prior build).
function transpileLibrary(out: string): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return name === '__tests__' ? [] : walk(p);
      return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
    });
  for (const file of walk(SRC)) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    const target = join(out, relative(SRC, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  writeFileSync(
    join(out, 'main.cjs'),
    `const http = require('node:http');
const Database = require('better-sqlite3');
const { CollabServer } = require('./server.js');
const { openEmbeddedDocumentStore } = require('./store/embedded.js');
const db = new Database(process.argv[2]);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const store = openEmbeddedDocumentStore(db);
const auth = {
  authenticate: async (t) => (t.startsWith('tok-') ? { userId: t.split('-')[1], displayName: 'x' } : null),
  authorizeCase: async () => 'ok',
};
const collab = new CollabServer({ store, auth, log: () => {} });
const server = http.createServer();
server.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('SIGTERM', async () => {
  await collab.close();
  await store.close();
  db.close();
  server.close();
  process.exit(0);
});
`,
  );
}

let dir: string;
let lib: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'collab-crash-'));
  lib = join(dir, 'lib');
  transpileLibrary(lib);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function startChild(dbFile: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(lib, 'main.cjs'), dbFile], {
    env: { ...process.env, NODE_PATH: NODE_MODULES },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((res, rej) => {
    createInterface({ input: child.stdout! }).once('line', res);
    child.once('exit', (code) => rej(new Error(`server exited (${code})`)));
  });
  const { port } = JSON.parse(line) as { port: number };
  return { child, url: `ws://127.0.0.1:${port}/collab` };
}
const exited = (child: ChildProcess) => new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

describe('a killed server loses no relayed update', () => {
  it('kill -9 right after a relay, restart: everything any client saw is there', async () => {
    const dbFile = join(dir, 'kill.db');
    const first = await startChild(dbFile);
    const providers: WebsocketProvider[] = [];
    try {
      const a = connect(first.url, 'cases/c1/timeline', 'alice');
      const b = connect(first.url, 'cases/c1/timeline', 'bob');
      providers.push(a, b);
      await Promise.all([synced(a), synced(b)]);
      const events = a.doc.getArray<Y.Map<unknown>>('events');
      for (let i = 0; i < 40; i++)
        events.push([
          new Y.Map<unknown>([
            ['id', `e${i}`],
            ['at', '2025-01-01T00:00:00Z'],
            ['title', `t${i}`],
          ]),
        ]);
      // Kill the moment the other client has observed the last relay.
      await until(() => b.doc.getArray('events').length === 40, 'relay of the last update', 10_000);
      first.child.kill('SIGKILL');
      await exited(first.child);
      const seen = b.doc.getArray<Y.Map<unknown>>('events').map((m) => m.get('id'));
      for (const p of providers.splice(0)) p.destroy();

      const second = await startChild(dbFile);
      try {
        const c = connect(second.url, 'cases/c1/timeline', 'carol');
        providers.push(c);
        await synced(c);
        const after = c.doc.getArray<Y.Map<unknown>>('events').map((m) => m.get('id'));
        expect(after).toEqual(seen);
        expect(after).toHaveLength(40);
      } finally {
        for (const p of providers.splice(0)) p.destroy();
        second.child.kill('SIGKILL');
        await exited(second.child);
      }
    } finally {
      for (const p of providers) p.destroy();
      first.child.kill('SIGKILL');
    }
  });

  it('SIGTERM flushes, snapshots and exits cleanly', async () => {
    const dbFile = join(dir, 'term.db');
    const { child, url } = await startChild(dbFile);
    const a = connect(url, 'cases/c2/notes', 'alice');
    try {
      await synced(a);
      a.doc.getText('notes').insert(0, 'last words');
      await new Promise((r) => setTimeout(r, 100));
      const code = exited(child);
      child.kill('SIGTERM');
      expect(await code).toBe(0);
    } finally {
      a.destroy();
    }
    const db = new Database(dbFile, { readonly: true });
    const snap = db.prepare<[string], { seq: number }>('SELECT seq FROM collab_snapshot WHERE room = ?').get('cases/c2/notes');
    db.close();
    expect(snap?.seq).toBe(1);
  });
});
