import { Inject, Injectable } from '@nestjs/common';
import type { EntityKind, LinkType } from '@homeward/graph-schema';
import { DomainError, ErrorCode, badInput, type LinkRecord } from '@homeward/domain';
import type { StateStores } from '@homeward/graph-store';
import {
  checkSpeed,
  findPaths,
  placedSightings,
  travelCheck,
  travelChecks,
  type PathMode,
  type SubjectTravelCheck,
} from '@homeward/analysis';
import type { RequestContext } from '../../base/context.js';
import type { Config } from '../../base/config.js';
import { CONFIG, STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { toEdge, toNode } from '../graph/graph.mapper.js';
import type { PathsResult, TravelCheck } from './paths.types.js';

export interface PathArgs {
  fromId: string;
  toId: string;
  mode: PathMode;
  k?: number | null;
  maxLength: number;
  kinds?: EntityKind[] | null;
  linkTypes?: LinkType[] | null;
  minReliability?: string | null;
  minCredibility?: number | null;
  timeRespecting?: boolean | null;
  maxGapHours?: number | null;
  nodeBudget?: number | null;
}

/** k when not given: a few alternatives for SHORTEST, a readable list for ALL. */
const DEFAULT_K: Record<PathMode, number> = { SHORTEST: 3, ALL: 50 };

/** Paths and travel feasibility over the caller's cases (libs/analysis does the work; this checks access and maps). */
@Injectable()
export class PathsService {
  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    @Inject(CONFIG) private readonly config: Config,
    private readonly access: AccessService,
  ) {}

  async paths(ctx: RequestContext, a: PathArgs): Promise<PathsResult> {
    this.access.allow(ctx, 'graph.analyse');
    const scope = await this.access.scope(ctx);
    const found = await findPaths(this.stores.graph, scope, { ...a, k: a.k ?? DEFAULT_K[a.mode] });
    const edges = new Map<string, LinkRecord>();
    for (const p of found.paths) for (const l of p.links) edges.set(l.id, l);
    return {
      paths: found.paths.map((p) => ({
        nodeIds: p.nodeIds,
        edgeIds: p.links.map((l) => l.id),
        length: p.links.length,
        reliability: p.grade.reliability,
        credibility: p.grade.credibility,
        grade: p.grade.label,
        weakestLinkId: p.grade.weakestLinkId,
        stepTimes: p.stepTimes,
      })),
      nodes: found.nodes.map((n) => toNode(n)),
      edges: [...edges.values()].map(toEdge),
      truncated: found.truncated,
      visited: found.visited,
    };
  }

  /** Two sightings of the same person or vehicle: could it have gone from one place to the other in the time between? */
  async travelFeasibility(ctx: RequestContext, fromId: string, toId: string, speedKmh?: number | null): Promise<TravelCheck> {
    this.access.allow(ctx, 'graph.analyse');
    const speed = checkSpeed(speedKmh ?? this.config.travelSpeedKmh);
    if (fromId === toId) throw badInput('toId', 'must differ from fromId');
    const scope = await this.access.scope(ctx);
    const ends = await this.stores.graph.getEntities([fromId, toId], scope);
    for (const [field, id] of [
      ['fromId', fromId],
      ['toId', toId],
    ] as const) {
      const e = ends.find((x) => x.id === id);
      // Not visible reads as not found: nothing confirms that an entity of another case exists.
      if (!e) throw new DomainError(ErrorCode.NotFound, `${field}: sighting ${id} not found`, field);
      if (e.kind !== 'SIGHTING') throw badInput(field, `entity ${id} is a ${e.kind}, not a sighting`);
    }
    const around = await this.stores.graph.neighborhood({ ids: [fromId, toId], depth: 1, linkTypes: ['SIGHTED_AT', 'SIGHTING_OF'] }, scope);
    const { placed, seenBy } = placedSightings(around);
    const a = placed.get(fromId);
    if (!a) throw badInput('fromId', 'the sighting has no located place (no SIGHTED_AT link to a location)');
    const b = placed.get(toId);
    if (!b) throw badInput('toId', 'the sighting has no located place (no SIGHTED_AT link to a location)');
    const subjectId = [...seenBy].find(([, sightings]) => sightings.includes(fromId) && sightings.includes(toId))?.[0];
    if (!subjectId) throw badInput('toId', 'the two sightings share no person or vehicle');
    const label = around.nodes.find((n) => n.id === subjectId)?.label ?? subjectId;
    return this.toCheck({ ...travelCheck(a, b, speed), subjectId }, new Map([[subjectId, label]]));
  }

  /** Consecutive sightings of each person and vehicle of a case that no one could travel between at `speedKmh` (all pairs when `all`). */
  async caseTravelChecks(ctx: RequestContext, caseId: string, speedKmh?: number | null, all = false): Promise<TravelCheck[]> {
    await this.access.onCase(ctx, caseId, 'case.read');
    const speed = checkSpeed(speedKmh ?? this.config.travelSpeedKmh);
    const g = await this.stores.graph.caseGraph(caseId, await this.access.scope(ctx));
    const labels = new Map(g.nodes.map((n) => [n.id, n.label]));
    return travelChecks(g, speed, all).map((c) => this.toCheck(c, labels));
  }

  private toCheck(c: SubjectTravelCheck, labels: ReadonlyMap<string, string>): TravelCheck {
    return {
      subjectId: c.subjectId,
      subjectLabel: labels.get(c.subjectId) ?? c.subjectId,
      fromSightingId: c.from.sightingId,
      toSightingId: c.to.sightingId,
      fromAt: c.from.observedAt,
      toAt: c.to.observedAt,
      fromLocationId: c.from.locationId,
      toLocationId: c.to.locationId,
      distanceKm: Math.round(c.distanceKm * 1000) / 1000,
      hours: Math.round(c.hours * 10_000) / 10_000,
      neededKmh: c.neededKmh === null ? null : Math.round(c.neededKmh * 10) / 10,
      speedKmh: c.speedKmh,
      feasible: c.feasible,
    };
  }
}
