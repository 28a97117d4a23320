import {
  ENTITY_KINDS,
  LINK_TYPES,
  type EntityKind,
  type EntityKindDef,
  type LinkType,
  type PropDef,
} from '@homeward/graph-schema';
import { DomainError, ErrorCode, badInput } from './errors';

export type Props = Record<string, unknown>;

const COUNTRY = /^[A-Z]{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
}

function checkProp(field: string, def: PropDef, value: unknown): unknown {
  switch (def.type) {
    case 'string':
    case 'text': {
      if (typeof value !== 'string') throw badInput(field, 'must be a string');
      const v = value.trim();
      if (def.required && v.length === 0) throw badInput(field, 'must not be empty');
      if (def.maxLength !== undefined && v.length > def.maxLength) throw badInput(field, `must be at most ${def.maxLength} characters`);
      return v;
    }
    case 'country':
      if (typeof value !== 'string' || !COUNTRY.test(value.trim().toUpperCase()))
        throw badInput(field, 'must be an ISO 3166-1 alpha-2 country code such as GT');
      return value.trim().toUpperCase();
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw badInput(field, 'must be a number');
      if (def.min !== undefined && value < def.min) throw badInput(field, `must be at least ${def.min}`);
      if (def.max !== undefined && value > def.max) throw badInput(field, `must be at most ${def.max}`);
      return value;
    case 'datetime': {
      const v = value instanceof Date ? value.toISOString() : value;
      if (typeof v !== 'string' || !isIsoDateTime(v)) throw badInput(field, 'must be an ISO 8601 date-time with a time zone');
      return new Date(v).toISOString();
    }
    case 'date':
      if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value)))
        throw badInput(field, 'must be a date as YYYY-MM-DD');
      return value;
    case 'enum':
      if (typeof value !== 'string' || !def.values?.includes(value))
        throw badInput(field, `must be one of ${def.values?.join(', ')}`);
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
  const out: Props = {};
  for (const [name, value] of Object.entries(props)) {
    const pdef = def.props[name];
    if (!pdef) throw badInput(`${prefix}.${name}`, `is not a property of ${def.label}`);
    if (value === undefined || value === null) {
      if (pdef.required && !partial) throw badInput(`${prefix}.${name}`, 'is required');
      continue;
    }
    out[name] = checkProp(`${prefix}.${name}`, pdef, value);
  }
  if (!partial) {
    for (const [name, pdef] of Object.entries(def.props)) {
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
