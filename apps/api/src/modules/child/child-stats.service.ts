import { Inject, Injectable } from '@nestjs/common';
import { CASE_CATEGORIES, CASE_STATUSES, RISK_LEVELS } from '@homeward/graph-schema';
import type { StateStores } from '@homeward/graph-store';
import { caseStatistics, casesCsv, type CaseFacts, type ChildRecordStore } from '@homeward/media';
import type { RequestContext } from '../../base/context.js';
import { STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { CaseService } from '../cases/case.service.js';
import { CHILD_RECORDS } from './child.records.js';
import type { CaseStatisticsView } from './child.types.js';

@Injectable()
export class ChildStatsService {
  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    @Inject(CHILD_RECORDS) private readonly records: ChildRecordStore,
    private readonly access: AccessService,
    private readonly cases: CaseService,
  ) {}

  /**
   * Only the caller's cases are read, and each case's graph through the
   * caller's scope: a shared entity reveals the country of another case only
   * when the caller may see that case too. A case's countries are the case
   * list's (CaseService.countries), so the two never disagree.
   */
  async facts(ctx: RequestContext): Promise<CaseFacts[]> {
    const p = this.access.allow(ctx, 'case.read');
    const scope = await this.access.scope(ctx);
    const cases = (await this.stores.cases.casesOfUser(p.userId)).filter((c) => scope.caseIds.has(c.id));
    const found = await this.records.foundTimes(cases.map((c) => c.id));
    const out: CaseFacts[] = [];
    for (const c of cases) {
      const countries = await this.cases.countries(ctx, c);
      out.push({
        id: c.id,
        reference: c.reference,
        title: c.title,
        category: c.category,
        status: c.status,
        riskLevel: c.riskLevel,
        country: c.country,
        reportedAt: c.reportedAt,
        foundAt: found.get(c.id) ?? null,
        countries,
      });
    }
    return out;
  }

  async statistics(ctx: RequestContext): Promise<CaseStatisticsView> {
    const facts = await this.facts(ctx);
    const s = caseStatistics(facts, { categories: CASE_CATEGORIES, statuses: CASE_STATUSES, risks: RISK_LEVELS });
    return {
      ...s,
      byCategory: [...s.byCategory],
      byStatus: [...s.byStatus],
      byRisk: [...s.byRisk],
      byCountry: [...s.byCountry],
      openHighRisk: s.openHighRisk.map((c) => ({
        id: c.id,
        reference: c.reference,
        title: c.title,
        riskLevel: c.riskLevel,
        country: c.country,
        reportedAt: c.reportedAt,
      })),
      csv: casesCsv(facts),
    };
  }
}
