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
  /** The client's address (behind TRUST_PROXY proxies, from X-Forwarded-For), for limits per address. */
  readonly address?: string;
  /** Over HTTP: the device cookie the browser sent (OWASP device cookie, see device-cookie.ts), and how to give it one. */
  readonly device?: { readonly cookie: string | null; set(value: string): void };
  /** The cases the caller may see, loaded once per request. */
  scope?: Promise<Scope>;
}
