import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BackToCases } from '../../../app/BackToCases';
import { ErrorNote, Loading } from '../../../app/status';
import { DateTime } from '../../../lib/format';
import { navigate, usePath } from '../../../lib/router';
import { useQuery } from '../../../lib/use-query';
import { useAuth } from '../../auth';
import { useInbox } from '../../notifications/hooks/use-inbox';
import { AccessRequestsSection } from '../../access';
import { AGENCY_TASKS, MY_TASKS, type TaskItem } from '../graphql/tasks.generated';
import { TaskDetail } from './TaskDetail';

function TaskRow({ task, selected }: { task: TaskItem; selected: boolean }) {
  const { t } = useTranslation();
  return (
    <li className={selected ? 'task-row selected' : 'task-row'} data-testid="task-row">
      <a
        href={`/work?task=${task.id}`}
        aria-current={selected ? 'true' : undefined}
        onClick={(e) => {
          e.preventDefault();
          navigate(`/work?task=${encodeURIComponent(task.id)}`);
        }}
      >
        {task.title}
      </a>{' '}
      <span className="muted small">
        {task.caseReference} · {t(`tasks.statuses.${task.status}`)} · {t(`tasks.priorities.${task.priority}`)}
        {task.assignee && <> · {task.assignee.displayName}</>}
        {task.due && (
          <>
            {' '}
            · {t('tasks.due')} <DateTime iso={task.due} />
          </>
        )}
      </span>
      {task.overdue && <span className="badge overdue">{t('tasks.overdue')}</span>}
    </li>
  );
}

/** "My work": my tasks across my cases (overdue first), a supervisor's view of their agency's open tasks per case, and one task opened. */
export default function WorkPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const path = usePath();
  const selected = new URLSearchParams(path.split('?')[1] ?? '').get('task');
  const mine = useQuery(MY_TASKS, {});
  const agency = useQuery(AGENCY_TASKS, {}, user?.role !== 'SUPERVISOR');
  const { version } = useInbox();
  const reloadMine = mine.reload;
  // A task assigned to me arrives as a notification: the list follows it live.
  useEffect(() => {
    if (version > 1) reloadMine();
  }, [version, reloadMine]);

  return (
    <main id="main" className="page work-page">
      <BackToCases />
      <h1>{t('tasks.myWork')}</h1>
      <div className="work-grid">
        <div>
          <section aria-labelledby="my-tasks-title">
            <h2 id="my-tasks-title">{t('tasks.mine')}</h2>
            {mine.loading && !mine.data && <Loading />}
            {mine.error && <ErrorNote error={mine.error} onRetry={mine.reload} />}
            {mine.data && mine.data.myTasks.length === 0 && <p className="muted">{t('tasks.noneMine')}</p>}
            <ul className="task-list">
              {mine.data?.myTasks.map((task) => (
                <TaskRow key={task.id} task={task} selected={task.id === selected} />
              ))}
            </ul>
          </section>
          {user?.role === 'SUPERVISOR' && (
            <section aria-labelledby="agency-tasks-title">
              <h2 id="agency-tasks-title">{t('tasks.agency')}</h2>
              {agency.loading && !agency.data && <Loading />}
              {agency.error && <ErrorNote error={agency.error} onRetry={agency.reload} />}
              {agency.data && agency.data.agencyTasks.length === 0 && <p className="muted">{t('tasks.noneAgency')}</p>}
              {agency.data?.agencyTasks.map((s) => (
                <div key={s.caseId} className="agency-case">
                  <h3>
                    {s.caseReference} <span className="muted small">{s.caseTitle}</span>{' '}
                    {s.overdueCount > 0 && <span className="badge overdue">{t('tasks.overdueCount', { count: s.overdueCount })}</span>}
                  </h3>
                  <ul className="task-list">
                    {s.open.map((task) => (
                      <TaskRow key={task.id} task={task} selected={task.id === selected} />
                    ))}
                  </ul>
                </div>
              ))}
            </section>
          )}
          <Suspense fallback={<Loading />}>
            <AccessRequestsSection />
          </Suspense>
        </div>
        <div>
          {selected ? (
            <TaskDetail
              key={selected}
              id={selected}
              onChanged={() => {
                mine.reload();
                if (user?.role === 'SUPERVISOR') agency.reload();
              }}
            />
          ) : (
            <p className="muted">{t('tasks.pick')}</p>
          )}
        </div>
      </div>
    </main>
  );
}
