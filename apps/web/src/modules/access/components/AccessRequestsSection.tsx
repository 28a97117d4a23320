import { useEffect, useId, useState } from 'react';
import { CASE_ROLES, caseRoleWithin } from '@homeward/domain/policy';
import type { Role } from '@homeward/domain';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import { DateTime } from '../../../lib/format';
import { gql } from '../../../lib/graphql';
import { navigate } from '../../../lib/router';
import { useQuery } from '../../../lib/use-query';
import { useInbox } from '../../notifications/hooks/use-inbox';
import { ACCESS_REQUESTS, DECIDE_ACCESS_REQUEST, type AccessRequestsQuery } from '../graphql/access.generated';

type Incoming = AccessRequestsQuery['accessRequests']['incoming'][number];

function why(t: TFunction, r: { reason: string; identifierKind: string | null }): string {
  return r.reason === 'SAME_ENTITY' ? t('access.why.SAME_ENTITY') : t('access.why.SAME_IDENTIFIER', { kind: r.identifierKind ?? '' });
}

function IncomingRow({ r, onDone }: { r: Incoming; onDone: () => void }) {
  const { t } = useTranslation();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Error | null>(null);
  // The role the requester works this case with: their account's (empty) or a narrower case role.
  const [role, setRole] = useState<Role | ''>('');
  const roleHint = useId();
  const account = r.requesterRole ?? null;
  const narrower = account ? CASE_ROLES.filter((x) => x !== account && caseRoleWithin(x, account)) : [];
  async function decide(grant: boolean) {
    setError(null);
    try {
      await gql(DECIDE_ACCESS_REQUEST, { id: r.id, grant, reason: grant ? null : reason, role: grant && role ? role : null });
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  }
  return (
    <li className="access-request" data-testid="incoming-request">
      <p>
        {t('access.incoming', { name: r.requesterName, agency: r.requesterAgency, case: r.toCaseReference, from: r.fromCaseReference })}{' '}
        <span className="muted small">
          ({why(t, r)}) · <DateTime iso={r.createdAt} />
        </span>
      </p>
      {r.message && <p className="muted">“{r.message}”</p>}
      {r.status === 'PENDING' ? (
        <div className="actions">
          {narrower.length > 0 && (
            <label>
              {t('caseRoles.grantAs')}{' '}
              <select
                value={role}
                onChange={(e) => setRole(e.target.value as Role | '')}
                aria-describedby={roleHint}
                data-testid="grant-role"
              >
                <option value="">{t('caseRoles.asAccount', { role: t(`userRole.${account!}`) })}</option>
                {narrower.map((x) => (
                  <option key={x} value={x}>
                    {t(`userRole.${x}`)}
                  </option>
                ))}
              </select>
              <span id={roleHint} className="muted small">
                {' '}
                {t('caseRoles.grantAsHint')}
              </span>
            </label>
          )}
          <button type="button" className="primary" onClick={() => void decide(true)}>
            {t('access.grant')}
          </button>
          {!declining && (
            <button type="button" onClick={() => setDeclining(true)}>
              {t('access.decline')}
            </button>
          )}
          {declining && (
            <form
              className="form"
              onSubmit={(e) => {
                e.preventDefault();
                void decide(false);
              }}
            >
              <label>
                {t('access.declineReason')}
                <input required value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
              </label>
              <button type="submit">{t('access.declineSend')}</button>
            </form>
          )}
        </div>
      ) : (
        <p className="small">
          {t(`access.status.${r.status === 'GRANTED' ? 'GRANTED' : 'DECLINED'}`)}
          {r.decisionReason && <> — {r.decisionReason}</>}
        </p>
      )}
      {error && <ErrorNote error={error} />}
    </li>
  );
}

/** Access requests: those to my agency's cases (a supervisor answers) and mine (their answer). */
export default function AccessRequestsSection() {
  const { t } = useTranslation();
  const q = useQuery(ACCESS_REQUESTS, {});
  const d = q.data?.accessRequests;
  // A request or an answer arrives as a notification: read the list again then (the first event is only the count).
  const { version } = useInbox();
  const reload = q.reload;
  useEffect(() => {
    if (version > 1) reload();
  }, [version, reload]);
  return (
    <section id="requests" aria-labelledby="requests-title">
      <h2 id="requests-title">{t('access.title')}</h2>
      {q.loading && !d && <Loading />}
      {q.error && <ErrorNote error={q.error} onRetry={q.reload} />}
      {d && d.incoming.length === 0 && d.outgoing.length === 0 && <p className="muted">{t('access.none')}</p>}
      {d && d.incoming.length > 0 && (
        <>
          <h3>{t('access.toMine')}</h3>
          <ul className="task-list">
            {d.incoming.map((r) => (
              <IncomingRow key={r.id} r={r} onDone={q.reload} />
            ))}
          </ul>
        </>
      )}
      {d && d.outgoing.length > 0 && (
        <>
          <h3>{t('access.mine')}</h3>
          <ul className="task-list">
            {d.outgoing.map((r) => (
              <li key={r.id} data-testid="outgoing-request">
                {t('access.outgoing', { from: r.fromCaseReference, agency: r.agencyName })}{' '}
                <span className="muted small">
                  ({why(t, r)}) · <DateTime iso={r.createdAt} />
                </span>{' '}
                <strong>
                  {t(`access.status.${r.status === 'GRANTED' ? 'GRANTED' : r.status === 'DECLINED' ? 'DECLINED' : 'PENDING'}`)}
                </strong>
                {r.decisionReason && <> — {r.decisionReason}</>}
                {r.grantedCaseId && (
                  <>
                    {' '}
                    <a
                      href={`/cases/${r.grantedCaseId}`}
                      onClick={(e) => {
                        e.preventDefault();
                        navigate(`/cases/${r.grantedCaseId}`);
                      }}
                    >
                      {t('access.open', { case: r.grantedCaseReference ?? '' })}
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
