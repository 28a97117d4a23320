import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import sharp from 'sharp';
import { exifGps, exifWithGps } from '../../libs/media/src/exif-gps';
import { gql, login, startServer, type RunningServer } from './harness';

/**
 * Tips from the public on the built server: the page's form (proof of work,
 * rate limits, a photo whose EXIF position is read and removed), the tips
 * inbox live over graphql-ws, and an investigator's decisions, a tip
 * becoming a sighting of the child.
 */
let server: RunningServer;
const token: Record<string, string> = {};
let ana: string;
let anaChild: string;
let pub: { id: string; path: string };

const POW_BITS = 8;

function solve(challenge: string, bits = POW_BITS): string {
  for (let n = 0; ; n++) {
    const h = createHash('sha256').update(`${challenge}:${n}`).digest();
    let z = 0;
    for (const b of h) {
      if (b === 0) {
        z += 8;
        continue;
      }
      z += Math.clz32(b) - 24;
      break;
    }
    if (z >= bits) return String(n);
  }
}

async function challengeOf(srv: RunningServer, path: string): Promise<string> {
  const html = await (await fetch(`${srv.url}${path}`)).text();
  return /data-challenge="([^"]+)"/.exec(html)![1];
}

async function jpegWithGps(lat: number, lon: number): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a6' } })
    .jpeg()
    .toBuffer();
  const exif = exifWithGps({ lat, lon });
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(exif.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, exif, jpeg.subarray(2)]);
}

async function sendTip(
  srv: RunningServer,
  path: string,
  fields: Record<string, string>,
  opts: { challenge?: string; solution?: string; photo?: Buffer } = {},
): Promise<{ status: number; body: string }> {
  const challenge = opts.challenge ?? (await challengeOf(srv, path));
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('challenge', challenge);
  form.set('solution', opts.solution ?? solve(challenge));
  if (opts.photo) form.set('photo', new Blob([new Uint8Array(opts.photo)], { type: 'image/jpeg' }), 'tip.jpg');
  const res = await fetch(`${srv.url}${path}/tips`, { method: 'POST', body: form });
  return { status: res.status, body: await res.text() };
}

const TIPS = `query($c:ID!){ caseTips(caseId:$c){ id status channel late what place latitude longitude hasPhoto photoLatitude photoLongitude
  seenAt callerPhone hotline receivedBy sightingId reason } }`;

async function tips(caseId: string, who = 'investigator.gt') {
  const r = await gql(server.url, TIPS, { c: caseId }, token[who]);
  expect(r.errors).toBeUndefined();
  return r.data!.caseTips as Array<Record<string, any>>;
}

beforeAll(async () => {
  server = await startServer({
    env: { PUBLIC_POW_BITS: String(POW_BITS), PUBLIC_TIP_LIMITS: 'address=100/600,page=100/3600' },
    startTimeoutMs: 120_000,
  });
  for (const who of ['investigator.gt', 'supervisor.gt', 'analyst.mx', 'ngo.es']) token[who] = await login(server.url, `${who}@demo.local`);
  const list = await gql(server.url, '{ cases { id reference } }', {}, token['supervisor.gt']);
  ana = list.data!.cases.find((c: { reference: string }) => c.reference === 'GT-2026-0001').id;
  const r = await gql(
    server.url,
    'mutation($c:ID!){ publishChild(caseId:$c, input:{ fields:[NAME, AGE], languages:["en","es"] }){ id path personId } }',
    { c: ana },
    token['supervisor.gt'],
  );
  expect(r.errors).toBeUndefined();
  pub = r.data!.publishChild;
  anaChild = r.data!.publishChild.personId;
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

describe('the tip form', () => {
  it('refuses a tip without the proof of work, or with a challenge of another page, and keeps nothing', async () => {
    const before = (await tips(ana)).length;
    const challenge = await challengeOf(server, pub.path);
    const none = await sendTip(server, pub.path, { what: 'no work' }, { challenge, solution: '' });
    expect(none.status).toBe(403);
    expect(none.body).toContain('solution');
    const forged = await sendTip(
      server,
      pub.path,
      { what: 'forged' },
      { challenge: challenge.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) },
    );
    expect(forged.status).toBe(403);
    const missing = await sendTip(server, pub.path, { what: '' });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('what: is required');
    expect((await tips(ana)).length).toBe(before);
  });

  it('a challenge is good once', async () => {
    const challenge = await challengeOf(server, pub.path);
    expect((await sendTip(server, pub.path, { what: 'first use' }, { challenge })).status).toBe(201);
    const again = await sendTip(server, pub.path, { what: 'replayed' }, { challenge });
    expect(again.status).toBe(403);
    expect(again.body).toContain('already used');
  });

  it('arrives in the inbox live, with the photo’s EXIF position read into the tip and removed from the photo', async () => {
    const client = createClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token['investigator.gt']}` },
      retryAttempts: 0,
    });
    const received: Array<{ tipId: string }> = [];
    const subscribed = new Promise<void>((resolve, reject) => {
      client.subscribe(
        { query: 'subscription($c:ID!){ tipsChanged(caseId:$c){ caseId tipId } }', variables: { c: ana } },
        { next: (m) => received.push((m.data as any).tipsChanged), error: reject, complete: () => undefined },
      );
      setTimeout(resolve, 500);
    });
    await subscribed;
    const sent = await sendTip(
      server,
      pub.path,
      {
        what: 'A girl like her at the bus stop with a man',
        when: '2026-03-02T10:30',
        // What the page's script adds: the sender's zone, to read the time in.
        zone: 'America/Guatemala',
        where: 'Parada Trébol',
        contact: 'maria@example.org',
      },
      { photo: await jpegWithGps(14.6218, -90.5269) },
    );
    expect(sent.status).toBe(201);
    expect(sent.body).toContain('Thank you');
    const deadline = Date.now() + 5000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    client.dispose();
    expect(received).toHaveLength(1);
    const tip = (await tips(ana)).find((t) => t.id === received[0].tipId)!;
    expect(tip).toMatchObject({ status: 'NEW', channel: 'PUBLIC', late: false, place: 'Parada Trébol', hasPhoto: true, latitude: null });
    expect(tip.seenAt).toBe('2026-03-02T16:30:00.000Z');
    expect(tip.photoLatitude).toBeCloseTo(14.6218, 3);
    expect(tip.photoLongitude).toBeCloseTo(-90.5269, 3);
    const photo = await fetch(`${server.url}/media/tips/${tip.id}/photo`, {
      headers: { authorization: `Bearer ${token['investigator.gt']}` },
    });
    expect(photo.status).toBe(200);
    const bytes = Buffer.from(await photo.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(exifGps(meta.exif)).toBeNull();
    expect((await fetch(`${server.url}/media/tips/${tip.id}/photo`)).status).toBe(401);
    expect(
      (await fetch(`${server.url}/media/tips/${tip.id}/photo`, { headers: { authorization: `Bearer ${token['ngo.es']}` } })).status,
    ).toBe(404);
    // Members who decide on tips are told in their notifications inbox; an analyst of the case is not.
    const inbox = async (who: string) =>
      (await gql(server.url, '{ notifications { items { kind caseId params } } }', {}, token[who])).data!.notifications.items as Array<{
        kind: string;
        caseId: string;
        params: Record<string, string>;
      }>;
    const deadlineInbox = Date.now() + 5000;
    let told = await inbox('investigator.gt');
    while (!told.some((n) => n.kind === 'TIP_RECEIVED' && n.params.tipId === tip.id) && Date.now() < deadlineInbox) {
      await new Promise((r) => setTimeout(r, 100));
      told = await inbox('investigator.gt');
    }
    expect(told.find((n) => n.params.tipId === tip.id)).toMatchObject({ kind: 'TIP_RECEIVED', caseId: ana });
    expect((await inbox('analyst.mx')).some((n) => n.kind === 'TIP_RECEIVED')).toBe(false);
    // The inbox is members' only.
    const outsider = await gql(server.url, TIPS, { c: ana }, token['ngo.es']);
    expect(outsider.errors![0].extensions!.code).toBe('NOT_FOUND');
  });
});

describe('deciding on a tip', () => {
  it('accepting makes a sighting of the child at the tip’s place, graded F4 with the tip as source', async () => {
    expect(
      (await sendTip(server, pub.path, { what: 'Saw her in the park', latitude: '14.6', longitude: '-90.51', where: 'Parque Central' }))
        .status,
    ).toBe(201);
    const tip = (await tips(ana)).find((t) => t.what === 'Saw her in the park')!;
    const denied = await gql(server.url, 'mutation($id:ID!){ acceptTip(id:$id){ id } }', { id: tip.id }, token['analyst.mx']);
    expect(denied.errors![0].extensions!.code).toBe('FORBIDDEN');
    const r = await gql(
      server.url,
      'mutation($id:ID!){ acceptTip(id:$id){ status sightingId } }',
      { id: tip.id },
      token['investigator.gt'],
    );
    expect(r.errors).toBeUndefined();
    const { status, sightingId } = r.data!.acceptTip;
    expect(status).toBe('ACCEPTED');
    const g = await gql(
      server.url,
      'query($c:ID!){ caseGraph(caseId:$c){ nodes { id kind label source reliability } edges { source target type credibility } } }',
      { c: ana },
      token['investigator.gt'],
    );
    const nodes = g.data!.caseGraph.nodes as Array<any>;
    const sighting = nodes.find((n) => n.id === sightingId);
    expect(sighting.kind).toBe('SIGHTING');
    expect([sighting.source, sighting.reliability]).toEqual([`tip ${tip.id}`, 'F']);
    const edges = g.data!.caseGraph.edges as Array<any>;
    const of = edges.find((e) => e.source === sightingId && e.type === 'SIGHTING_OF');
    expect(of.target).toBe(anaChild);
    expect(of.credibility).toBe(4);
    const at = edges.find((e) => e.source === sightingId && e.type === 'SIGHTED_AT');
    expect(nodes.find((n) => n.id === at.target).label).toBe('Parque Central');
    const twice = await gql(server.url, 'mutation($id:ID!){ acceptTip(id:$id){ id } }', { id: tip.id }, token['investigator.gt']);
    expect(twice.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('a tip without a position needs one to be accepted; it can be merged into a sighting or dismissed with a reason', async () => {
    expect((await sendTip(server, pub.path, { what: 'No place given' })).status).toBe(201);
    expect((await sendTip(server, pub.path, { what: 'Nonsense' })).status).toBe(201);
    const all = await tips(ana);
    const noPlace = all.find((t) => t.what === 'No place given')!;
    const nonsense = all.find((t) => t.what === 'Nonsense')!;
    const accept = await gql(server.url, 'mutation($id:ID!){ acceptTip(id:$id){ id } }', { id: noPlace.id }, token['investigator.gt']);
    expect(accept.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.locationId' });
    const existing = all.find((t) => t.status === 'ACCEPTED')!.sightingId;
    const merged = await gql(
      server.url,
      'mutation($id:ID!,$s:ID!){ mergeTip(id:$id, sightingId:$s){ status sightingId } }',
      { id: noPlace.id, s: existing },
      token['investigator.gt'],
    );
    expect(merged.data!.mergeTip).toEqual({ status: 'MERGED', sightingId: existing });
    const noReason = await gql(
      server.url,
      'mutation($id:ID!){ dismissTip(id:$id, reason:" "){ id } }',
      { id: nonsense.id },
      token['investigator.gt'],
    );
    expect(noReason.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const dismissed = await gql(
      server.url,
      'mutation($id:ID!){ dismissTip(id:$id, reason:"Spam"){ status reason } }',
      { id: nonsense.id },
      token['investigator.gt'],
    );
    expect(dismissed.data!.dismissTip).toEqual({ status: 'DISMISSED', reason: 'Spam' });
  });

  it('a call-taker records a hotline tip with the caller’s phone and the hotline; an analyst may not', async () => {
    const q = `mutation($c:ID!,$i:HotlineTipInput!){ takeHotlineTip(caseId:$c, input:$i){ id channel callerPhone hotline receivedBy publicationId } }`;
    const input = { what: 'Caller saw the child at the market', callerPhone: '+502 5555 1234', hotline: '116 000', place: 'Mercado' };
    const denied = await gql(server.url, q, { c: ana, i: input }, token['analyst.mx']);
    expect(denied.errors![0].extensions!.code).toBe('FORBIDDEN');
    const r = await gql(server.url, q, { c: ana, i: input }, token['investigator.gt']);
    expect(r.errors).toBeUndefined();
    expect(r.data!.takeHotlineTip).toMatchObject({
      channel: 'HOTLINE',
      callerPhone: '+502 5555 1234',
      hotline: '116 000',
      publicationId: pub.id,
    });
    const bad = await gql(server.url, q, { c: ana, i: { ...input, callerPhone: 'call me' } }, token['investigator.gt']);
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });
});

describe('limits', () => {
  it('per sender address and per page', async () => {
    // Its own data directory: on the Neo4j pass a server started without one would empty the database under the first.
    const limited = await startServer({
      dataDir: mkdtempSync(join(tmpdir(), 'homeward-it-limits-')),
      env: { PUBLIC_POW_BITS: String(POW_BITS), PUBLIC_TIP_LIMITS: 'address=3/600,page=2/3600' },
      startTimeoutMs: 120_000,
    });
    try {
      const sup = await login(limited.url, 'supervisor.gt@demo.local');
      const list = await gql(limited.url, '{ cases { id reference } }', {}, sup);
      const byRef = Object.fromEntries(list.data!.cases.map((c: { id: string; reference: string }) => [c.reference, c.id]));
      // The live page of the case, published here unless it already is (on the Neo4j pass both servers share one database).
      const publish = async (c: string) => {
        const live = (
          await gql(limited.url, 'query($c:ID!){ publications(caseId:$c){ path status } }', { c }, sup)
        ).data!.publications.find((p: { status: string }) => p.status === 'PUBLISHED');
        if (live) return live.path as string;
        const r = await gql(
          limited.url,
          'mutation($c:ID!){ publishChild(caseId:$c, input:{ fields:[NAME], languages:["en"] }){ path } }',
          { c },
          sup,
        );
        expect(r.errors).toBeUndefined();
        return r.data!.publishChild.path as string;
      };
      const a = await publish(byRef['GT-2026-0001']);
      const child = await gql(
        limited.url,
        'mutation($c:ID!){ updateChildProfile(caseId:$c, input:{ fullName: "Limit Test Child" }){ personId } }',
        { c: byRef['GT-2026-0002'] },
        sup,
      );
      expect(child.errors).toBeUndefined();
      const b = await publish(byRef['GT-2026-0002']);
      expect((await sendTip(limited, a, { what: 'one' })).status).toBe(201);
      expect((await sendTip(limited, a, { what: 'two' })).status).toBe(201);
      const pageFull = await sendTip(limited, a, { what: 'three' });
      expect(pageFull.status).toBe(429);
      expect(pageFull.body).toContain('Too many');
      // Three tips counted for this address already: the next, to another page, is refused too.
      expect((await sendTip(limited, b, { what: 'four' })).status).toBe(429);
    } finally {
      await limited.stop();
      rmSync(limited.dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('a photo over 10 MB is refused, from its declared length, before the body is read', async () => {
    const boundary = 'x-homeward-bench';
    const challenge = await challengeOf(server, pub.path);
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="what"\r\n\r\nbig photo\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="challenge"\r\n\r\n${challenge}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="solution"\r\n\r\n${solve(challenge)}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const photo = Buffer.alloc(11 * 1024 * 1024, 1);
    // The answer's status as soon as its headers arrive; the server may close while the body is still being sent.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${server.url}${pub.path}/tips`, {
        method: 'POST',
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + photo.length + tail.length,
        },
      });
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', (err) => {
        if (!answered) reject(err);
      });
      req.write(head);
      req.write(photo);
      req.end(tail);
    });
    expect(status).toBe(413);
    expect((await tips(ana)).some((t) => t.what === 'big photo')).toBe(false);
  });
});
