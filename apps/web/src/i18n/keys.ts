import type { en } from './en';

type Catalog = typeof en;
type Name = string | number;

/** Dotted paths of the catalogue's groups of plain texts: 'kind', 'role', 'risk', 'graph.layouts', 'intel.dup.reason'… */
type Groups<T, P extends string = ''> = {
  [K in keyof T & Name]: T[K] extends string ? never : (T[K] extends Record<Name, string> ? `${P}${K}` : never) | Groups<T[K], `${P}${K}.`>;
}[keyof T & Name];

type At<T, P extends string> = P extends `${infer H}.${infer R}`
  ? H extends keyof T
    ? At<T[H], R>
    : never
  : P extends keyof T
    ? T[P]
    : never;

export type Group = Groups<Catalog>;
export type KeyIn<G extends Group> = `${G}.${keyof At<Catalog, G> & Name}`;

/**
 * The key of `value` in the group `group`, for a value that comes from data as a plain string (a reason
 * code, a warning, a property name the server sends as String). The compiler checks the group; the value
 * is the data's, so one the catalogue lacks shows as the key itself (i18next's fallback) rather than
 * failing. A value the generated GraphQL types give as an enum (an entity kind, a role, a risk level) is
 * a literal union: write the key itself, `risk.${level}`, and the compiler checks every value has one.
 */
export function keyIn<G extends Group, V extends Name>(group: G, value: V & Checked<V, keyof At<Catalog, G>>): KeyIn<G> {
  return `${group}.${value}` as KeyIn<G>;
}

/** A value typed as a union of literals (a tab, a layout) must name keys that exist; a plain string or number is taken as is. */
type Checked<V, Keys> = string extends V ? V : number extends V ? V : Keys;
