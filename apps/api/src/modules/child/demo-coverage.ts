import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { StateStores } from '@homeward/graph-store';
import type { ChildRecordStore } from '@homeward/media';
import type { Config } from '../../base/config.js';
import { CONFIG, STORES } from '../../base/tokens.js';
import { DEMO_AGENCY_COVERAGE } from '../demo/demo-seed.js';
import { CHILD_RECORDS } from './child.records.js';

/** Gives the demo agencies their coverage once (the demo seed runs before this module's store opens). */
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
  }
}
