/**
 * An independent reader of CAP 1.2 documents for the tests: it parses the XML
 * itself and checks what the OASIS CAP 1.2 specification (section 3.2)
 * requires of each element: presence, order, cardinality, enumerations and
 * value formats. Written from the specification's rules, not from its schema
 * file, and deliberately sharing no code with the builder in cap.ts.
 */

export interface XmlElement {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (s: string) => {
  // A bare '&' (not starting an entity reference) is not well-formed XML.
  if (/&(?!(#x[0-9a-fA-F]+|#\d+|\w+);)/.test(s)) throw new Error('a bare "&" must be written &amp;');
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    if (!(e in ENTITIES)) throw new Error(`unknown entity ${m}`);
    return ENTITIES[e];
  });
};

/** A small well-formedness-checking parser (elements, attributes, text; no DTD, no CDATA). */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const prolog = /^<\?xml[^?]*\?>\s*/.exec(xml);
  if (prolog) i = prolog[0].length;
  while (i < xml.length) {
    if (xml[i] === '<') {
      const end = xml.indexOf('>', i);
      if (end < 0) throw new Error(`unclosed tag at ${i}`);
      const tag = xml.slice(i + 1, end);
      i = end + 1;
      if (tag.startsWith('/')) {
        const open = stack.pop();
        if (!open || open.name !== tag.slice(1).trim()) throw new Error(`mismatched </${tag.slice(1)}>`);
        continue;
      }
      if (tag.startsWith('!') || tag.startsWith('?')) throw new Error(`unexpected markup <${tag}>`);
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const m = /^([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+\s*=\s*"[^"<]*")*)\s*$/.exec(body);
      if (!m) throw new Error(`bad tag <${tag}>`);
      const attrs: Record<string, string> = {};
      for (const a of m[2].matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) attrs[a[1]] = unescape(a[2]);
      const el: XmlElement = { name: m[1], attrs, children: [], text: '' };
      if (stack.length) stack[stack.length - 1].children.push(el);
      else if (root) throw new Error('more than one root element');
      else root = el;
      if (!selfClosing) stack.push(el);
    } else {
      const next = xml.indexOf('<', i);
      const raw = xml.slice(i, next < 0 ? xml.length : next);
      i = next < 0 ? xml.length : next;
      if (raw.includes('>')) throw new Error('">" outside markup must be escaped here');
      if (stack.length) stack[stack.length - 1].text += unescape(raw);
      else if (raw.trim()) throw new Error('text outside the root element');
    }
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

type Rule = { name: string; min: number; max: number; check?: (v: string) => string | null };
const one = (name: string, check?: Rule['check']): Rule => ({ name, min: 1, max: 1, check });
const opt = (name: string, check?: Rule['check']): Rule => ({ name, min: 0, max: 1, check });
const many = (name: string, min = 0, check?: Rule['check']): Rule => ({ name, min, max: Infinity, check });
const oneOf = (values: string[]) => (v: string) => (values.includes(v) ? null : `"${v}" is not one of ${values.join(', ')}`);

/** CAP dateTime: xs:dateTime with a mandatory numeric offset, no "Z", no fractional seconds in practice. */
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d[+-]([01]\d|2[0-3]):[0-5]\d$/;
const dateTime = (v: string) => (DATE_TIME.test(v) ? null : `"${v}" is not a CAP date-time like 2002-05-24T16:49:00-07:00`);
const token = (v: string) => (v.length > 0 && !/[\s,<&]/.test(v) ? null : `"${v}" must not be empty or contain spaces, commas, < or &`);
const text = (v: string) => (v.trim() ? null : 'must not be empty');
const lat = (s: string) => Number.isFinite(Number(s)) && Math.abs(Number(s)) <= 90 && /^-?\d+(\.\d+)?$/.test(s);
const lon = (s: string) => Number.isFinite(Number(s)) && Math.abs(Number(s)) <= 180 && /^-?\d+(\.\d+)?$/.test(s);
const pair = (p: string) => {
  const [a, b, ...rest] = p.split(',');
  return rest.length === 0 && lat(a) && lon(b);
};

const polygon = (v: string) => {
  const pts = v.trim().split(/\s+/);
  if (pts.length < 4) return `polygon has ${pts.length} points; at least 4 are required`;
  if (!pts.every(pair)) return `polygon "${v.slice(0, 60)}" must be "lat,lon" pairs separated by spaces`;
  if (pts[0] !== pts[pts.length - 1]) return 'polygon must be closed (first point = last point)';
  return null;
};
const circle = (v: string) => {
  const m = /^(\S+) (\d+(\.\d+)?)$/.exec(v.trim());
  return m && pair(m[1]) ? null : `circle "${v}" must be "lat,lon radius_km"`;
};
const references = (v: string) => {
  for (const r of v.trim().split(/\s+/)) {
    const parts = r.split(',');
    if (parts.length !== 3 || token(parts[0]) || token(parts[1]) || dateTime(parts[2]))
      return `reference "${r}" must be "sender,identifier,sent"`;
  }
  return null;
};

const ALERT: Rule[] = [
  one('identifier', token),
  one('sender', token),
  one('sent', dateTime),
  one('status', oneOf(['Actual', 'Exercise', 'System', 'Test', 'Draft'])),
  one('msgType', oneOf(['Alert', 'Update', 'Cancel', 'Ack', 'Error'])),
  opt('source', text),
  one('scope', oneOf(['Public', 'Restricted', 'Private'])),
  opt('restriction', text),
  opt('addresses', text),
  many('code'),
  opt('note'),
  opt('references', references),
  opt('incidents'),
  many('info'),
];
const INFO: Rule[] = [
  opt('language', (v) => (/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(v) ? null : `"${v}" is not an RFC 3066 language tag`)),
  many(
    'category',
    1,
    oneOf(['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other']),
  ),
  one('event', text),
  many('responseType', 0, oneOf(['Shelter', 'Evacuate', 'Prepare', 'Execute', 'Avoid', 'Monitor', 'Assess', 'AllClear', 'None'])),
  one('urgency', oneOf(['Immediate', 'Expected', 'Future', 'Past', 'Unknown'])),
  one('severity', oneOf(['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'])),
  one('certainty', oneOf(['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'])),
  opt('audience'),
  many('eventCode'),
  opt('effective', dateTime),
  opt('onset', dateTime),
  opt('expires', dateTime),
  opt('senderName'),
  opt('headline'),
  opt('description'),
  opt('instruction'),
  opt('web'),
  opt('contact'),
  many('parameter'),
  many('resource'),
  many('area'),
];
const RESOURCE: Rule[] = [
  one('resourceDesc', text),
  one('mimeType', (v) => (/^[\w.+-]+\/[\w.+-]+$/.test(v) ? null : `"${v}" is not a MIME type`)),
  opt('size', (v) => (/^\d+$/.test(v) ? null : `"${v}" is not a size in bytes`)),
  opt('uri', text),
  opt('derefUri'),
  opt('digest', (v) => (/^[0-9a-fA-F]{40}$/.test(v) ? null : `"${v}" is not a SHA-1 digest`)),
];
const AREA: Rule[] = [
  one('areaDesc', text),
  many('polygon', 0, polygon),
  many('circle', 0, circle),
  many('geocode'),
  opt('altitude'),
  opt('ceiling'),
];

/** Checks children against an ordered sequence of rules (the order the specification's sequences give). */
function checkSequence(path: string, el: XmlElement, rules: Rule[], problems: string[]): void {
  let r = 0;
  const counts = new Map<string, number>();
  for (const child of el.children) {
    while (r < rules.length && rules[r].name !== child.name) r++;
    if (r === rules.length) {
      problems.push(`${path}: <${child.name}> is unexpected here (unknown or out of order)`);
      return;
    }
    counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
    const rule = rules[r];
    if (rule.check && child.children.length === 0) {
      const p = rule.check(child.text);
      if (p) problems.push(`${path}/${child.name}: ${p}`);
    }
  }
  for (const rule of rules) {
    const n = counts.get(rule.name) ?? 0;
    if (n < rule.min) problems.push(`${path}: <${rule.name}> is required`);
    if (n > rule.max) problems.push(`${path}: <${rule.name}> may appear at most ${rule.max} time(s)`);
  }
}

/** Every CAP 1.2 rule this document breaks; empty when it conforms. */
export function capConformance(xml: string): string[] {
  const problems: string[] = [];
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (err) {
    return [`not well-formed XML: ${(err as Error).message}`];
  }
  if (root.name !== 'alert') return [`root element is <${root.name}>, not <alert>`];
  if (root.attrs.xmlns !== 'urn:oasis:names:tc:emergency:cap:1.2')
    problems.push('alert: the namespace must be urn:oasis:names:tc:emergency:cap:1.2');
  checkSequence('alert', root, ALERT, problems);
  const val = (name: string) => root.children.find((c) => c.name === name)?.text;
  if (val('scope') === 'Restricted' && !val('restriction')) problems.push('alert: <restriction> is required when scope is Restricted');
  if (val('scope') === 'Private' && !val('addresses')) problems.push('alert: <addresses> is required when scope is Private');
  if ((val('msgType') === 'Update' || val('msgType') === 'Cancel') && !val('references'))
    problems.push('alert: an Update or Cancel must carry <references>');
  root.children
    .filter((c) => c.name === 'info')
    .forEach((info, i) => {
      checkSequence(`alert/info[${i}]`, info, INFO, problems);
      info.children
        .filter((c) => c.name === 'resource')
        .forEach((r, j) => checkSequence(`alert/info[${i}]/resource[${j}]`, r, RESOURCE, problems));
      info.children.filter((c) => c.name === 'area').forEach((a, j) => checkSequence(`alert/info[${i}]/area[${j}]`, a, AREA, problems));
    });
  return problems;
}
