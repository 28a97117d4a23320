import { Inject, Injectable } from '@nestjs/common';
import type { StateStores } from '@homeward/graph-store';
import type { RequestContext } from '../../base/context.js';
import { STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { toNode } from '../graph/graph.mapper.js';
import type { CrossCaseLinks } from './crosscase.types.js';
import type { IntBounds } from '../../base/args.js';

/** k is small on purpose: every extra link multiplies what is read; three already spans most of a network. */
/** How many links away another case may be to be listed as near. */
export const CROSS_CASE_DISTANCE: IntBounds = { default: 1, min: 0, max: 3 };
const MAX_NEAR = 100;

@Injectable()
export class CrossCaseService {
  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    private readonly access: AccessService,
  ) {}

  async crossCaseLinks(ctx: RequestContext, caseId: string, maxDistance: number): Promise<CrossCaseLinks> {
    await this.access.onCase(ctx, caseId, 'graph.analyse');
    const scope = await this.access.scope(ctx);
    // No case graph here: the store reports shared entities and matches by id, and only the few entities
    // shown are read whole.
    const matches = await this.stores.graph.crossCaseMatches(caseId, scope);
    const near = (await this.stores.graph.nearCases(caseId, maxDistance, scope)).slice(0, MAX_NEAR);
    const shown = new Set([
      ...matches.shared.map((s) => s.entityId),
      ...matches.identifiers.map((m) => m.entityId),
      ...matches.hidden.map((h) => h.entityId),
    ]);
    const records = new Map((await this.stores.graph.getEntities([...shown], scope)).map((e) => [e.id, e]));
    const cases = await Promise.all(near.map((n) => this.stores.cases.getCase(n.caseId)));
    const labelOf = (id: string) => records.get(id)?.label ?? id;
    return {
      shared: matches.shared.flatMap((x) => {
        const e = records.get(x.entityId);
        return e ? [{ entity: toNode(e, caseId), otherCaseIds: [...x.otherCaseIds] }] : [];
      }),
      near: near.flatMap((n, i) => {
        const c = cases[i];
        return c
          ? [{ ...n, viaEntityIds: [...n.viaEntityIds], fromEntityIds: [...n.fromEntityIds], reference: c.reference, title: c.title }]
          : [];
      }),
      identifiers: matches.identifiers.map((m) => ({
        entityId: m.entityId,
        entityLabel: labelOf(m.entityId),
        other: toNode(m.other),
        key: m.key,
      })),
      // The store reports only the agency's name for a case outside the scope; nothing else is added here.
      notices: matches.hidden.map((h) => ({
        entityId: h.entityId,
        entityLabel: labelOf(h.entityId),
        agencyName: h.agencyName,
        reason: h.reason,
      })),
    };
  }
}
