import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import type { TaskStatus } from '../../../generated/schema-types';
import { DateTime } from '../../../lib/format';
import { gql } from '../../../lib/graphql';
import { navigate } from '../../../lib/router';
import { useQuery } from '../../../lib/use-query';
import { useAuth } from '../../auth';
import { SET_TASK_STATUS, TASK_DETAIL, TASK_PEOPLE, UPDATE_TASK } from '../graphql/tasks.generated';
import { CommentBox, type Mentionable } from './CommentBox';
import { CommentText } from './CommentText';

const STATUSES: readonly TaskStatus[] = ['OPEN', 'IN_PROGRESS', 'DONE', 'CANCELLED'];

/** One task: its details, status (for the assignee or a supervisor), assignee (for those who manage tasks) and comments. */
export function TaskDetail({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const q = useQuery(TASK_DETAIL, { id });
  const task = q.data?.task;
  const people = useQuery(TASK_PEOPLE, { caseId: task?.caseId ?? '' }, !task);
  const [error, setError] = useState<Error | null>(null);

  const candidates = useMemo<Mentionable[]>(() => {
    const members = (people.data?.case?.members ?? []).map((m) => ({
      kind: 'user' as const,
      id: m.id,
      label: m.displayName,
      hint: t(`userRole.${m.role}`),
    }));
    const entities = (people.data?.caseGraph.nodes ?? []).map((n) => ({
      kind: 'entity' as const,
      id: n.id,
      label: n.label,
      hint: t(`kind.${n.kind}`),
    }));
    return [...members, ...entities];
  }, [people.data, t]);

  if (q.loading && !task) return <Loading />;
  if (q.error) return <ErrorNote error={q.error} onRetry={q.reload} />;
  if (!task) return null;

  const mayStatus = user && (task.assignee?.id === user.id || user.role === 'SUPERVISOR');
  const mayManage = user && (user.role === 'INVESTIGATOR' || user.role === 'SUPERVISOR');
  const labels = new Map(candidates.filter((c) => c.kind === 'entity').map((c) => [c.id, c.label]));

  async function run(work: () => Promise<unknown>) {
    setError(null);
    try {
      await work();
      q.reload();
      onChanged();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  return (
    <section className="card task-detail" aria-labelledby="task-detail-title">
      <h2 id="task-detail-title">{task.title}</h2>
      <p className="muted small">
        <a
          href={`/cases/${task.caseId}`}
          onClick={(e) => {
            e.preventDefault();
            navigate(`/cases/${task.caseId}`);
          }}
        >
          {task.caseReference}
        </a>{' '}
        · {t(`tasks.priorities.${task.priority}`)} · {task.createdBy ? t('tasks.by', { name: task.createdBy.displayName }) : ''}
        {task.sourceKind === 'TIMELINE_EVENT' && <> · {t('tasks.fromEvent')}</>}
      </p>
      {task.description && <p className="task-description">{task.description}</p>}
      <dl className="task-meta">
        <dt>{t('tasks.status')}</dt>
        <dd>
          <select
            aria-label={t('tasks.status')}
            value={task.status}
            disabled={!mayStatus}
            onChange={(e) => void run(() => gql(SET_TASK_STATUS, { id: task.id, status: e.target.value as TaskStatus }))}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`tasks.statuses.${s}`)}
              </option>
            ))}
          </select>
        </dd>
        <dt>{t('tasks.assignee')}</dt>
        <dd>
          <select
            aria-label={t('tasks.assignee')}
            value={task.assignee?.id ?? ''}
            disabled={!mayManage || !people.data}
            onChange={(e) => void run(() => gql(UPDATE_TASK, { id: task.id, input: { assigneeId: e.target.value || null } }))}
          >
            <option value="">{t('tasks.unassigned')}</option>
            {(people.data?.case?.members ?? [])
              .filter((m) => m.role !== 'ADMIN')
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.displayName}
                </option>
              ))}
            {task.assignee && !people.data && <option value={task.assignee.id}>{task.assignee.displayName}</option>}
          </select>
        </dd>
        <dt>{t('tasks.due')}</dt>
        <dd>
          {task.due ? <DateTime iso={task.due} /> : t('tasks.noDue')}
          {task.overdue && <span className="badge overdue"> {t('tasks.overdue')}</span>}
        </dd>
        {task.entityIds.length > 0 && (
          <>
            <dt>{t('tasks.entities')}</dt>
            <dd>
              {task.entityIds.map((eid) => (
                <a
                  key={eid}
                  className="mention"
                  href={`/cases/${task.caseId}/graph?focus=${eid}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/cases/${task.caseId}/graph?focus=${encodeURIComponent(eid)}`);
                  }}
                >
                  {labels.get(eid) ?? eid}
                </a>
              ))}
            </dd>
          </>
        )}
      </dl>
      {error && <ErrorNote error={error} />}
      <h3>{t('tasks.comments')}</h3>
      {task.comments.length === 0 && <p className="muted">{t('tasks.noComments')}</p>}
      <ol className="comments">
        {task.comments.map((c) => (
          <li key={c.id}>
            <span className="muted small">
              {c.author?.displayName ?? t('teams.someone')} · <DateTime iso={c.createdAt} />
            </span>
            <CommentText caseId={task.caseId} body={c.body} />
          </li>
        ))}
      </ol>
      {user?.role !== 'ADMIN' && <CommentBox taskId={task.id} candidates={candidates} onPosted={() => q.reload()} />}
    </section>
  );
}
