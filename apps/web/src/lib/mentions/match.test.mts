// lib/mentions: which candidates "@que" offers.
import { describe, expect, it } from 'vitest';
import { matchMentions } from './match.js';

const items = [
  { id: '1', label: 'Ana Lucía Pérez Gómez' },
  { id: '2', label: 'Carlos Méndez' },
  { id: '3', label: 'Mercado La Terminal' },
  { id: '4', label: 'Marta Gómez de Pérez' },
  { id: '5', label: 'P-123ABC' },
];

describe('matchMentions', () => {
  it('ignores case and accents, and puts a label that starts with the query first', () => {
    expect(matchMentions(items, 'perez').map((i) => i.id)).toEqual(['1', '4']);
    expect(matchMentions(items, 'MENDEZ').map((i) => i.id)).toEqual(['2']);
    expect(matchMentions(items, 'me').map((i) => i.id)).toEqual(['3', '2', '1', '4']);
  });
  it('finds a query inside a word last, and nothing for no match', () => {
    expect(matchMentions(items, '123').map((i) => i.id)).toEqual(['5']);
    expect(matchMentions(items, 'zz')).toEqual([]);
  });
  it('offers the first ones for an empty query, at most the limit', () => {
    expect(matchMentions(items, '', 2).map((i) => i.id)).toEqual(['1', '2']);
    expect(matchMentions(items, 'a', 3)).toHaveLength(3);
  });
});
