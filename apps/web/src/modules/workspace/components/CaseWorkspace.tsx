import { Suspense, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CaseRoleProvider, usePermission } from '../../../lib/permissions';
import { BackToCases } from '../../../app/BackToCases';
import { ErrorNote, Loading } from '../../../app/status';
import { MissingFor } from '../../../lib/format';
import { CaseZoneProvider } from '../../../lib/use-readable';
import { keepOffline } from '../../../lib/offline';
import { navigate } from '../../../lib/router';
import { useQuery } from '../../../lib/use-query';
import { useAuth } from '../../auth';
// Each view is its own chunk (the modules export them lazily): the editor, Yjs and Leaflet load only when opened.
import { CASE } from '../../cases';
import { GraphPanel } from '../../graph';
import { NotesEditor } from '../../notes';
import { TimelineEditor } from '../../timeline';
import { CaseMap } from '../../map';
import { ReviewPanel } from '../../review';
import { ChildPanel, LastSeenText } from '../../profile';
import { FaceMatchPanel } from '../../faces';
import { TipsPanel } from '../../tips';
import { CoSightingPanel, CrossCasePanel, ResolutionPanel } from '../../analysis';
import { RequestSignOff } from '../../notifications';
import { ReplayMode } from '../../replay';
import { ExportCaseButton } from './ExportCaseButton';

// The case's header stays readable without network, as its graph does (issue 18).
keepOffline(CASE);

export const TABS = ['graph', 'child', 'timeline', 'notes', 'map', 'review', 'faces', 'intel', 'tips'] as const;
export type Tab = (typeof TABS)[number];

export function CaseWorkspace({ caseId, tab }: { caseId: string; tab: Tab }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const q = useQuery(CASE, { id: caseId });
  const c = q.data?.case;
  // The caller's case role here (a grant may narrow their account's role on this case): gates the controls below too.
  const caseRole = c?.myCaseRole ?? null;
  const canReview = (user?.role === 'SUPERVISOR' && (caseRole === null || caseRole === 'SUPERVISOR')) || user?.role === 'ADMIN';
  // Cross-case links, co-sightings and duplicates are analyses (policy graph.analyse): no tab for a role that may not run them.
  const mayAnalyse = usePermission('graph.analyse', caseRole).allowed;
  const tabs = TABS.filter((x) => (x !== 'review' || canReview) && (x !== 'intel' || mayAnalyse));
  // Opening a case moves focus to its heading (once per case, not on every tab), so a screen reader announces it.
  const heading = useRef<HTMLHeadingElement>(null);
  // Replay mode: the tabs show the case as it was at a moment on replay's slider, read-only.
  const [replaying, setReplaying] = useState(false);
  const replayButton = useRef<HTMLButtonElement>(null);
  const leaveReplay = () => {
    setReplaying(false);
    requestAnimationFrame(() => replayButton.current?.focus());
  };
  const focusedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!c || focusedFor.current === caseId) return;
    focusedFor.current = caseId;
    heading.current?.focus();
  }, [c, caseId]);

  function onTabKey(e: KeyboardEvent<HTMLButtonElement>, i: number) {
    const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!d) return;
    e.preventDefault();
    const next = tabs[(i + d + tabs.length) % tabs.length]!;
    navigate(`/cases/${caseId}/${next}`);
    requestAnimationFrame(() => document.getElementById(`tab-${next}`)?.focus());
  }

  return (
    <CaseRoleProvider value={caseRole}>
      <main id="main" className="workspace">
        <div className="case-head">
          <BackToCases />
          {q.loading && <Loading />}
          {q.error && <ErrorNote error={q.error} onRetry={q.reload} />}
          {c && (
            <>
              <h1 ref={heading} tabIndex={-1}>
                {c.title} <span className="muted small">{c.reference}</span>
              </h1>
              <div className="case-meta">
                <span className={`badge status-${c.status}`}>{t(`status.${c.status}`)}</span>
                <span className={`badge risk-${c.riskLevel}`}>{t(`risk.${c.riskLevel}`)}</span>
                <span>{t(`category.${c.category}`)}</span>
                <span>{(c.countries.length ? c.countries : [c.country]).join(', ')}</span>
                {c.status === 'OPEN' && <MissingFor since={c.lastSeenAt ?? c.reportedAt} />}
                <LastSeenText value={c.lastSeen} />
                {!canReview && (tab === 'timeline' || tab === 'notes') && (
                  <RequestSignOff caseId={caseId} document={tab === 'notes' ? 'NOTES' : 'TIMELINE'} />
                )}
                <span
                  title={c.members
                    .map(
                      (m) =>
                        `${m.displayName} (${t(`userRole.${m.role}`)}` +
                        (m.caseRole ? `, ${t('caseRoles.onThisCase', { role: t(`userRole.${m.caseRole}`) })}` : '') +
                        `, ${m.agency.name})`,
                    )
                    .join('\n')}
                >
                  {t('workspace.members')}: {c.members.length}
                </span>
                {caseRole && (
                  <span className="badge" title={t('caseRoles.mineHint')} data-testid="my-case-role">
                    {t('caseRoles.mine', { role: t(`userRole.${caseRole}`) })}
                  </span>
                )}
                <ExportCaseButton caseId={caseId} />
                <button
                  ref={replayButton}
                  type="button"
                  aria-pressed={replaying}
                  title={t('replay.openHint')}
                  onClick={() => (replaying ? leaveReplay() : setReplaying(true))}
                  data-testid="replay-open"
                >
                  {t('replay.open')}
                </button>
              </div>
            </>
          )}
        </div>
        <div role="tablist" aria-label={t('workspace.tabs')} className="tabs">
          {tabs.map((x, i) => (
            <button
              key={x}
              id={`tab-${x}`}
              role="tab"
              type="button"
              aria-selected={tab === x}
              aria-controls="tabpanel"
              tabIndex={tab === x ? 0 : -1}
              onKeyDown={(e) => onTabKey(e, i)}
              onClick={() => navigate(`/cases/${caseId}/${x}`)}
            >
              {x === 'intel' ? t('intel.tab') : t(`workspace.${x}`)}
            </button>
          ))}
        </div>
        <section id="tabpanel" role="tabpanel" aria-labelledby={`tab-${tab}`} className="tabpanel">
          {/* Times in the tabs also say the time where the case is, when it differs from the reader's. */}
          <CaseZoneProvider country={c?.country}>
            {replaying && (
              <Suspense fallback={<Loading />}>
                <ReplayMode caseId={caseId} tab={tab} onExit={leaveReplay} />
              </Suspense>
            )}
            <Suspense fallback={<Loading />}>
              {!replaying && tab === 'graph' && <GraphPanel caseId={caseId} />}
              {!replaying && tab === 'notes' && <NotesEditor caseId={caseId} />}
              {!replaying && tab === 'timeline' && <TimelineEditor caseId={caseId} />}
              {!replaying && tab === 'map' && <CaseMap caseId={caseId} />}
              {!replaying && tab === 'review' && canReview && <ReviewPanel caseId={caseId} />}
              {!replaying && tab === 'child' && <ChildPanel caseId={caseId} />}
              {!replaying && tab === 'faces' && <FaceMatchPanel caseId={caseId} />}
              {!replaying && tab === 'tips' && <TipsPanel caseId={caseId} />}
              {!replaying && tab === 'intel' && mayAnalyse && (
                <div className="intel">
                  <CrossCasePanel caseId={caseId} />
                  <CoSightingPanel caseId={caseId} />
                  <ResolutionPanel caseId={caseId} />
                </div>
              )}
            </Suspense>
          </CaseZoneProvider>
        </section>
      </main>
    </CaseRoleProvider>
  );
}
