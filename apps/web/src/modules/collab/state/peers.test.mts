import { describe, expect, it } from 'vitest';
import { peersOf } from './peers.js';

const state = (name: string, id?: string) => ({ user: { name, color: '#123456', ...(id ? { id } : {}) } });

describe('the people in a room', () => {
  it('shows a person with two connections once, as yourself when one of them is yours', () => {
    const states = new Map<number, unknown>([
      [1, state('Daniela Treviño (FGR, MX)', 'usr_mx')],
      [2, state('Daniela Treviño (FGR, MX)', 'usr_mx')],
      [3, state('Luis Pérez (PNC, GT)', 'usr_gt')],
    ]);
    expect(peersOf(states, 3).map((p) => [p.name, p.self])).toEqual([
      ['Daniela Treviño (FGR, MX)', false],
      ['Luis Pérez (PNC, GT)', true],
    ]);
    expect(peersOf(states, 2).find((p) => p.name.startsWith('Daniela'))?.self).toBe(true);
  });

  it('keeps apart clients that say no account, and skips states without a name', () => {
    const states = new Map<number, unknown>([
      [1, state('?')],
      [2, state('?')],
      [3, { cursor: null }],
      [4, null],
    ]);
    expect(peersOf(states, 9).map((p) => p.clientId)).toEqual([1, 2]);
  });
});
