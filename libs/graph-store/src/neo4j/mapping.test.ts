import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { entityOfList, entityUpdate, linkOfList, storedProps, toEntityRecord, toLinkRecord, toLoginRecord, toSession } from './mapping';
import { entityList, node } from './__tests__/fake-runner';

describe('toEntityRecord', () => {
  it("keeps only the kind's properties, with provenance beside them", () => {
    const rec = toEntityRecord(
      node({ point: new neo4j.types.Point(neo4j.int(4326), 1, 2), updatedAt: 'x', source: 'hotline', reliability: 'B' }),
      [],
    );
    expect(rec).toEqual({
      id: 'ent_1',
      kind: 'PERSON',
      label: 'Ana',
      props: { fullName: 'Ana' },
      cases: [],
      // updatedAt without updatedBy (set at creation) names no change.
      provenance: {
        createdBy: 'usr_1',
        createdAt: '2025-01-01T00:00:00.000Z',
        source: 'hotline',
        reliability: 'B',
        updatedBy: null,
        updatedAt: null,
      },
    });
  });
  it('reports the last change with its author', () => {
    const rec = toEntityRecord(node({ updatedBy: 'usr_2', updatedAt: '2025-03-01T00:00:00.000Z' }), []);
    expect(rec.provenance).toMatchObject({ createdBy: 'usr_1', updatedBy: 'usr_2', updatedAt: '2025-03-01T00:00:00.000Z' });
  });
  it('orders memberships by case creation, then id, and reports a missing role as null', () => {
    const rec = toEntityRecord(node(), [
      { caseId: 'case_b', role: 'WITNESS', caseCreatedAt: '2025-02-01T00:00:00.000Z' },
      { caseId: 'case_c', role: null, caseCreatedAt: '2025-01-01T00:00:00.000Z' },
      { caseId: 'case_a', caseCreatedAt: '2025-01-01T00:00:00.000Z' },
    ]);
    expect(rec.cases).toEqual([
      { caseId: 'case_a', role: null },
      { caseId: 'case_c', role: null },
      { caseId: 'case_b', role: 'WITNESS' },
    ]);
  });
  it('refuses a node of an unknown kind instead of guessing', () => {
    expect(() => toEntityRecord(node({ kind: 'DOG' }), [])).toThrow(/unexpected kind/);
  });
  it('maps an unknown reliability grade to null', () => {
    expect(toEntityRecord(node({ reliability: 'Z' }), []).provenance.reliability).toBeNull();
  });
});

describe('entityOfList and linkOfList (the lists caseGraph, the neighbourhood and search send)', () => {
  const memberships = [
    { caseId: 'case_b', role: 'WITNESS', caseCreatedAt: '2025-02-01T00:00:00.000Z' },
    { caseId: 'case_c', role: null, caseCreatedAt: '2025-01-01T00:00:00.000Z' },
    { caseId: 'case_a', role: null, caseCreatedAt: '2025-01-01T00:00:00.000Z' },
  ];
  const asLists = memberships.map((m) => [m.caseId, m.role, m.caseCreatedAt]);

  it('makes the record toEntityRecord makes of properties(e), memberships ordered alike, by kind', () => {
    const person = node({ aliases: ['La Flaca'], updatedBy: 'usr_2', updatedAt: '2025-02-01T00:00:00.000Z', reliability: 'B' });
    const location = node({
      id: 'ent_2',
      kind: 'LOCATION',
      label: 'Bus station',
      name: 'Bus station',
      country: 'MX',
      latitude: 31.7,
      longitude: -106.4,
      source: 'hotline',
    });
    delete location.fullName;
    // updatedAt without updatedBy (set at creation) names no change.
    const created = node({ updatedAt: '2025-03-01T00:00:00.000Z', reliability: 'Z' });
    for (const n of [person, location, created]) {
      expect(entityOfList(entityList(n), asLists)).toEqual(toEntityRecord(n, memberships));
      expect(entityOfList(entityList(n), [])).toEqual(toEntityRecord(n, []));
    }
    expect(entityOfList(entityList(person), asLists).cases.map((c) => c.caseId)).toEqual(['case_a', 'case_c', 'case_b']);
    // A list in another kind's order would put values under the wrong names: the kind decides.
    expect(entityOfList([...entityList(person).slice(0, 9), ['ABC-123']], []).props).toEqual({ fullName: 'ABC-123' });
    expect(entityOfList([...entityList({ ...person, kind: 'VEHICLE' }).slice(0, 9), ['ABC-123']], []).props).toEqual({ plate: 'ABC-123' });
  });

  it('refuses an entity it cannot read instead of guessing', () => {
    const listed = entityList(node());
    expect(() => entityOfList([listed[0], 'DOG', ...listed.slice(2)], [])).toThrow(/unexpected kind/);
    expect(() => entityOfList([null, ...listed.slice(1)], [])).toThrow(/unexpected id/);
    expect(() => entityOfList(listed, [[null, null, '']])).toThrow(/membership has an unexpected caseId/);
  });

  it('makes the record toLinkRecord makes of the same link', () => {
    const relList = ['case_a', 'usr_1', '2025-01-01T00:00:00.000Z', null, 'B', 2];
    const rel = {
      caseId: 'case_a',
      createdBy: 'usr_1',
      createdAt: '2025-01-01T00:00:00.000Z',
      source: null,
      reliability: 'B',
      credibility: 2,
    };
    const link = linkOfList('l1', 'SEEN_WITH', 'a', 'b', relList);
    expect(link).toEqual(toLinkRecord({ id: 'l1', type: 'SEEN_WITH', source: 'a', target: 'b', rel }));
    expect(link).toMatchObject({ caseId: 'case_a', provenance: { createdBy: 'usr_1', source: null, reliability: 'B', credibility: 2 } });
    // Grades outside the scales are reported as none, never guessed.
    expect(linkOfList('l1', 'SEEN_WITH', 'a', 'b', ['case_a', 'usr_1', 'x', 'tip', 'Z', 9]).provenance).toEqual({
      createdBy: 'usr_1',
      createdAt: 'x',
      source: 'tip',
      reliability: null,
      credibility: null,
    });
    expect(() => linkOfList('l1', 'KNOWS_OF', 'a', 'b', relList)).toThrow(/unexpected type/);
    expect(() => linkOfList('l1', 'SEEN_WITH', 'a', 'b', [null, 'usr_1', 'x'])).toThrow(/unexpected caseId/);
  });
});

describe('toLinkRecord', () => {
  it('reads the case and provenance from the relationship properties', () => {
    const rel = { id: 'lnk_1', caseId: 'case_a', createdBy: 'usr_1', createdAt: '2025-01-01T00:00:00.000Z' };
    expect(toLinkRecord({ id: 'lnk_1', type: 'SEEN_WITH', source: 'ent_1', target: 'ent_2', rel })).toEqual({
      id: 'lnk_1',
      type: 'SEEN_WITH',
      source: 'ent_1',
      target: 'ent_2',
      caseId: 'case_a',
      provenance: { createdBy: 'usr_1', createdAt: '2025-01-01T00:00:00.000Z', source: null, reliability: null, credibility: null },
    });
  });
  it('reads a link credibility grade, and nothing that is not one', () => {
    const rel = {
      id: 'lnk_1',
      caseId: 'case_a',
      createdBy: 'usr_1',
      createdAt: '2025-01-01T00:00:00.000Z',
      reliability: 'B',
      credibility: 2,
    };
    expect(toLinkRecord({ id: 'lnk_1', type: 'SEEN_WITH', source: 'a', target: 'b', rel }).provenance).toMatchObject({
      reliability: 'B',
      credibility: 2,
    });
    expect(
      toLinkRecord({ id: 'lnk_1', type: 'SEEN_WITH', source: 'a', target: 'b', rel: { ...rel, credibility: 7 } }).provenance.credibility,
    ).toBeNull();
  });
  it('refuses a relationship that is not a link type', () => {
    expect(() => toLinkRecord({ id: 'x', type: 'IN_CASE', source: 'a', target: 'b', rel: {} })).toThrow(/unexpected type/);
  });
});

describe('storedProps', () => {
  it('stores identifiers without separators for the full-text index, and clears them when none are left', () => {
    expect(storedProps('VEHICLE', { plate: 'P-777XYZ', make: 'Ford' })).toEqual({ plate: 'P-777XYZ', make: 'Ford', searchKeys: 'P777XYZ' });
    expect(storedProps('VEHICLE', { plate: 'P777XYZ', vin: null }).searchKeys).toBe('');
    expect(storedProps('PHONE', { number: '+502 5555-1234' }).searchKeys).toBe('50255551234');
  });
  it('adds a WGS 84 point for a location, x = longitude, y = latitude', () => {
    const p = storedProps('LOCATION', { name: 'Plaza', country: 'GT', latitude: 14.6, longitude: -90.5 });
    const point = p.point as InstanceType<typeof neo4j.types.Point>;
    expect(neo4j.isPoint(point)).toBe(true);
    expect([neo4j.integer.toNumber(point.srid), point.x, point.y]).toEqual([4326, -90.5, 14.6]);
  });
  it('adds no point to kinds without coordinates', () => {
    expect(storedProps('PERSON', { fullName: 'Ana' })).toEqual({ fullName: 'Ana', searchKeys: '' });
  });
  it('adds the words a tokenizer keeps joined, split, for every kind (Lucene keeps "tomas.escobar" one word)', () => {
    expect(storedProps('PERSON', { fullName: "Ana O'Brien", aliases: ['la_flaca', 'Ana B'] }).searchKeys).toBe('O Brien la flaca');
    expect(storedProps('ONLINE_ACCOUNT', { platform: 'X', handle: 'tomas.escobar77' }).searchKeys).toBe('tomasescobar77 tomas escobar77');
    expect(storedProps('VEHICLE', { plate: 'P-1.5', description: 'seen at 3.30, twice. Blue' }).searchKeys).toBe('P15 1 5 3 30');
  });
});

describe('entityUpdate', () => {
  it('sets the changed props, removes those patched to null (as null for SET +=) and relabels', () => {
    const u = entityUpdate('PERSON', { fullName: 'Ana', sex: 'FEMALE' }, { fullName: ' Ana María ', sex: null });
    expect(u.props).toEqual({ fullName: 'Ana María' });
    expect(u.label).toBe('Ana María');
    expect(u.set.fullName).toBe('Ana María');
    expect(u.set).toHaveProperty('sex', null);
  });
  it('refuses to remove a required property, naming it', () => {
    expect(() => entityUpdate('PERSON', { fullName: 'Ana' }, { fullName: null })).toThrow('props.fullName: is required');
  });
  it('recomputes the point when a location moves', () => {
    const u = entityUpdate('LOCATION', { name: 'P', country: 'GT', latitude: 1, longitude: 2 }, { latitude: 3 });
    const point = u.set.point as InstanceType<typeof neo4j.types.Point>;
    expect([point.x, point.y]).toEqual([2, 3]);
  });
});

describe('accounts', () => {
  it('maps a login row with lock state', () => {
    const row = {
      user: { id: 'u', email: 'a@b', displayName: 'A', role: 'ADMIN', passwordHash: 'h', failedLogins: 2, lockedUntil: 5 },
      agencyId: 'agy',
    };
    expect(toLoginRecord(row)).toEqual({
      id: 'u',
      email: 'a@b',
      displayName: 'A',
      role: 'ADMIN',
      agencyId: 'agy',
      disabled: false,
      passwordHash: 'h',
      failedLogins: 2,
      lockedUntil: 5,
    });
  });
  it('maps a session, reading integers the driver might still hand over as Integer', () => {
    expect(toSession({ id: 's', userId: 'u', createdAt: neo4j.int(1), lastSeenAt: 2, expiresAt: 3, revoked: true })).toEqual({
      id: 's',
      userId: 'u',
      createdAt: 1,
      lastSeenAt: 2,
      expiresAt: 3,
      revoked: true,
    });
  });
});
