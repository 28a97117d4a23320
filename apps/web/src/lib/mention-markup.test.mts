// lib/mention-markup: mentions written into plain text (task comments).
import { describe, expect, it } from 'vitest';
import { insertMention, mentionMarkup, mentionQueryAt, mentionedIds, parseMentionMarkup } from './mention-markup.js';

describe('mention markup', () => {
  it('writes and reads back members and entities, keeping the text between them', () => {
    const text = `Ask ${mentionMarkup('user', 'usr_abc123def', 'Ana [PNC]')} about ${mentionMarkup('entity', 'ent_xyz789abc', 'P-512 DKL')}.`;
    expect(text).toBe('Ask @[Ana  PNC](user:usr_abc123def) about @[P-512 DKL](entity:ent_xyz789abc).');
    expect(parseMentionMarkup(text)).toEqual([
      { type: 'text', text: 'Ask ' },
      { type: 'mention', kind: 'user', id: 'usr_abc123def', label: 'Ana  PNC' },
      { type: 'text', text: ' about ' },
      { type: 'mention', kind: 'entity', id: 'ent_xyz789abc', label: 'P-512 DKL' },
      { type: 'text', text: '.' },
    ]);
    expect(mentionedIds(text + mentionMarkup('user', 'usr_abc123def', 'again'))).toEqual({
      users: ['usr_abc123def'],
      entities: ['ent_xyz789abc'],
    });
  });
  it('leaves look-alikes as text: an unknown kind, an id of the wrong shape, an e-mail address', () => {
    for (const s of ['@[x](case:case_abc123def)', '@[x](user:not an id)', 'write to ana@example.org']) {
      expect(parseMentionMarkup(s)).toEqual([{ type: 'text', text: s }]);
    }
  });
  it('finds the "@query" being typed, and replaces it with the mention', () => {
    expect(mentionQueryAt('Hello @an', 9)).toEqual({ start: 6, query: 'an' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('ana@example', 11)).toBeNull();
    expect(mentionQueryAt('Hello @an\nx', 11)).toBeNull();
    const r = insertMention('Hello @an and', 6, 9, '@[Ana](user:usr_abc123def)');
    expect(r).toEqual({ text: 'Hello @[Ana](user:usr_abc123def)  and', caret: 33 });
  });
});
