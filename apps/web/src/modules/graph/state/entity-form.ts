import { ENTITY_KINDS, type EntityKind, type PropDef } from '@homeward/graph-schema';

/** Properties a form shows for a kind (photo references are attached elsewhere, not typed in). */
export function formProps(kind: string): [string, PropDef][] {
  const def = (ENTITY_KINDS as Record<string, { props: Record<string, PropDef> }>)[kind];
  if (!def) return [];
  return Object.entries(def.props).filter(([name]) => name !== 'photoRefs');
}

export function isEntityKind(k: string): k is EntityKind {
  return k in ENTITY_KINDS;
}

export type FormValues = Record<string, string>;

/** Stored value → what the input shows. */
export function toFormValues(kind: string, props: Readonly<Record<string, unknown>> | null | undefined): FormValues {
  const out: FormValues = {};
  for (const [name, def] of formProps(kind)) {
    const v = props?.[name];
    if (v === null || v === undefined) out[name] = '';
    else if (def.type === 'stringList' && Array.isArray(v)) out[name] = v.join(', ');
    else if (def.type === 'datetime' && typeof v === 'string') {
      const d = new Date(v);
      out[name] = Number.isNaN(d.getTime()) ? v : new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    } else out[name] = String(v);
  }
  return out;
}

export interface ParsedForm {
  readonly props: Record<string, unknown>;
  /** Errors found before asking the server (required, not a number). Keys are property names. */
  readonly errors: Record<string, 'required' | 'number'>;
}

/**
 * Form values → the props JSON. Checks only what the browser cannot express;
 * ranges and formats are the server's to judge, and it says which field.
 */
export function parseForm(kind: string, values: FormValues, forUpdate: boolean): ParsedForm {
  const props: Record<string, unknown> = {};
  const errors: Record<string, 'required' | 'number'> = {};
  for (const [name, def] of formProps(kind)) {
    const raw = (values[name] ?? '').trim();
    if (!raw) {
      if (def.required) errors[name] = 'required';
      else if (forUpdate) props[name] = null;
      continue;
    }
    switch (def.type) {
      case 'number': {
        const n = Number(raw.replace(',', '.'));
        if (Number.isFinite(n)) props[name] = n;
        else errors[name] = 'number';
        break;
      }
      case 'stringList':
        props[name] = raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case 'datetime': {
        const d = new Date(raw);
        props[name] = Number.isNaN(d.getTime()) ? raw : d.toISOString();
        break;
      }
      case 'country':
        props[name] = raw.toUpperCase();
        break;
      default:
        props[name] = raw;
    }
  }
  return { props, errors };
}
