import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../app/Dialog';
import { usePermission } from '../../../lib/permissions';
import type { TaskItem } from '../graphql/tasks.generated';
import { TaskForm, type TaskSourceRef } from './TaskForm';

/** "New task" (from an entity of the graph, a timeline event, or the case), with its form in a dialog. */
export function NewTaskButton({
  caseId,
  source,
  onCreated,
  className,
}: {
  caseId: string;
  source?: TaskSourceRef;
  onCreated?: (t: TaskItem) => void;
  className?: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState('');
  // The roles that manage tasks (policy task.manage), on the open case (a case role may narrow it); others are not offered the button.
  const mayManage = usePermission('task.manage').allowed;
  if (!mayManage) return null;
  return (
    <>
      <button
        type="button"
        className={className}
        onClick={() => setOpen(true)}
        aria-label={source ? t('tasks.newFrom', { label: source.label }) : undefined}
      >
        {t('tasks.new')}
      </button>
      {done && (
        <span role="status" className="muted small">
          {done}
        </span>
      )}
      {open && (
        <Dialog title={t('tasks.new')} onClose={() => setOpen(false)}>
          <TaskForm
            caseId={caseId}
            source={source}
            onDone={(task) => {
              setOpen(false);
              if (task) {
                setDone(t('tasks.created', { title: task.title }));
                onCreated?.(task);
              }
            }}
          />
        </Dialog>
      )}
    </>
  );
}
