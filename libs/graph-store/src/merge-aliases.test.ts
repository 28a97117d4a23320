import { describe, expect, it } from 'vitest';
import { aliasesAfter, aliasesFromMerge } from './merge-aliases';

describe('merge aliases', () => {
  it("takes the merged person's name and aliases the survivor does not carry yet", () => {
    const added = aliasesFromMerge(
      'PERSON',
      { fullName: 'Muhammad Ali', aliases: ['Mo'] },
      { fullName: 'Мухаммед Али', aliases: ['mo', ' Moe ', 'MUHAMMAD  ali'] },
    );
    expect(added).toEqual(['Мухаммед Али', 'Moe']);
  });

  it('adds nothing for kinds without aliases or the same spelling', () => {
    expect(aliasesFromMerge('VEHICLE', { plate: 'P123' }, { plate: 'P-123' })).toEqual([]);
    expect(aliasesFromMerge('PERSON', { fullName: 'Ana Ruiz' }, { fullName: 'ana  ruiz' })).toEqual([]);
  });

  it('adds the aliases and an undo takes off only those', () => {
    expect(aliasesAfter({ aliases: ['Mo'] }, ['Moe'], false)).toEqual(['Mo', 'Moe']);
    expect(aliasesAfter({ aliases: ['Mo', 'Moe', 'Later'] }, ['Moe'], true)).toEqual(['Mo', 'Later']);
    expect(aliasesAfter({ aliases: ['Mo'] }, ['Moe'], true)).toBeNull();
    expect(aliasesAfter({}, [], false)).toBeNull();
  });
});
