import type { Role } from '@homeward/domain';
import type { Scope } from '@homeward/graph-store';

export interface Principal {
  readonly userId: string;
  readonly sessionId: string;
  readonly role: Role;
  readonly agencyId: string;
  readonly displayName: string;
}

/** What every resolver receives, over HTTP and over graphql-ws alike. */
export interface RequestContext {
  readonly principal: Principal | null;
  /** Why the caller is looking (X-Purpose header or connection param), for the audit trail. */
  readonly purpose: string | null;
  /** The cases the caller may see, loaded once per request. */
  scope?: Promise<Scope>;
}
