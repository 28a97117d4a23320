import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, badInput, newId, type Agency, type EntityRecord } from '@homeward/domain';
import { JOB_STALE_MS } from '@homeward/graph-store';
import {
  DEFAULT_SPREAD,
  POSTER_LANGUAGES,
  POSTER_STRINGS,
  capDigest,
  capTime,
  capXml,
  caseTimeZone,
  circleArea,
  corridorArea,
  fill,
  formatInZone,
  hotlineLines,
  recipientsFor,
  renderPoster,
  whereabouts,
  type AgencyCoverage,
  type AlertRecord,
  type CapInfo,
  type CapResource,
  type ChildRecordStore,
  type PaperSize,
  type PosterLanguage,
  type Sighted,
  type TargetArea as Area,
} from '@homeward/media';
import type { RequestContext } from '../../base/context.js';
import type { AppStores } from '../../base/stores.js';
import { STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { CaseService } from '../cases/case.service.js';
import { posterIssuer } from '../public/poster-issuer.js';
import { CHILD_PHOTO_SOURCE, type ChildPhoto, type ChildPhotoSource } from './child-photos.js';
import { CHILD_RECORDS, POSTER_HOTLINES } from './child.records.js';
import { ChildService, type CaseView } from './child.service.js';
import type {
  AlertPreview,
  AgencyCoverageInput,
  AgencyCoverageView,
  ChildAlert,
  IssueAlertInput,
  PosterFile,
  TargetArea,
  TargetAreaInput,
} from './child.types.js';

function checkLanguages(field: string, languages: readonly string[]): PosterLanguage[] {
  if (languages.length === 0) throw badInput(field, 'choose at least one language');
  if (languages.length > POSTER_LANGUAGES.length * 2) throw badInput(field, 'too many languages');
  for (const l of languages)
    if (!(POSTER_LANGUAGES as readonly string[]).includes(l)) throw badInput(field, `${l} is not one of ${POSTER_LANGUAGES.join(', ')}`);
  return [...new Set(languages)] as PosterLanguage[];
}

function checkArea(input: TargetAreaInput): void {
  const num = (f: keyof TargetAreaInput, min: number, max: number) => {
    const v = input[f] as number;
    if (!Number.isFinite(v) || v < min || v > max) throw badInput(`area.${f}`, `must be between ${min} and ${max}`);
  };
  num('baseKm', 0, 1000);
  num('speedKmh', 0, 1000);
  num('capKm', 1, 5000);
  num('bufferKm', 0.1, 500);
}

const DEFAULT_AREA: TargetAreaInput = {
  kind: 'CIRCLE',
  baseKm: DEFAULT_SPREAD.baseKm,
  speedKmh: DEFAULT_SPREAD.speedKmh,
  capKm: DEFAULT_SPREAD.capKm,
  bufferKm: 20,
};

/** Issuing an alert with a client request id is a job of this kind (one per case, user and request id). */
const ALERT_JOB = 'alert-issue';

@Injectable()
export class ChildOutputsService {
  constructor(
    @Inject(STORES) private readonly stores: AppStores,
    @Inject(CHILD_RECORDS) private readonly records: ChildRecordStore,
    @Inject(POSTER_HOTLINES) private readonly hotlines: Record<string, string>,
    @Inject(CHILD_PHOTO_SOURCE) private readonly photos: ChildPhotoSource,
    private readonly access: AccessService,
    private readonly child: ChildService,
    private readonly cases: CaseService,
  ) {}

  /**
   * Where the child is known to have been, oldest first: the confirmed sightings of the child and the
   * report's last-seen place (libs/media whereabouts), so a circle is drawn around the very place the
   * headline names. Only a case with neither falls back to every sighting of the case with a place.
   */
  private sightings(v: CaseView): Sighted[] {
    const point = (loc: EntityRecord, at: string): Sighted => ({
      lat: Number(loc.props.latitude),
      lon: Number(loc.props.longitude),
      at: new Date(at),
      country: String(loc.props.country),
      name: String(loc.props.name ?? loc.label),
    });
    const known = whereabouts({ caseRecord: v.caseRecord, graph: v.graph, child: v.child, reportedPlace: v.lastSeenLocation });
    if (known.length) return known.map((p) => point(p.place!, p.at ?? v.caseRecord.reportedAt));
    const byId = new Map(v.graph.nodes.map((n) => [n.id, n]));
    const out: Sighted[] = [];
    for (const e of v.graph.edges) {
      const s = byId.get(e.source);
      const loc = byId.get(e.target);
      if (
        e.type === 'SIGHTED_AT' &&
        s?.kind === 'SIGHTING' &&
        loc?.kind === 'LOCATION' &&
        Number.isFinite(Date.parse(String(s.props.observedAt)))
      )
        out.push(point(loc, String(s.props.observedAt)));
    }
    return out.sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  private async coverages(): Promise<AgencyCoverage[]> {
    const [agencies, stored] = await Promise.all([this.stores.accounts.listAgencies(), this.records.coverages()]);
    const byAgency = new Map(stored.map((c) => [c.agencyId, c]));
    // An agency without a recorded coverage works in its own country.
    return agencies.map((a) => byAgency.get(a.id) ?? { agencyId: a.id, countries: [a.country], circles: [] });
  }

  private async area(v: CaseView, input: TargetAreaInput, now: Date): Promise<{ area: Area; recipients: Agency[] }> {
    checkArea(input);
    const points = this.sightings(v);
    if (points.length === 0) throw badInput('area', 'the case has no last-seen place or sighting with a location to draw an area from');
    const area =
      input.kind === 'CORRIDOR'
        ? corridorArea(points, input.bufferKm)
        : circleArea(points[points.length - 1], now, { baseKm: input.baseKm, speedKmh: input.speedKmh, capKm: input.capKm });
    const ids = new Set(recipientsFor(area, await this.coverages()));
    const recipients = (await this.stores.accounts.listAgencies()).filter((a) => ids.has(a.id));
    return { area, recipients };
  }

  /** Every agency's coverage, recorded or defaulted to its country. */
  async agencyCoverages(ctx: RequestContext): Promise<AgencyCoverageView[]> {
    const p = this.access.principal(ctx);
    if (p.role !== 'ADMIN' && p.role !== 'SUPERVISOR')
      throw new DomainError(ErrorCode.Forbidden, `a ${p.role.toLowerCase()} may not read agency coverage`);
    const recorded = new Set((await this.records.coverages()).map((c) => c.agencyId));
    return (await this.coverages()).map((c) => ({
      agencyId: c.agencyId,
      countries: [...c.countries],
      circles: c.circles.map((x) => ({ ...x })),
      recorded: recorded.has(c.agencyId),
    }));
  }

  /** An administrator records where an agency works; checked whole before it is stored. */
  async setAgencyCoverage(ctx: RequestContext, agencyId: string, input: AgencyCoverageInput): Promise<AgencyCoverageView> {
    this.access.allow(ctx, 'accounts.manage');
    if (!(await this.stores.accounts.getAgency(agencyId))) throw new DomainError(ErrorCode.NotFound, `agency ${agencyId} not found`, 'id');
    if (input.countries.length > 250) throw badInput('input.countries', 'at most 250 countries');
    if (input.circles.length > 100) throw badInput('input.circles', 'at most 100 circles');
    const countries = [...new Set(input.countries.map((c) => c.trim().toUpperCase()))];
    countries.forEach((c, i) => {
      if (!/^[A-Z]{2}$/.test(c)) throw badInput(`input.countries.${i}`, 'must be an ISO 3166-1 alpha-2 country code such as GT');
    });
    input.circles.forEach((c, i) => {
      if (!Number.isFinite(c.lat) || Math.abs(c.lat) > 90) throw badInput(`input.circles.${i}.lat`, 'must be between -90 and 90');
      if (!Number.isFinite(c.lon) || Math.abs(c.lon) > 180) throw badInput(`input.circles.${i}.lon`, 'must be between -180 and 180');
      if (!Number.isFinite(c.radiusKm) || c.radiusKm <= 0 || c.radiusKm > 5000)
        throw badInput(`input.circles.${i}.radiusKm`, 'must be more than 0 and at most 5000');
    });
    const circles = input.circles.map((c) => ({ lat: c.lat, lon: c.lon, radiusKm: c.radiusKm }));
    await this.records.setCoverage({ agencyId, countries, circles });
    return { agencyId, countries, circles, recorded: true };
  }

  async targetArea(ctx: RequestContext, caseId: string, input: TargetAreaInput | null | undefined): Promise<TargetArea> {
    const v = await this.child.view(ctx, caseId);
    const { area, recipients } = await this.area(v, input ?? DEFAULT_AREA, new Date());
    return {
      kind: area.kind,
      description: area.description,
      circles: area.circles.map((c) => ({ ...c })),
      polygons: area.polygons.map((r) => ({ points: r.map((p) => ({ ...p })) })),
      countries: [...area.countries],
      recipients,
    };
  }

  /** Countries a poster and an alert give a hotline for: every country the case concerns (the case list's). */
  private countries(ctx: RequestContext, v: CaseView): Promise<string[]> {
    return this.cases.countries(ctx, v.caseRecord, v.graph);
  }

  private async photo(ctx: RequestContext, v: CaseView): Promise<ChildPhoto | null> {
    return v.child ? this.photos.photoOf(ctx, v.caseRecord.id, v.child.id) : null;
  }

  async poster(ctx: RequestContext, caseId: string, languages: string[], paper: string): Promise<PosterFile> {
    const langs = checkLanguages('languages', languages);
    if (paper !== 'A4' && paper !== 'LETTER') throw badInput('paper', 'must be A4 or LETTER');
    const v = await this.child.view(ctx, caseId);
    if (!v.child) throw badInput('caseId', 'record the missing child’s profile first');
    const profile = this.child.toProfile(v);
    const countries = await this.countries(ctx, v);
    const photo = await this.photo(ctx, v);
    const printable = photo?.printable ?? null;
    // Issued by the public site of the case's country once that site has settings of its own.
    const site = await this.stores.publications.getPublicSite(v.caseRecord.country.toUpperCase());
    const issuer = site ? await posterIssuer(this.stores.publications, site) : null;
    const pdf = await renderPoster(
      {
        reference: v.caseRecord.reference,
        name: profile.fullName ?? v.child.label,
        aliases: profile.aliases,
        age: profile.ageAtDisappearance,
        description: profile.physicalDescription,
        clothing: profile.clothing,
        languagesSpoken: profile.languagesSpoken,
        lastSeenAt: profile.lastSeen.at ? new Date(profile.lastSeen.at) : null,
        lastSeenPlace: profile.lastSeen.location ? `${profile.lastSeen.location.name} (${profile.lastSeen.location.country})` : null,
        lastSeenBasis: profile.lastSeen.basis,
        timeZone: caseTimeZone(v.caseRecord.country),
        countries,
        photo: printable,
        issuer,
      },
      { languages: langs, paper: paper as PaperSize, hotlines: this.hotlines },
    );
    return {
      filename: `poster-${v.caseRecord.reference}-${langs.join('-')}-${paper.toLowerCase()}.pdf`,
      mimeType: 'application/pdf',
      size: pdf.length,
      base64: pdf.toString('base64'),
      hotlines: hotlineLines(countries, this.hotlines),
      withPhoto: printable !== null,
    };
  }

  async alerts(ctx: RequestContext, caseId: string): Promise<ChildAlert[]> {
    await this.access.onCase(ctx, caseId, 'case.read');
    const [list, agencies] = await Promise.all([this.records.alerts(caseId), this.stores.accounts.listAgencies()]);
    return list.map((a) => this.toAlert(a, agencies));
  }

  private toAlert(a: AlertRecord, agencies: Agency[]): ChildAlert {
    const byId = new Map(agencies.map((x) => [x.id, x]));
    return { ...a, languages: [...a.languages], recipients: a.recipients.map((id) => byId.get(id)).filter((x): x is Agency => !!x) };
  }

  /**
   * Issues a CAP 1.2 Alert, Update or Cancel; a supervisor's action, recorded with its recipients.
   *
   * With a `requestId` (the client's, kept across its retries) an issue happens once: a retry after a
   * lost answer (a replica that died, a dropped connection) gets the alert already issued, and while
   * the first attempt is under way on any replica a second is refused. The attempt is a job in the
   * shared job store; one whose replica died (no heartbeat for JOB_STALE_MS) is looked up among the
   * case's alerts before it is taken over, so that an alert recorded just before the death is not sent again.
   */
  async issueAlert(ctx: RequestContext, caseId: string, input: IssueAlertInput): Promise<ChildAlert> {
    if (!input.requestId) {
      const { rec, recipients } = await this.composeAlert(ctx, caseId, input);
      await this.records.addAlert(rec);
      return this.toAlert(rec, recipients);
    }
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(input.requestId))
      throw badInput('input.requestId', 'must be 8 to 64 letters, digits, - or _ (one per alert the user means to issue)');
    const p = await this.access.onCase(ctx, caseId, 'alert.issue');
    const key = `${caseId}:${p.userId}:${input.requestId}`;
    const issued = async (alertId: string) => {
      const rec = (await this.records.alerts(caseId)).find((a) => a.id === alertId);
      if (!rec) throw new DomainError(ErrorCode.NotFound, `alert ${alertId} not found`, 'input.requestId');
      return this.toAlert(rec, await this.stores.accounts.listAgencies());
    };
    const before = await this.stores.jobs.get(ALERT_JOB, key);
    if (before?.state === 'DONE' && typeof before.progress.alertId === 'string') return issued(before.progress.alertId);
    // Only an earlier attempt that can no longer finish (its replica died: no heartbeat, or it failed) is looked up
    // among the case's alerts: one under way is left to finish (its alert is not recorded yet, and the lookup by
    // issuer and time would find the alert before it, issued a moment earlier for another request).
    const underWay = before?.state === 'RUNNING' && before.heartbeatAt >= Date.now() - JOB_STALE_MS;
    if (before && !underWay) {
      // An earlier attempt whose answer was lost: if its alert was recorded, that is the answer.
      const recorded = (await this.records.alerts(caseId)).find(
        (a) => a.issuedBy === p.userId && a.msgType === input.msgType && Date.parse(a.sent) >= before.startedAt - 1000,
      );
      if (recorded) {
        await this.stores.jobs.update(ALERT_JOB, key, before.run, Date.now(), {
          state: 'DONE',
          finishedAt: Date.now(),
          progress: { alertId: recorded.id },
        });
        return issued(recorded.id);
      }
    }
    const run = newId('run');
    const { started, job } = await this.stores.jobs.start({
      kind: ALERT_JOB,
      key,
      run,
      owner: 'issueAlert',
      startedBy: p.userId,
      now: Date.now(),
      staleMs: JOB_STALE_MS,
      progress: {},
      // An attempt that looked before a simultaneous one finished gets that one's alert, not a second alert.
      keepDone: true,
    });
    if (!started && job.state === 'DONE' && typeof job.progress.alertId === 'string') return issued(job.progress.alertId);
    if (!started)
      throw new DomainError(
        ErrorCode.Conflict,
        'this alert is being issued: wait a moment and look at the case’s alerts',
        'input.requestId',
      );
    try {
      const { rec, recipients } = await this.composeAlert(ctx, caseId, input);
      await this.records.addAlert(rec);
      await this.stores.jobs.update(ALERT_JOB, key, run, Date.now(), {
        state: 'DONE',
        finishedAt: Date.now(),
        progress: { alertId: rec.id },
      });
      return this.toAlert(rec, recipients);
    } catch (err) {
      await this.stores.jobs
        .update(ALERT_JOB, key, run, Date.now(), {
          state: 'FAILED',
          finishedAt: Date.now(),
          error: err instanceof Error ? err.message.slice(0, 300) : 'failed',
        })
        .catch(() => undefined);
      throw err;
    }
  }

  /**
   * The alert exactly as issueAlert would send it now (each language's text, the area, the recipients,
   * the XML), stored nowhere: what a supervisor reads before confirming.
   */
  async previewAlert(ctx: RequestContext, caseId: string, input: IssueAlertInput): Promise<AlertPreview> {
    const { rec, recipients, infos } = await this.composeAlert(ctx, caseId, input);
    return {
      msgType: rec.msgType,
      status: input.status,
      areaDescription: rec.areaDescription,
      recipients,
      xml: rec.xml,
      infos: infos.map((i) => ({
        language: i.language,
        headline: i.headline ?? '',
        description: i.description ?? '',
        instruction: i.instruction ?? null,
        contact: i.contact ?? null,
      })),
    };
  }

  private async composeAlert(
    ctx: RequestContext,
    caseId: string,
    input: IssueAlertInput,
  ): Promise<{ rec: AlertRecord; recipients: Agency[]; infos: CapInfo[] }> {
    const p = await this.access.onCase(ctx, caseId, 'alert.issue');
    const langs = checkLanguages('input.languages', input.languages);
    if (input.note && input.note.length > 1000) throw badInput('input.note', 'must be at most 1000 characters');
    const v = await this.child.view(ctx, caseId);
    if (!v.child) throw badInput('caseId', 'record the missing child’s profile first');
    const profile = this.child.toProfile(v);
    const earlier = await this.records.alerts(caseId);
    let first: AlertRecord | null = null;
    if (input.msgType !== 'Alert') {
      const originals = earlier.filter((a) => a.msgType === 'Alert');
      first = input.referencesId ? (originals.find((a) => a.id === input.referencesId) ?? null) : (originals[originals.length - 1] ?? null);
      if (!first)
        throw badInput(
          'input.referencesId',
          input.referencesId ? 'is not an Alert of this case' : `an ${input.msgType} needs an earlier Alert of this case`,
        );
      if (earlier.some((a) => a.msgType === 'Cancel' && a.referencesId === first!.id))
        throw badInput('input.referencesId', 'that alert is already cancelled');
    } else if (input.referencesId) {
      throw badInput('input.referencesId', 'only an Update or a Cancel refers to an earlier alert');
    }
    const now = new Date();
    const { area, recipients } = await this.area(v, input.area ?? DEFAULT_AREA, now);
    const photo = await this.photo(ctx, v);
    const resources: CapResource[] = photo
      ? [
          {
            resourceDesc: photo.description,
            mimeType: photo.mimeType,
            size: photo.bytes.length,
            uri: photo.uri,
            digest: capDigest(photo.bytes),
          },
        ]
      : [];
    const name = profile.fullName ?? v.child.label;
    // The headline names the place the circle is drawn around (the same derivation, libs/media last-seen).
    const seen = profile.lastSeen;
    const place = seen.location?.name ?? area.description;
    const zone = caseTimeZone(v.caseRecord.country);
    const hotlines = hotlineLines(await this.countries(ctx, v), this.hotlines).filter((h) => h.number);
    const contact = hotlines.map((h) => `${h.country} ${h.number}`).join(', ') || undefined;
    const cancel = input.msgType === 'Cancel';
    const infos: CapInfo[] = langs.map((lang) => {
      const t = POSTER_STRINGS[lang];
      const details = [
        profile.ageAtDisappearance !== null ? `${t.age}: ${profile.ageAtDisappearance} ${t.years}` : null,
        profile.physicalDescription ? `${t.description}: ${profile.physicalDescription}` : null,
        profile.clothing ? `${t.clothing}: ${profile.clothing}` : null,
        seen.at
          ? `${t.lastSeen} (${seen.basis === 'SIGHTING' ? t.seenSighting : t.seenReported}): ${formatInZone(new Date(seen.at), lang, zone)}, ${place}`
          : null,
        `${t.reference}: ${v.caseRecord.reference}`,
      ].filter(Boolean);
      return {
        language: lang,
        categories: ['Rescue'],
        event: t.capEvent,
        urgency: cancel ? 'Past' : 'Immediate',
        severity: cancel ? 'Minor' : 'Severe',
        certainty: cancel ? 'Observed' : 'Likely',
        senderName: undefined,
        headline: (cancel ? fill(t.capCancelled, { name }) : fill(t.capHeadline, { name, place })).slice(0, 160),
        description: details.join('\n'),
        instruction: cancel ? undefined : t.capInstruction,
        contact,
        resources: cancel ? [] : resources,
        areas: [{ areaDesc: area.description, circles: area.circles, polygons: area.polygons }],
      };
    });
    const sender = `homeward:${p.agencyId}`;
    const id = `homeward-${v.caseRecord.reference}-${newId('cap').slice(4)}`;
    const sent = capTime(now);
    let xml: string;
    try {
      xml = capXml({
        identifier: id,
        sender,
        sent,
        status: input.status,
        msgType: input.msgType,
        scope: 'Public',
        note: input.note?.trim() || undefined,
        references: first ? [{ sender: first.sender, identifier: first.id, sent: first.sent }] : [],
        infos,
      });
    } catch (err) {
      throw new DomainError(ErrorCode.BadUserInput, (err as Error).message);
    }
    const rec: AlertRecord = {
      id,
      caseId,
      msgType: input.msgType,
      referencesId: first?.id ?? null,
      sent,
      sender,
      languages: langs,
      recipients: recipients.map((r) => r.id),
      areaDescription: area.description,
      xml,
      issuedBy: p.userId,
    };
    return { rec, recipients, infos };
  }
}
