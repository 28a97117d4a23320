import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../base/context.js';

/** Something that must happen when a case's status changes (the public page of a found child comes down). */
export type CaseStatusListener = (ctx: RequestContext | null, caseId: string, status: string) => Promise<unknown>;

/**
 * The case's status changed: told to the features that depend on it, without the case module
 * knowing them (they depend on it, not the other way round). The change's answer waits for
 * every listener, so a caller who marked a case found knows its public page is gone.
 */
@Injectable()
export class CaseStatusEvents {
  private readonly listeners: CaseStatusListener[] = [];

  listen(l: CaseStatusListener): void {
    this.listeners.push(l);
  }

  async changed(ctx: RequestContext | null, caseId: string, status: string): Promise<void> {
    for (const l of this.listeners) await l(ctx, caseId, status);
  }
}
