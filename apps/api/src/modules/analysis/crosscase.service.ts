import { Inject, Injectable } from '@nestjs/common';
import { badInput } from '@homeward/domain';
import type { StateStores } from '@homeward/graph-store';
import { crossCaseLinks } from '@homeward/analysis';
import type { RequestContext } from '../../base/context.js';
import { STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { toNode } from '../graph/graph.mapper.js';
import type { CrossCaseLinks } from './crosscase.types.js';

/** k is small on purpose: every extra link multiplies what is read; three already spans most of a network. */
export const MAX_CROSS_CASE_DISTANCE = 3;
const MAX_NEAR = 100;

@Injectable()
export class CrossCaseService {
  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    private readonly access: AccessService,
  ) {}

  async crossCaseLinks(ctx: RequestContext, caseId: string, maxDistance: number): Promise<CrossCaseLinks> {
    if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > MAX_CROSS_CASE_DISTANCE) {
      throw badInput('maxDistance', `must be between 0 and ${MAX_CROSS_CASE_DISTANCE}`);
    }
    await this.access.onCase(ctx, caseId, 'graph.analyse');
    const scope = await this.access.scope(ctx);
    const graph = await this.stores.graph.caseGraph(caseId, scope);
    const { shared } = crossCaseLinks(caseId, graph.nodes, { nodes: [], edges: [] }, 0);
    const near = await this.stores.graph.nearCases(caseId, maxDistance, scope);
    const matches = await this.stores.graph.crossCaseMatches(caseId, scope);
    const nearCases = near.slice(0, MAX_NEAR);
    const records = await Promise.all(nearCases.map((n) => this.stores.cases.getCase(n.caseId)));
    const labels = new Map(graph.nodes.map((n) => [n.id, n.label]));
    return {
      shared: shared.map((s) => ({ entity: toNode(s.entity, caseId), otherCaseIds: s.otherCaseIds })),
      near: nearCases.flatMap((n, i) => {
        const c = records[i];
        return c ? [{ ...n, viaEntityIds: [...n.viaEntityIds], fromEntityIds: [...n.fromEntityIds], reference: c.reference, title: c.title }] : [];
      }),
      identifiers: matches.identifiers.map((m) => ({ entityId: m.entityId, entityLabel: labels.get(m.entityId) ?? m.entityId, other: toNode(m.other), key: m.key })),
      // The store reports only the agency's name for a case outside the scope; nothing else is added here.
      notices: matches.hidden.map((h) => ({ entityId: h.entityId, entityLabel: labels.get(h.entityId) ?? h.entityId, agencyName: h.agencyName, reason: h.reason })),
    };
  }
}
