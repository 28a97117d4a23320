import type { RiskFactors } from './graphql/profile.generated';

/** The yes/no risk factors, in the order the risk form lists them (the others are numbers). */
export const FLAG_FACTORS = [
  'medicalNeeds',
  'vulnerability',
  'onlineGrooming',
  'suspectedAbductor',
  'violenceOrThreats',
  'inMigration',
  'crossBorder',
  'outOfCharacter',
] as const satisfies readonly (keyof RiskFactors)[];

/** The languages a poster or alert can be made in (the server's table). */
export const OUTPUT_LANGUAGES = ['en', 'es', 'fr', 'pt'] as const;
