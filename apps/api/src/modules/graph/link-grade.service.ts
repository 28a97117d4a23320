import { Inject, Injectable } from '@nestjs/common';
import { CREDIBILITY_GRADES, RELIABILITY_GRADES } from '@homeward/graph-schema';
import { DomainError, ErrorCode, badInput, type LinkRecord, type Reliability } from '@homeward/domain';
import type { StateStores } from '@homeward/graph-store';
import type { RequestContext } from '../../base/context.js';
import { STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import { GraphEvents } from './graph-events.js';
import { toEdge } from './graph.mapper.js';
import type { GraphEdge } from './graph.types.js';

/** "B3", "F?", "??": how the grade reads in the graph and in the audit trail. */
const gradeText = (l: LinkRecord) => `${l.provenance.reliability ?? '?'}${l.provenance.credibility ?? '?'}`;

/**
 * Regrading a link: an analyst re-judges a source or a piece of information after the link was made.
 * Same role rule as making the link; attributed (both ends' "last changed by") and audited with the
 * grade before and after.
 */
@Injectable()
export class LinkGradeService {
  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    private readonly access: AccessService,
    private readonly events: GraphEvents,
    private readonly audit: AuditService,
  ) {}

  async regrade(
    ctx: RequestContext,
    caseId: string,
    id: string,
    reliability: string | null,
    credibility: number | null,
  ): Promise<GraphEdge> {
    const p = await this.access.onCase(ctx, caseId, 'graph.link');
    if (reliability !== null && !(RELIABILITY_GRADES as readonly string[]).includes(reliability))
      throw badInput('reliability', `must be one of ${RELIABILITY_GRADES.join(', ')}`);
    if (credibility !== null && !(CREDIBILITY_GRADES as readonly number[]).includes(credibility))
      throw badInput(
        'credibility',
        `must be an integer from ${CREDIBILITY_GRADES[0]} to ${CREDIBILITY_GRADES[CREDIBILITY_GRADES.length - 1]}`,
      );
    const { before, after } = await this.stores.graph
      .regradeLink(caseId, id, { reliability: reliability as Reliability | null, credibility }, { actorId: p.userId })
      .catch((err: unknown) => {
        // A link of another case, or none: the same answer, naming the argument.
        if (err instanceof DomainError && err.code === ErrorCode.NotFound)
          throw new DomainError(ErrorCode.NotFound, `link ${id} not found in this case`, 'id');
        throw err;
      });
    await this.audit.record(ctx, {
      action: 'graph.regradeLink',
      outcome: 'success',
      caseId,
      targetType: 'link',
      targetId: id,
      details: { from: gradeText(before), to: gradeText(after), type: after.type },
    });
    const edge = toEdge(after);
    await this.events.publish({ caseId, kind: 'UPSERTED', nodes: [], edges: [edge] }, { actorId: p.userId });
    return edge;
  }
}
