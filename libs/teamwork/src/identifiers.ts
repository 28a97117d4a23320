/**
 * The identifier keys of entity resolution (libs/domain resolution-keys: `plate:P512DKL`,
 * `phone:50255501234`) whose match across cases is worth telling: the kind before the colon is
 * what a request may say, never the value after it.
 */
export const IDENTIFIER_PREFIXES = ['plate:', 'vin:', 'phone:', 'imei:', 'handle:'] as const;

export function identifierKindOf(key: string): string | null {
  const i = key.indexOf(':');
  const kind = i > 0 ? key.slice(0, i) : '';
  return IDENTIFIER_PREFIXES.some((p) => p === `${kind}:`) ? kind : null;
}
