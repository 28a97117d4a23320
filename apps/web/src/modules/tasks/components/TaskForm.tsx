import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import type { TaskPriority, TaskSource } from '../../../generated/schema-types';
import { fromLocalInput } from '../../../lib/format';
import { gql } from '../../../lib/graphql';
import { useQuery } from '../../../lib/use-query';
import { CREATE_TASK, TASK_PEOPLE, type TaskItem } from '../graphql/tasks.generated';

const PRIORITIES: readonly TaskPriority[] = ['LOW', 'NORMAL', 'HIGH', 'URGENT'];

export interface TaskSourceRef {
  readonly kind: TaskSource;
  readonly id: string;
  /** What the task is about, to prefill its title ("Bus terminal", "Mother calls the school"). */
  readonly label: string;
}

/** A new task of a case, optionally made from an entity or a timeline event. */
export function TaskForm({ caseId, source, onDone }: { caseId: string; source?: TaskSourceRef; onDone: (t: TaskItem | null) => void }) {
  const { t } = useTranslation();
  const people = useQuery(TASK_PEOPLE, { caseId });
  const [title, setTitle] = useState(source ? source.label : '');
  const [description, setDescription] = useState('');
  const [assigneeId, setAssigneeId] = useState('');
  const [due, setDue] = useState('');
  const [priority, setPriority] = useState<TaskPriority>('NORMAL');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const members = (people.data?.case?.members ?? []).filter((m) => m.role !== 'ADMIN');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const r = await gql(CREATE_TASK, {
        input: {
          caseId,
          title,
          description: description || null,
          assigneeId: assigneeId || null,
          due: fromLocalInput(due),
          priority,
          sourceKind: source?.kind ?? null,
          sourceId: source?.id ?? null,
        },
      });
      onDone(r.createTask);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form task-form" onSubmit={submit}>
      {source && <p className="muted small">{t(`tasks.from.${source.kind}`, { label: source.label })}</p>}
      <label>
        {t('tasks.title')}
        <input required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        {t('tasks.description')}
        <textarea rows={3} maxLength={4000} value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <label>
        {t('tasks.assignee')}
        <select value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)} disabled={!people.data}>
          <option value="">{t('tasks.unassigned')}</option>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.displayName}
            </option>
          ))}
        </select>
      </label>
      {people.loading && <Loading />}
      <label>
        {t('tasks.due')}
        <input type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />
      </label>
      <label>
        {t('tasks.priority')}
        <select value={priority} onChange={(e) => setPriority(e.target.value as TaskPriority)}>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`tasks.priorities.${p}`)}
            </option>
          ))}
        </select>
      </label>
      {error && <ErrorNote error={error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('tasks.create')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}
