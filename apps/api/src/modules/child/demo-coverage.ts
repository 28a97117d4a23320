import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { StateStores } from '@homeward/graph-store';
import type { ChildRecordStore } from '@homeward/media';
import type { Config } from '../../base/config.js';
import { CONFIG, STORES } from '../../base/tokens.js';
import { DEMO_ACCOUNTS, DEMO_AGENCY_COVERAGE, DEMO_CASES } from '../demo/demo-seed.js';
import { CHILD_RECORDS } from './child.records.js';

/**
 * Gives the demo agencies their coverage, and the demo cases seeded as already found their found
 * time, once (the demo seed runs before this module's store opens; a case created found never
 * passes through the OPEN-to-found change that records the time by itself). Also mends a demo
 * workspace seeded before either existed.
 */
@Injectable()
export class DemoCoverage implements OnApplicationBootstrap {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(STORES) private readonly stores: StateStores,
    @Inject(CHILD_RECORDS) private readonly records: ChildRecordStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo) return;
    const have = new Set((await this.records.coverages()).map((c) => c.agencyId));
    for (const a of await this.stores.accounts.listAgencies()) {
      const cov = DEMO_AGENCY_COVERAGE[a.name];
      if (cov && !have.has(a.id)) await this.records.setCoverage({ agencyId: a.id, ...cov });
    }
    const found = DEMO_CASES.filter((c) => c.foundAt);
    if (found.length === 0) return;
    const byReference = new Map<string, { id: string; status: string }>();
    for (const a of DEMO_ACCOUNTS) {
      const user = await this.stores.accounts.findUserByEmail(a.email);
      if (user) for (const c of await this.stores.cases.casesOfUser(user.id)) byReference.set(c.reference, c);
    }
    for (const spec of found) {
      const c = byReference.get(spec.reference);
      if (c && c.status !== 'OPEN') await this.records.recordFoundTime(c.id, spec.foundAt!);
    }
  }
}
