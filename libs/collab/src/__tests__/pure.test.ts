import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import {
  CloseCode,
  ProtocolError,
  bindAwarenessUpdate,
  decodeClientMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  redactUrl,
  roomOf,
} from '../index';

describe('roomOf', () => {
  it('accepts only the two documents of a case', () => {
    expect(roomOf('cases/abc_123/notes')).toEqual({ caseId: 'abc_123', document: 'notes' });
    expect(roomOf('/collab/cases/abc/timeline?token=x')).toEqual({ caseId: 'abc', document: 'timeline' });
    for (const bad of [
      'cases/abc/other',
      'cases/abc',
      'cases//notes',
      'cases/a.b/notes',
      'cases/../notes',
      'x/abc/notes',
      '/collab/cases/abc/notes/extra',
      '',
    ]) {
      expect(roomOf(bad)).toBeNull();
    }
  });
});

describe('redactUrl', () => {
  it('never lets a token through', () => {
    expect(redactUrl('/collab/cases/a/notes?token=SECRET')).toBe('/collab/cases/a/notes?token=[redacted]');
    expect(redactUrl('/x?a=1&access_token=S&%74oken=S2')).not.toMatch(/S2|=S(&|$)/);
    expect(redactUrl('/x?a=1')).toBe('/x?a=1');
  });
});

describe('decodeClientMessage', () => {
  it('decodes what it encodes', () => {
    const p = new Uint8Array([1, 2, 3]);
    expect(decodeClientMessage(encodeSyncStep1(p))).toEqual({ kind: 'sync-step1', stateVector: p });
    expect(decodeClientMessage(encodeSyncStep2(p))).toEqual({ kind: 'sync-step2', update: p });
    expect(decodeClientMessage(encodeUpdate(p))).toEqual({ kind: 'update', update: p });
    expect(decodeClientMessage(encodeAwareness(p))).toEqual({ kind: 'awareness', update: p });
    expect(decodeClientMessage(new Uint8Array([3]))).toEqual({ kind: 'query-awareness' });
  });

  it('names what is wrong with a bad frame', () => {
    const code = (frame: number[]) => {
      try {
        decodeClientMessage(new Uint8Array(frame));
      } catch (e) {
        return e instanceof ProtocolError ? e.closeCode : 'other';
      }
      return 'accepted';
    };
    expect(code([])).toBe(CloseCode.MalformedMessage);
    expect(code([0, 2, 10, 1])).toBe(CloseCode.MalformedMessage); // declared 10 bytes, has 1
    expect(code([...encodeUpdate(new Uint8Array([1])), 9])).toBe(CloseCode.MalformedMessage); // trailing byte
    expect(code([0, 7, 0])).toBe(CloseCode.UnsupportedData);
    expect(code([2, 0])).toBe(CloseCode.UnsupportedData); // auth is server-to-client only
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 99);
    expect(code([...encoding.toUint8Array(e)])).toBe(CloseCode.UnsupportedData);
  });
});

describe('bindAwarenessUpdate', () => {
  const me = { userId: 'u1', displayName: 'Ana' };
  const entry = (clientId: number, clock: number, state: unknown) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, JSON.stringify(state));
    return encoding.toUint8Array(e);
  };
  const read = (u: Uint8Array) => {
    const d = decoding.createDecoder(u);
    const n = decoding.readVarUint(d);
    return Array.from({ length: n }, () => ({
      clientId: decoding.readVarUint(d),
      clock: decoding.readVarUint(d),
      state: JSON.parse(decoding.readVarString(d)),
    }));
  };

  it('stamps the authenticated user on every state and keeps the rest', () => {
    const out = bindAwarenessUpdate(entry(7, 3, { user: { name: 'Someone else', color: 'red' }, cursor: 1 }), me, () => 'own');
    expect(read(out!)).toEqual([{ clientId: 7, clock: 3, state: { user: { name: 'Ana', id: 'u1', color: 'red' }, cursor: 1 } }]);
    expect(read(bindAwarenessUpdate(entry(7, 4, null), me, () => 'own')!)).toEqual([{ clientId: 7, clock: 4, state: null }]);
  });

  it('drops echoes, refuses forgeries and malformed states', () => {
    expect(bindAwarenessUpdate(entry(9, 1, { user: { name: 'x' } }), me, () => 'echo')).toBeNull();
    expect(() => bindAwarenessUpdate(entry(9, 2, {}), me, () => 'forged')).toThrow(
      expect.objectContaining({ closeCode: CloseCode.Forbidden }),
    );
    expect(() => bindAwarenessUpdate(entry(9, 2, [1, 2]), me, () => 'own')).toThrow(
      expect.objectContaining({ closeCode: CloseCode.MalformedMessage }),
    );
    expect(() => bindAwarenessUpdate(new Uint8Array([1, 5]), me, () => 'own')).toThrow(
      expect.objectContaining({ closeCode: CloseCode.MalformedMessage }),
    );
  });
});
