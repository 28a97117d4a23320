import type BetterSqlite3 from 'better-sqlite3';
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

type Db = BetterSqlite3.Database;

export const PUBLICATION_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS publication (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
  person_id TEXT NOT NULL,
  country TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('PUBLISHED', 'TAKEN_DOWN', 'EXPIRED')),
  fields TEXT NOT NULL CHECK (json_valid(fields)),
  languages TEXT NOT NULL CHECK (json_valid(languages)),
  content TEXT NOT NULL CHECK (json_valid(content)),
  published_by TEXT NOT NULL,
  published_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  review_at TEXT NOT NULL,
  ended_at TEXT,
  ended_by TEXT,
  end_reason TEXT
)`,
  'CREATE INDEX IF NOT EXISTS publication_by_case ON publication (case_id, published_at)',
  'CREATE INDEX IF NOT EXISTS publication_live ON publication (status, country, published_at)',
  `CREATE TABLE IF NOT EXISTS public_tip (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
  publication_id TEXT,
  channel TEXT NOT NULL CHECK (channel IN ('PUBLIC', 'HOTLINE')),
  status TEXT NOT NULL CHECK (status IN ('NEW', 'ACCEPTED', 'MERGED', 'DISMISSED')),
  received_at TEXT NOT NULL,
  late INTEGER NOT NULL,
  content TEXT NOT NULL CHECK (json_valid(content)),
  received_by TEXT,
  decided_by TEXT,
  decided_at TEXT,
  reason TEXT,
  sighting_id TEXT
)`,
  'CREATE INDEX IF NOT EXISTS public_tip_by_case ON public_tip (case_id, received_at)',
  // One row per country whose public site an administrator configured; the logo's bytes (WebP) stay out of the lists.
  `CREATE TABLE IF NOT EXISTS public_site (
  country TEXT PRIMARY KEY CHECK (length(country) = 2),
  site_name TEXT,
  site_names TEXT NOT NULL CHECK (json_valid(site_names)),
  brand_colour TEXT,
  logo_sha256 TEXT,
  logo_width INTEGER,
  logo_height INTEGER,
  logo_data BLOB,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
)`,
];

interface PubRow {
  id: string;
  case_id: string;
  person_id: string;
  country: string;
  status: PublicationStatus;
  fields: string;
  languages: string;
  content: string;
  published_by: string;
  published_at: string;
  updated_by: string;
  updated_at: string;
  review_at: string;
  ended_at: string | null;
  ended_by: string | null;
  end_reason: string | null;
}

interface TipRow {
  id: string;
  case_id: string;
  publication_id: string | null;
  channel: TipRecord['channel'];
  status: TipRecord['status'];
  received_at: string;
  late: number;
  content: string;
  received_by: string | null;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
  sighting_id: string | null;
}

interface SiteRow {
  country: string;
  site_name: string | null;
  site_names: string;
  brand_colour: string | null;
  logo_sha256: string | null;
  logo_width: number | null;
  logo_height: number | null;
  updated_by: string;
  updated_at: string;
}

const SITE_COLUMNS = 'country, site_name, site_names, brand_colour, logo_sha256, logo_width, logo_height, updated_by, updated_at';

const toSite = (r: SiteRow): PublicSiteRecord => ({
  country: r.country,
  siteName: r.site_name,
  siteNames: JSON.parse(r.site_names) as PublicSiteRecord['siteNames'],
  brandColour: r.brand_colour,
  logo: r.logo_sha256 ? { sha256: r.logo_sha256, width: r.logo_width ?? 0, height: r.logo_height ?? 0 } : null,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

const toPub = (r: PubRow): PublicationRecord => ({
  id: r.id,
  caseId: r.case_id,
  personId: r.person_id,
  country: r.country,
  status: r.status,
  fields: JSON.parse(r.fields) as PublicField[],
  languages: JSON.parse(r.languages) as PublicLanguage[],
  content: JSON.parse(r.content) as PublicContent,
  publishedBy: r.published_by,
  publishedAt: r.published_at,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
  reviewAt: r.review_at,
  endedAt: r.ended_at,
  endedBy: r.ended_by,
  endReason: r.end_reason,
});

const toTip = (r: TipRow): TipRecord => ({
  id: r.id,
  caseId: r.case_id,
  publicationId: r.publication_id,
  channel: r.channel,
  status: r.status,
  receivedAt: r.received_at,
  late: r.late === 1,
  content: JSON.parse(r.content) as TipContent,
  receivedBy: r.received_by,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  reason: r.reason,
  sightingId: r.sighting_id,
});

/** Publications and public tips in the server's SQLite file, beside the cases they belong to. */
export class EmbeddedPublicationStore implements PublicationStore {
  private readonly q;
  constructor(db: Db) {
    db.transaction(() => {
      for (const s of PUBLICATION_DDL) db.exec(s);
    })();
    this.q = {
      insert: db.prepare(
        `INSERT INTO publication (id, case_id, person_id, country, status, fields, languages, content, published_by, published_at,
           updated_by, updated_at, review_at, ended_at, ended_by, end_reason)
         VALUES (@id, @caseId, @personId, @country, @status, @fields, @languages, @content, @publishedBy, @publishedAt,
           @updatedBy, @updatedAt, @reviewAt, @endedAt, @endedBy, @endReason)`,
      ),
      update: db.prepare(
        `UPDATE publication SET fields = @fields, languages = @languages, content = @content, updated_by = @updatedBy,
           updated_at = @updatedAt, review_at = @reviewAt WHERE id = @id AND status = 'PUBLISHED'`,
      ),
      get: db.prepare<[string], PubRow>('SELECT * FROM publication WHERE id = ?'),
      ofCase: db.prepare<[string], PubRow>('SELECT * FROM publication WHERE case_id = ? ORDER BY published_at DESC, id DESC'),
      live: db.prepare<[], PubRow>("SELECT * FROM publication WHERE status = 'PUBLISHED' ORDER BY published_at DESC, id DESC"),
      liveIn: db.prepare<[string], PubRow>(
        "SELECT * FROM publication WHERE status = 'PUBLISHED' AND country = ? ORDER BY published_at DESC, id DESC",
      ),
      end: db.prepare<[string, string | null, string, string, string], PubRow>(
        `UPDATE publication SET status = ?, ended_by = ?, ended_at = ?, end_reason = ? WHERE id = ? AND status = 'PUBLISHED' RETURNING *`,
      ),
      due: db.prepare<[string], PubRow>("SELECT * FROM publication WHERE status = 'PUBLISHED' AND review_at <= ? ORDER BY review_at, id"),
      addTip: db.prepare(
        `INSERT INTO public_tip (id, case_id, publication_id, channel, status, received_at, late, content, received_by, decided_by, decided_at,
           reason, sighting_id)
         VALUES (@id, @caseId, @publicationId, @channel, @status, @receivedAt, @late, @content, @receivedBy, @decidedBy, @decidedAt,
           @reason, @sightingId)`,
      ),
      getTip: db.prepare<[string], TipRow>('SELECT * FROM public_tip WHERE id = ?'),
      tips: db.prepare<[string], TipRow>('SELECT * FROM public_tip WHERE case_id = ? ORDER BY received_at DESC, id DESC'),
      decide: db.prepare<[string, string, string, string | null, string | null, string], TipRow>(
        `UPDATE public_tip SET status = ?, decided_by = ?, decided_at = ?, reason = ?, sighting_id = ? WHERE id = ? AND status = 'NEW'
         RETURNING *`,
      ),
      putSite: db.prepare<[Record<string, unknown>], SiteRow>(
        `INSERT INTO public_site (country, site_name, site_names, brand_colour, updated_by, updated_at)
         VALUES (@country, @siteName, @siteNames, @brandColour, @updatedBy, @updatedAt)
         ON CONFLICT (country) DO UPDATE SET site_name = excluded.site_name, site_names = excluded.site_names,
           brand_colour = excluded.brand_colour, updated_by = excluded.updated_by, updated_at = excluded.updated_at
         RETURNING ${SITE_COLUMNS}`,
      ),
      setLogo: db.prepare<[Record<string, unknown>], SiteRow>(
        `INSERT INTO public_site (country, site_names, logo_sha256, logo_width, logo_height, logo_data, updated_by, updated_at)
         VALUES (@country, '{}', @sha256, @width, @height, @data, @updatedBy, @updatedAt)
         ON CONFLICT (country) DO UPDATE SET logo_sha256 = excluded.logo_sha256, logo_width = excluded.logo_width,
           logo_height = excluded.logo_height, logo_data = excluded.logo_data, updated_by = excluded.updated_by,
           updated_at = excluded.updated_at
         RETURNING ${SITE_COLUMNS}`,
      ),
      getSite: db.prepare<[string], SiteRow>(`SELECT ${SITE_COLUMNS} FROM public_site WHERE country = ?`),
      sites: db.prepare<[], SiteRow>(`SELECT ${SITE_COLUMNS} FROM public_site ORDER BY country`),
      logo: db.prepare<[string], { logo_sha256: string | null; logo_data: Buffer | null }>(
        'SELECT logo_sha256, logo_data FROM public_site WHERE country = ?',
      ),
    };
  }

  async putPublicSite(s: PublicSiteSettings): Promise<PublicSiteRecord> {
    return toSite(this.q.putSite.get({ ...s, siteNames: JSON.stringify(s.siteNames) })!);
  }

  async setPublicSiteLogo(
    country: string,
    logo: (PublicSiteLogo & { readonly data: Buffer }) | null,
    updatedBy: string,
    updatedAt: string,
  ): Promise<PublicSiteRecord> {
    const row = this.q.setLogo.get({
      country,
      sha256: logo?.sha256 ?? null,
      width: logo?.width ?? null,
      height: logo?.height ?? null,
      data: logo?.data ?? null,
      updatedBy,
      updatedAt,
    });
    return toSite(row!);
  }

  async getPublicSite(country: string): Promise<PublicSiteRecord | null> {
    const r = this.q.getSite.get(country);
    return r ? toSite(r) : null;
  }

  async publicSites(): Promise<PublicSiteRecord[]> {
    return this.q.sites.all().map(toSite);
  }

  async publicSiteLogo(country: string): Promise<{ sha256: string; data: Buffer } | null> {
    const r = this.q.logo.get(country);
    return r?.logo_sha256 && r.logo_data ? { sha256: r.logo_sha256, data: Buffer.from(r.logo_data) } : null;
  }

  async createPublication(p: PublicationRecord): Promise<void> {
    this.q.insert.run({
      ...p,
      fields: JSON.stringify(p.fields),
      languages: JSON.stringify(p.languages),
      content: JSON.stringify(p.content),
    });
  }

  async updatePublication(u: PublicationUpdate): Promise<boolean> {
    const r = this.q.update.run({
      ...u,
      fields: JSON.stringify(u.fields),
      languages: JSON.stringify(u.languages),
      content: JSON.stringify(u.content),
    });
    return r.changes === 1;
  }

  async getPublication(id: string): Promise<PublicationRecord | null> {
    const r = this.q.get.get(id);
    return r ? toPub(r) : null;
  }

  async publicationsOfCase(caseId: string): Promise<PublicationRecord[]> {
    return this.q.ofCase.all(caseId).map(toPub);
  }

  async livePublications(country: string | null): Promise<PublicationRecord[]> {
    return (country === null ? this.q.live.all() : this.q.liveIn.all(country)).map(toPub);
  }

  async endPublication(
    id: string,
    status: Exclude<PublicationStatus, 'PUBLISHED'>,
    endedBy: string | null,
    endedAt: string,
    reason: string,
  ): Promise<PublicationRecord | null> {
    const r = this.q.end.get(status, endedBy, endedAt, reason, id);
    return r ? toPub(r) : null;
  }

  async dueForReview(now: string): Promise<PublicationRecord[]> {
    return this.q.due.all(now).map(toPub);
  }

  async addTip(t: TipRecord): Promise<void> {
    this.q.addTip.run({ ...t, late: t.late ? 1 : 0, content: JSON.stringify(t.content) });
  }

  async getTip(id: string): Promise<TipRecord | null> {
    const r = this.q.getTip.get(id);
    return r ? toTip(r) : null;
  }

  async tipsOfCase(caseId: string): Promise<TipRecord[]> {
    return this.q.tips.all(caseId).map(toTip);
  }

  async decideTip(d: TipDecision): Promise<TipRecord | null> {
    const r = this.q.decide.get(d.status, d.decidedBy, d.decidedAt, d.reason, d.sightingId, d.id);
    return r ? toTip(r) : null;
  }
}
