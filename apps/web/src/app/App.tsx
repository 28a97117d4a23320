import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from '../i18n';
import { Loading } from './status';
import { matchPath, navigate, usePath } from '../lib/router';
import { AuthProvider, LoginPage, useAuth } from '../modules/auth';
import { CaseListPage } from '../modules/cases';
// The dashboard brings Chart.js: its own chunk (lazy in its module), loaded when opened.
import { StatsPage } from '../modules/stats';
import { CaseWorkspace, TABS, type Tab } from '../modules/workspace';
import { InboxBell, InboxPage } from '../modules/notifications';
import { WorkPage } from '../modules/tasks';

export function App() {
  return (
    <AuthProvider>
      <Shell />
    </AuthProvider>
  );
}

function Shell() {
  const { t, i18n } = useTranslation();
  const { user, logout } = useAuth();
  const path = usePath();

  let body: React.ReactNode;
  if (!user) body = <LoginPage />;
  else {
    const ws =
      matchPath('/cases/:id/:tab', path) ?? (matchPath('/cases/:id', path) ? { ...matchPath('/cases/:id', path), tab: 'graph' } : null);
    if (matchPath('/work', path))
      body = (
        <Suspense fallback={<Loading />}>
          <WorkPage />
        </Suspense>
      );
    else if (matchPath('/inbox', path))
      body = (
        <Suspense fallback={<Loading />}>
          <InboxPage />
        </Suspense>
      );
    else if (matchPath('/stats', path))
      body = (
        <Suspense fallback={<Loading />}>
          <StatsPage />
        </Suspense>
      );
    else if (ws && ws['id']) {
      const tab = (TABS as readonly string[]).includes(ws['tab'] ?? '') ? (ws['tab'] as Tab) : 'graph';
      body = <CaseWorkspace key={ws['id']} caseId={ws['id']} tab={tab} />;
    } else body = <CaseListPage />;
  }

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <div className="topbar-right">
          <label>
            <span className="sr-only">{t('app.language')}</span>
            <select aria-label={t('app.language')} value={i18n.language} onChange={(e) => setLanguage(e.target.value)}>
              {LANGUAGES.map((l) => (
                <option key={l.code} value={l.code} lang={l.code}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          {user && (
            <>
              <a
                href="/work"
                onClick={(e) => {
                  e.preventDefault();
                  navigate('/work');
                }}
              >
                {t('tasks.myWork')}
              </a>
              <InboxBell />
              <span className="muted small">
                {t('app.signedInAs', { name: user.displayName, role: t(`userRole.${user.role}`), agency: user.agency.name })}
              </span>
              <button type="button" onClick={() => void logout()}>
                {t('app.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      {body}
    </>
  );
}
