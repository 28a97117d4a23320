import { describe, expect, it } from 'vitest';
import { checkRiskFactors, proposeRisk, type RiskFactors } from './risk';
import { ageAt, profileWarnings } from './profile';

const none: RiskFactors = {
  ageYears: 15,
  medicalNeeds: false,
  vulnerability: false,
  onlineGrooming: false,
  suspectedAbductor: false,
  violenceOrThreats: false,
  inMigration: false,
  crossBorder: false,
  hoursMissing: 2,
  previousEpisodes: 0,
  outOfCharacter: false,
};

describe('proposeRisk', () => {
  it('proposes LOW with no reason for a teenager missing two hours', () => {
    const p = proposeRisk(none);
    expect(p.level).toBe('LOW');
    expect(p.reasons).toEqual([]);
  });

  it('a child under 6 is at least HIGH on age alone', () => {
    const p = proposeRisk({ ...none, ageYears: 4 });
    expect(p.level).toBe('HIGH');
    expect(p.reasons.map((r) => r.code)).toEqual(['AGE_UNDER_6']);
  });

  it('a groomer and a child under 13 make it CRITICAL, reasons strongest first', () => {
    const p = proposeRisk({ ...none, ageYears: 12, onlineGrooming: true, hoursMissing: 30 });
    expect(p.level).toBe('CRITICAL');
    expect(p.reasons.map((r) => r.code)).toEqual(['ONLINE_GROOMING', 'AGE_UNDER_13', 'MISSING_OVER_24H']);
  });

  it('adds up moderate factors to MEDIUM, then HIGH', () => {
    expect(proposeRisk({ ...none, inMigration: true }).level).toBe('MEDIUM');
    expect(proposeRisk({ ...none, inMigration: true, crossBorder: true, hoursMissing: 80 }).level).toBe('HIGH');
  });

  it('names an adult as outside the ICMEC definition', () => {
    expect(proposeRisk({ ...none, ageYears: 19 }).reasons[0].code).toBe('ADULT');
  });

  it('refuses impossible factors naming the field', () => {
    expect(checkRiskFactors({ ...none, hoursMissing: -1 })).toMatch(/^hoursMissing:/);
    expect(checkRiskFactors({ ...none, ageYears: 3.5 })).toMatch(/^ageYears:/);
    expect(checkRiskFactors({ ...none, previousEpisodes: -2 })).toMatch(/^previousEpisodes:/);
    expect(checkRiskFactors(none)).toBeNull();
  });
});

describe('ageAt', () => {
  it('counts whole years, birthday included', () => {
    const at = new Date('2026-05-12T10:00:00Z');
    expect(ageAt('2014-05-12', at)).toBe(12);
    expect(ageAt('2014-05-13', at)).toBe(11);
    expect(ageAt('2008-02-29', new Date('2026-02-28T00:00:00Z'))).toBe(17);
  });
  it('is null for a missing, impossible or future date', () => {
    expect(ageAt(null, new Date())).toBeNull();
    expect(ageAt('2014-02-30', new Date())).toBeNull();
    expect(ageAt('2099-01-01', new Date('2026-01-01T00:00:00Z'))).toBeNull();
  });
  it('warns when the person is 18 or older or the place is unknown', () => {
    expect(profileWarnings({ ageAtDisappearance: 18, lastSeenLocationId: 'x' })).toEqual(['NOT_A_CHILD']);
    expect(profileWarnings({ ageAtDisappearance: 17, lastSeenLocationId: null })).toEqual(['NO_LAST_SEEN_PLACE']);
  });
});
