import { DriverRunner, type Row, type TxRunner } from '@homeward/neo4j-kit';
import type { Driver } from 'neo4j-driver';
import type {
  PublicContent,
  PublicField,
  PublicLanguage,
  PublicationRecord,
  PublicationStatus,
  PublicationStore,
  PublicationUpdate,
  TipContent,
  TipDecision,
  TipRecord,
} from '../publication';
import type { PublicSiteLogo, PublicSiteRecord, PublicSiteSettings } from '../public-site';
import { CYPHER, type PublicationCypherName } from './cypher';

const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

function toPub(x: Row): PublicationRecord {
  return {
    id: String(x.id),
    caseId: String(x.caseId),
    personId: String(x.personId),
    country: String(x.country),
    status: String(x.status) as PublicationStatus,
    fields: strings(x.fields) as PublicField[],
    languages: strings(x.languages) as PublicLanguage[],
    content: JSON.parse(String(x.content)) as PublicContent,
    publishedBy: String(x.publishedBy),
    publishedAt: String(x.publishedAt),
    updatedBy: String(x.updatedBy),
    updatedAt: String(x.updatedAt),
    reviewAt: String(x.reviewAt),
    endedAt: strOrNull(x.endedAt),
    endedBy: strOrNull(x.endedBy),
    endReason: strOrNull(x.endReason),
  };
}

function toTip(x: Row): TipRecord {
  return {
    id: String(x.id),
    caseId: String(x.caseId),
    publicationId: strOrNull(x.publicationId),
    channel: String(x.channel) as TipRecord['channel'],
    status: String(x.status) as TipRecord['status'],
    receivedAt: String(x.receivedAt),
    late: x.late === true,
    content: JSON.parse(String(x.content)) as TipContent,
    receivedBy: strOrNull(x.receivedBy),
    decidedBy: strOrNull(x.decidedBy),
    decidedAt: strOrNull(x.decidedAt),
    reason: strOrNull(x.reason),
    sightingId: strOrNull(x.sightingId),
  };
}

const intOf = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));

function toSite(x: Row): PublicSiteRecord {
  return {
    country: String(x.country),
    siteName: strOrNull(x.siteName),
    siteNames: JSON.parse(String(x.siteNames ?? '{}')) as PublicSiteRecord['siteNames'],
    brandColour: strOrNull(x.brandColour),
    logo: x.logoSha256 ? { sha256: String(x.logoSha256), width: intOf(x.logoWidth), height: intOf(x.logoHeight) } : null,
    updatedBy: String(x.updatedBy),
    updatedAt: String(x.updatedAt),
  };
}

/**
 * Publications and public tips in Neo4j: one managed transaction per call,
 * statements only from CYPHER; the copy and the tip's content are JSON strings
 * (Neo4j properties hold no maps).
 */
export class Neo4jPublicationStore implements PublicationStore {
  constructor(private readonly db: TxRunner<PublicationCypherName>) {}

  async createPublication(p: PublicationRecord): Promise<void> {
    await this.db.write((tx) =>
      tx.run('createPublication', { ...p, fields: [...p.fields], languages: [...p.languages], content: JSON.stringify(p.content) }),
    );
  }

  async updatePublication(u: PublicationUpdate): Promise<boolean> {
    const rows = await this.db.write((tx) =>
      tx.run('updatePublication', {
        id: u.id,
        fields: [...u.fields],
        languages: [...u.languages],
        content: JSON.stringify(u.content),
        updatedBy: u.updatedBy,
        updatedAt: u.updatedAt,
        reviewAt: u.reviewAt,
      }),
    );
    return rows.length === 1;
  }

  async getPublication(id: string): Promise<PublicationRecord | null> {
    const [row] = await this.db.read((tx) => tx.run('getPublication', { id }));
    return row ? toPub(row.p as Row) : null;
  }

  async publicationsOfCase(caseId: string): Promise<PublicationRecord[]> {
    const rows = await this.db.read((tx) => tx.run('publicationsOfCase', { caseId }));
    return rows.map((r) => toPub(r.p as Row));
  }

  async livePublications(country: string | null): Promise<PublicationRecord[]> {
    const rows = await this.db.read((tx) => tx.run('livePublications', { country }));
    return rows.map((r) => toPub(r.p as Row));
  }

  async endPublication(
    id: string,
    status: Exclude<PublicationStatus, 'PUBLISHED'>,
    endedBy: string | null,
    endedAt: string,
    reason: string,
  ): Promise<PublicationRecord | null> {
    const [row] = await this.db.write((tx) => tx.run('endPublication', { id, status, endedBy, endedAt, endReason: reason }));
    return row ? toPub(row.p as Row) : null;
  }

  async dueForReview(now: string): Promise<PublicationRecord[]> {
    const rows = await this.db.read((tx) => tx.run('dueForReview', { now }));
    return rows.map((r) => toPub(r.p as Row));
  }

  async addTip(t: TipRecord): Promise<void> {
    await this.db.write((tx) => tx.run('addTip', { ...t, content: JSON.stringify(t.content) }));
  }

  async getTip(id: string): Promise<TipRecord | null> {
    const [row] = await this.db.read((tx) => tx.run('getTip', { id }));
    return row ? toTip(row.t as Row) : null;
  }

  async tipsOfCase(caseId: string): Promise<TipRecord[]> {
    const rows = await this.db.read((tx) => tx.run('tipsOfCase', { caseId }));
    return rows.map((r) => toTip(r.t as Row));
  }

  async decideTip(d: TipDecision): Promise<TipRecord | null> {
    const [row] = await this.db.write((tx) => tx.run('decideTip', { ...d }));
    return row ? toTip(row.t as Row) : null;
  }

  async putPublicSite(site: PublicSiteSettings): Promise<PublicSiteRecord> {
    const [row] = await this.db.write((tx) =>
      tx.run('putPublicSite', {
        country: site.country,
        siteName: site.siteName,
        siteNames: JSON.stringify(site.siteNames),
        brandColour: site.brandColour,
        updatedBy: site.updatedBy,
        updatedAt: site.updatedAt,
      }),
    );
    return toSite(row.s as Row);
  }

  async setPublicSiteLogo(
    country: string,
    logo: (PublicSiteLogo & { readonly data: Buffer }) | null,
    updatedBy: string,
    updatedAt: string,
  ): Promise<PublicSiteRecord> {
    const [row] = await this.db.write((tx) =>
      tx.run('setPublicSiteLogo', {
        country,
        logoSha256: logo?.sha256 ?? null,
        logoWidth: logo?.width ?? null,
        logoHeight: logo?.height ?? null,
        // A string property: the driver's byte arrays are not Buffers, and a logo is a few kilobytes.
        logoData: logo ? logo.data.toString('base64') : null,
        updatedBy,
        updatedAt,
      }),
    );
    return toSite(row.s as Row);
  }

  async getPublicSite(country: string): Promise<PublicSiteRecord | null> {
    const [row] = await this.db.read((tx) => tx.run('getPublicSite', { country }));
    return row ? toSite(row.s as Row) : null;
  }

  async publicSites(): Promise<PublicSiteRecord[]> {
    const rows = await this.db.read((tx) => tx.run('publicSites', {}));
    return rows.map((r) => toSite(r.s as Row));
  }

  async publicSiteLogo(country: string): Promise<{ sha256: string; data: Buffer } | null> {
    const [row] = await this.db.read((tx) => tx.run('publicSiteLogo', { country }));
    return row?.sha256 && row.data ? { sha256: String(row.sha256), data: Buffer.from(String(row.data), 'base64') } : null;
  }
}

export function openNeo4jPublicationStore(driver: Driver, database?: string): PublicationStore {
  return new Neo4jPublicationStore(new DriverRunner(driver, CYPHER, { database }));
}
