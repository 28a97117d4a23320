import { ENTITY_KINDS, LINK_TYPES, type EntityKind, type EntityKindDef, type LinkType, type PropDef } from '@homeward/graph-schema';
import { isCountryCode } from './countries';
import { DomainError, ErrorCode, badInput } from './errors';

export type Props = Record<string, unknown>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * The earliest date any record of a case may carry (a date of birth, a sighting, a
 * report): earlier is a typing error ("0000", "1026"), never a fact of a child's case.
 */
export const EARLIEST_DATE = '1900-01-01';
/** Clocks and time zones differ: an event may be stamped up to a day "ahead" of the server. */
const FUTURE_SLACK_MS = 24 * 3600 * 1000;

/** A real day of the Gregorian calendar (2015-02-30 is not one; JavaScript's Date.parse would roll it to 2 March). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  // setUTCFullYear, not Date.UTC: the latter reads years 0 to 99 as 1900 to 1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** An ISO 8601 date-time with a time zone, whose day and time exist (no 25:00, no 31 April). */
export function isIsoDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[7] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (m[10] !== undefined && (Number(m[10]) > 14 || Number(m[11]) > 59)) return false;
  return isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3])) && !Number.isNaN(Date.parse(value));
}

/** Control characters (NUL and the like) have no place in a name or a description; line breaks and tabs are kept in text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function checkTime(field: string, iso: string, now: number): void {
  if (iso < EARLIEST_DATE) throw badInput(field, `must not be before ${EARLIEST_DATE}`);
  if (Date.parse(iso) > now + FUTURE_SLACK_MS) throw badInput(field, 'must not be in the future');
}

function checkProp(field: string, def: PropDef, value: unknown): unknown {
  switch (def.type) {
    case 'string':
    case 'text': {
      if (typeof value !== 'string') throw badInput(field, 'must be a string');
      // A one-line value (a name, a plate) pasted with a line break or a tab keeps its words on one line.
      const v = def.type === 'text' ? value.trim() : value.replace(/[\t\r\n]+/g, ' ').trim();
      if (def.required && v.length === 0) throw badInput(field, 'must not be empty');
      if (def.maxLength !== undefined && v.length > def.maxLength) throw badInput(field, `must be at most ${def.maxLength} characters`);
      if (CONTROL.test(v)) throw badInput(field, 'must not contain control characters');
      return v;
    }
    case 'country': {
      const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
      if (!isCountryCode(code)) throw badInput(field, 'must be an ISO 3166-1 alpha-2 country code such as GT');
      return code;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw badInput(field, 'must be a number');
      if (def.min !== undefined && value < def.min) throw badInput(field, `must be at least ${def.min}`);
      if (def.max !== undefined && value > def.max) throw badInput(field, `must be at most ${def.max}`);
      return value;
    case 'datetime': {
      const v = value instanceof Date ? value.toISOString() : value;
      if (typeof v !== 'string' || !isIsoDateTime(v)) throw badInput(field, 'must be an ISO 8601 date-time with a time zone');
      const iso = new Date(v).toISOString();
      checkTime(field, iso, Date.now());
      return iso;
    }
    case 'date': {
      const m = typeof value === 'string' ? DATE.exec(value) : null;
      if (!m || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3])))
        throw badInput(field, 'must be a date as YYYY-MM-DD that exists in the calendar');
      checkTime(field, value as string, Date.now());
      return value;
    }
    case 'enum':
      if (typeof value !== 'string' || !def.values?.includes(value)) throw badInput(field, `must be one of ${def.values?.join(', ')}`);
      return value;
    case 'stringList':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw badInput(field, 'must be a list of strings');
      return value.map((v: string) => v.trim()).filter((v: string) => v.length > 0);
  }
}

/**
 * Validates and normalises the properties of an entity of `kind`. Unknown
 * properties are refused (they would be silently lost otherwise). With
 * `partial`, required properties may be absent (an update).
 */
export function validateEntityProps(kind: EntityKind, props: Props, prefix = 'input', partial = false): Props {
  const def: EntityKindDef = ENTITY_KINDS[kind];
  if (!def) throw badInput('kind', `unknown entity kind ${String(kind)}`);
  return validateProps(def.props, def.label, props, prefix, partial);
}

/**
 * Validates properties against a declaration of graph-schema (an entity kind's, or
 * CASE_PROPS): the same rules on create and, with `partial`, on update.
 */
export function validateProps(
  defs: Readonly<Record<string, PropDef>>,
  label: string,
  props: Props,
  prefix = 'input',
  partial = false,
): Props {
  const out: Props = {};
  for (const [name, value] of Object.entries(props)) {
    const pdef = defs[name];
    if (!pdef) throw badInput(`${prefix}.${name}`, `is not a property of ${label}`);
    if (value === undefined || value === null) {
      if (pdef.required && !partial) throw badInput(`${prefix}.${name}`, 'is required');
      continue;
    }
    out[name] = checkProp(`${prefix}.${name}`, pdef, value);
  }
  if (!partial) {
    for (const [name, pdef] of Object.entries(defs)) {
      if (pdef.required && out[name] === undefined) throw badInput(`${prefix}.${name}`, 'is required');
    }
  }
  return out;
}

/** The label the client draws for an entity, from the kind's display properties. */
export function entityLabel(kind: EntityKind, props: Props): string {
  const parts = ENTITY_KINDS[kind].display.map((p) => props[p]).filter((v) => v !== undefined && v !== null && v !== '');
  return parts.map(String).join(' ').slice(0, 200) || ENTITY_KINDS[kind].label;
}

/** Text the full-text index keeps for an entity: every searchable property. */
export function searchText(kind: EntityKind, props: Props): string {
  const def: EntityKindDef = ENTITY_KINDS[kind];
  const parts: string[] = [];
  for (const [name, pdef] of Object.entries(def.props)) {
    if (!('searchable' in pdef) || !pdef.searchable) continue;
    const v = props[name];
    if (Array.isArray(v)) parts.push(...v.map(String));
    else if (v !== undefined && v !== null) parts.push(String(v));
  }
  return parts.join(' ');
}

/** Refuses a link type that joins the wrong kinds, naming the type and the kinds. */
export function checkLinkKinds(type: LinkType, fromKind: EntityKind, toKind: EntityKind): void {
  const def = LINK_TYPES[type];
  if (!def) throw badInput('input.type', `unknown link type ${String(type)}`);
  const from = def.from as readonly string[];
  const to = def.to as readonly string[];
  if (!from.includes(fromKind) || !to.includes(toKind)) {
    throw new DomainError(
      ErrorCode.InvalidLink,
      `link type ${type} cannot join ${fromKind} -> ${toKind}; it joins ${from.join('|')} -> ${to.join('|')}`,
      'input.type',
    );
  }
}
