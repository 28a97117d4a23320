import { useTranslation } from 'react-i18next';
import { usePermission } from '../../../lib/permissions';

export interface NodeMenuAt {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

export interface NodeMenuActions {
  linkFrom(id: string): void;
  details(id: string): void;
  expand(id: string): void;
  hide(id: string): void;
}

/** The right-click menu of an entity on the canvas; every action closes it. */
export function NodeContextMenu({
  at,
  label,
  actions,
  onClose,
}: {
  at: NodeMenuAt;
  label: string;
  actions: NodeMenuActions;
  onClose(): void;
}) {
  const { t } = useTranslation();
  // Not offered to a role that may not link (the entity list says why).
  const mayLink = usePermission('graph.link').allowed;
  const item = (text: string, run: (id: string) => void) => (
    <li role="none">
      <button
        type="button"
        role="menuitem"
        onClick={() => {
          run(at.id);
          onClose();
        }}
      >
        {text}
      </button>
    </li>
  );
  return (
    <ul className="context-menu" role="menu" aria-label={t('graph.actions', { label })} style={{ left: at.x, top: at.y }}>
      {mayLink && item(t('graph.linkTo'), actions.linkFrom)}
      {item(t('graph.details'), actions.details)}
      {item(t('graph.expand'), actions.expand)}
      {item(t('graph.hide'), actions.hide)}
    </ul>
  );
}
