import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import { DomainError } from '@homeward/domain';
import type { AuditDetails, AuditOutcome } from '@homeward/audit';
import type { RequestContext } from '../../base/context.js';
import { failureReason } from '../../base/errors.js';
import { AuditService } from './audit.service.js';

/** Root fields that reveal nothing about any case or account beyond the caller's own (their profile). */
export const NOT_AUDITED = new Set(['me']);

/** Arguments worth keeping as evidence. Anything else (passwords above all) never reaches the record. */
const KEPT_ARGS = [
  'caseId',
  'id',
  'userId',
  'entityId',
  'fromId',
  'toId',
  'kind',
  'document',
  'depth',
  'maxDepth',
  'text',
  'email',
  'disabled',
  'role',
  'format',
  'survivorId',
  'mergedId',
  'otherId',
  'maxDistance',
  'accept',
  'enabled',
  'level',
  'paper',
  // The moment a case was replayed at (caseAt).
  'at',
  // A country's public site (setPublicSite, clearPublicSiteLogo).
  'country',
];

const ROOT = new Set(['Query', 'Mutation', 'Subscription']);

export function actionOf(parent: string, field: string): string {
  if (field === 'login' || field === 'logout') return `auth.${field}`;
  return `${parent.toLowerCase()}.${field}`;
}

function details(args: Record<string, unknown>): AuditDetails {
  const out: AuditDetails = {};
  for (const k of KEPT_ARGS) {
    const v = args[k];
    if (typeof v === 'string') out[k] = v.slice(0, 200);
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  const input = args.input as Record<string, unknown> | undefined;
  if (input && typeof input === 'object') {
    for (const k of ['fromId', 'toId', 'type', 'locationId', 'msgType', 'referencesId', 'lastSeenLocationId', 'siteName', 'brandColour'])
      if (typeof input[k] === 'string') out[`input.${k}`] = (input[k] as string).slice(0, 200);
    if (Array.isArray(input.seenIds)) out['input.seenIds'] = input.seenIds.join(',').slice(0, 400);
  }
  if (Array.isArray(args.ids)) out.ids = args.ids.join(',').slice(0, 400);
  return out;
}

function outcomeOf(err: unknown): AuditOutcome {
  const code = err instanceof DomainError ? err.code : (err as { extensions?: { code?: string } })?.extensions?.code;
  return code === 'FORBIDDEN' || code === 'NOT_FOUND' || code === 'UNAUTHENTICATED' || code === 'ACCOUNT_LOCKED' ? 'denied' : 'failure';
}

/**
 * One audit record for every root GraphQL field (queries, mutations,
 * subscriptions), written before the answer leaves: a login (success or
 * failure), each mutation, each read of case content, each read of the audit
 * trail itself. If the record cannot be written the request fails.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<GqlContextType>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    const parent = info.parentType.name;
    if (!ROOT.has(parent) || NOT_AUDITED.has(info.fieldName)) return next.handle();
    const ctx = gql.getContext<RequestContext>();
    const args = gql.getArgs<Record<string, unknown>>();
    const action = actionOf(parent, info.fieldName);
    const caseId =
      typeof args.caseId === 'string'
        ? args.caseId
        : (info.fieldName === 'case' || info.fieldName === 'updateCase') && typeof args.id === 'string'
          ? args.id
          : null;
    const targetId =
      (['id', 'entityId', 'userId', 'fromId'] as const).map((k) => args[k]).find((v): v is string => typeof v === 'string') ?? caseId;
    const base = { action, caseId, targetType: info.fieldName, targetId, details: details(args) };
    return next.handle().pipe(
      mergeMap((result: unknown) =>
        from(
          (async () => {
            const r = result as { user?: { id: string; agencyId: string }; id?: string } | null;
            if (action === 'auth.login' && r?.user) {
              await this.audit.record(ctx, {
                ...base,
                outcome: 'success',
                actorId: r.user.id,
                agencyId: r.user.agencyId,
                actorEmail: String(args.email ?? ''),
              });
            } else {
              const created = info.fieldName === 'createCase' && r?.id ? { caseId: r.id, targetId: r.id } : {};
              await this.audit.record(ctx, { ...base, ...created, outcome: 'success' });
            }
            return result;
          })(),
        ),
      ),
      catchError((err: unknown) =>
        from(
          (async () => {
            await this.audit.record(ctx, {
              ...base,
              outcome: outcomeOf(err),
              actorEmail: action === 'auth.login' ? String(args.email ?? '').slice(0, 200) : null,
              details: { ...base.details, error: failureReason(err) },
            });
            throw err;
          })(),
        ),
      ),
    );
  }
}
