/**
 * OASIS Common Alerting Protocol 1.2 messages for an emergency child alert.
 * The builder writes the elements in the order the CAP 1.2 schema requires
 * and formats each value the way the specification says (times with a
 * numeric offset, "-00:00" for UTC; circles as "lat,lon radius"; polygons as
 * closed rings of at least four "lat,lon" pairs).
 */
import { createHash } from 'node:crypto';
import type { Circle, Ring } from './area';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

export type CapStatus = 'Actual' | 'Exercise' | 'System' | 'Test' | 'Draft';
export type CapMsgType = 'Alert' | 'Update' | 'Cancel' | 'Ack' | 'Error';
export type CapScope = 'Public' | 'Restricted' | 'Private';
export type CapCategory =
  'Geo' | 'Met' | 'Safety' | 'Security' | 'Rescue' | 'Fire' | 'Health' | 'Env' | 'Transport' | 'Infra' | 'CBRNE' | 'Other';
export type CapUrgency = 'Immediate' | 'Expected' | 'Future' | 'Past' | 'Unknown';
export type CapSeverity = 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown';
export type CapCertainty = 'Observed' | 'Likely' | 'Possible' | 'Unlikely' | 'Unknown';

export interface CapReference {
  readonly sender: string;
  readonly identifier: string;
  readonly sent: string;
}

export interface CapResource {
  readonly resourceDesc: string;
  readonly mimeType: string;
  readonly size?: number;
  readonly uri?: string;
  /** SHA-1 of the resource, hex (CAP 1.2 names SHA-1). */
  readonly digest?: string;
}

export interface CapArea {
  readonly areaDesc: string;
  readonly polygons: readonly Ring[];
  readonly circles: readonly Circle[];
}

export interface CapInfo {
  readonly language: string;
  readonly categories: readonly CapCategory[];
  readonly event: string;
  readonly urgency: CapUrgency;
  readonly severity: CapSeverity;
  readonly certainty: CapCertainty;
  readonly senderName?: string;
  readonly expires?: string;
  readonly headline?: string;
  readonly description?: string;
  readonly instruction?: string;
  readonly contact?: string;
  readonly resources: readonly CapResource[];
  readonly areas: readonly CapArea[];
}

export interface CapMessage {
  readonly identifier: string;
  readonly sender: string;
  /** As formatted by capTime. */
  readonly sent: string;
  readonly status: CapStatus;
  readonly msgType: CapMsgType;
  readonly scope: CapScope;
  /** Required when scope is Restricted. */
  readonly restriction?: string;
  /** Required when scope is Private: space-separated addresses. */
  readonly addresses?: string;
  readonly note?: string;
  readonly references: readonly CapReference[];
  readonly infos: readonly CapInfo[];
}

/** Identifiers and senders must not hold spaces, commas, '<' or '&' (CAP 1.2, 3.2.1). */
export const CAP_TOKEN = /^[^\s,<&]+$/;

/** CAP 1.2 dateTime: "2002-05-24T16:49:00-07:00"; no fractions, no "Z" (UTC is "-00:00"). */
export function capTime(at: Date, offsetMinutes = 0): string {
  const local = new Date(at.getTime() + offsetMinutes * 60_000);
  const iso = local.toISOString().slice(0, 19);
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${iso}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The SHA-1 digest CAP 1.2 asks for in <resource><digest>. */
export function capDigest(content: Uint8Array): string {
  return createHash('sha1').update(content).digest('hex');
}

/** XML text and attribute escaping; characters XML 1.0 cannot carry at all are dropped. */
export function xmlEscape(s: string): string {
  return (
    s
      // The allowed ranges of XML 1.0 (Char production) have to name the control characters tab, LF and CR.
      // eslint-disable-next-line no-control-regex
      .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const coord = (v: number) => String(Math.round(v * 1e5) / 1e5);
export const capCircle = (c: Circle) => `${coord(c.lat)},${coord(c.lon)} ${Math.round(c.radiusKm * 10) / 10}`;
export const capPolygon = (r: Ring) => r.map((p) => `${coord(p.lat)},${coord(p.lon)}`).join(' ');

/** What makes a message invalid CAP, before anything is written; null when it is fine. */
export function capProblem(m: CapMessage): string | null {
  if (!CAP_TOKEN.test(m.identifier)) return 'identifier: must not be empty or contain spaces, commas, < or &';
  if (!CAP_TOKEN.test(m.sender)) return 'sender: must not be empty or contain spaces, commas, < or &';
  if ((m.msgType === 'Update' || m.msgType === 'Cancel') && m.references.length === 0)
    return `references: a ${m.msgType} must reference the earlier message`;
  if (m.scope === 'Restricted' && !m.restriction) return 'restriction: required when scope is Restricted';
  if (m.scope === 'Private' && !m.addresses) return 'addresses: required when scope is Private';
  for (const [i, info] of m.infos.entries()) {
    if (info.categories.length === 0) return `infos.${i}.categories: at least one`;
    for (const a of info.areas) {
      for (const r of a.polygons) {
        if (r.length < 4) return `infos.${i}.areas.polygon: at least 4 points`;
        const [f, l] = [r[0], r[r.length - 1]];
        if (f.lat !== l.lat || f.lon !== l.lon) return `infos.${i}.areas.polygon: the first and last points must be the same`;
      }
    }
  }
  return null;
}

/** The CAP 1.2 XML document of a message. */
export function capXml(m: CapMessage): string {
  const problem = capProblem(m);
  if (problem) throw new Error(problem);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<alert xmlns="${CAP_NAMESPACE}">`];
  const el = (indent: number, name: string, value: string | number | undefined) => {
    if (value === undefined || value === '') return;
    out.push(`${'  '.repeat(indent)}<${name}>${xmlEscape(String(value))}</${name}>`);
  };
  el(1, 'identifier', m.identifier);
  el(1, 'sender', m.sender);
  el(1, 'sent', m.sent);
  el(1, 'status', m.status);
  el(1, 'msgType', m.msgType);
  el(1, 'scope', m.scope);
  el(1, 'restriction', m.restriction);
  el(1, 'addresses', m.addresses);
  el(1, 'note', m.note);
  if (m.references.length) el(1, 'references', m.references.map((r) => `${r.sender},${r.identifier},${r.sent}`).join(' '));
  for (const info of m.infos) {
    out.push('  <info>');
    el(2, 'language', info.language);
    for (const c of info.categories) el(2, 'category', c);
    el(2, 'event', info.event);
    el(2, 'urgency', info.urgency);
    el(2, 'severity', info.severity);
    el(2, 'certainty', info.certainty);
    el(2, 'expires', info.expires);
    el(2, 'senderName', info.senderName);
    el(2, 'headline', info.headline);
    el(2, 'description', info.description);
    el(2, 'instruction', info.instruction);
    el(2, 'contact', info.contact);
    for (const r of info.resources) {
      out.push('    <resource>');
      el(3, 'resourceDesc', r.resourceDesc);
      el(3, 'mimeType', r.mimeType);
      el(3, 'size', r.size);
      el(3, 'uri', r.uri);
      el(3, 'digest', r.digest);
      out.push('    </resource>');
    }
    for (const a of info.areas) {
      out.push('    <area>');
      el(3, 'areaDesc', a.areaDesc);
      for (const p of a.polygons) el(3, 'polygon', capPolygon(p));
      for (const c of a.circles) el(3, 'circle', capCircle(c));
      out.push('    </area>');
    }
    out.push('  </info>');
  }
  out.push('</alert>', '');
  return out.join('\n');
}
