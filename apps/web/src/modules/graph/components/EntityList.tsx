import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GatedButton } from '../../../lib/gated';
import type { GNode } from '../../../lib/graph.generated';

/** Below this many entities the list starts open. */
const OPEN_UP_TO = 60;
/** Rows drawn at most: the canvas and the search box reach the rest. */
const MAX_ROWS = 1000;

export interface EntityListProps {
  readonly caseId: string;
  /** Sorted as shown. */
  readonly nodes: readonly GNode[];
  readonly selected: readonly string[];
  readonly onPath: ReadonlySet<string>;
  /** The entity a new link starts from, while the user picks its other end. */
  readonly linkFrom: string | null;
  onSelect(id: string, on: boolean): void;
  onOpen(id: string): void;
  onLinkFrom(id: string): void;
  onLinkTo(id: string): void;
}

/** Every entity of the drawing as a row: select it, open it, or link it. */
export function EntityList({ caseId, nodes, selected, onPath, linkFrom, onSelect, onOpen, onLinkFrom, onLinkTo }: EntityListProps) {
  const { t } = useTranslation();
  /** Null until the user opens or closes the list; small cases start with it open. */
  const [toggled, setToggled] = useState<boolean | null>(null);
  const openByDefault = nodes.length <= OPEN_UP_TO;
  const open = toggled ?? openByDefault;

  return (
    <details
      className="entity-list"
      open={open}
      onToggle={(e) => {
        // React setting `open` fires toggle too; only a change away from the default is the user's.
        const now = e.currentTarget.open;
        if (toggled !== null || now !== openByDefault) setToggled(now);
      }}
    >
      <summary>
        {t('graph.list')} ({nodes.length})
      </summary>
      <ul>
        {/* Rows of a closed list are not rendered: on a big case they cost as much as the first frame of the graph. */}
        {(open ? nodes.slice(0, MAX_ROWS) : []).map((n) => (
          <li key={n.id} data-testid="entity-row">
            <input
              type="checkbox"
              id={`sel-${n.id}`}
              checked={selected.includes(n.id)}
              onChange={(e) => onSelect(n.id, e.target.checked)}
              aria-label={n.label}
            />
            <button type="button" className="link" onClick={() => onOpen(n.id)}>
              {n.label}
            </button>{' '}
            <span className="muted small">
              {t(`kind.${n.kind}`)}
              {n.role ? ` · ${t(`role.${n.role}`)}` : ''}
              {!n.caseIds.includes(caseId) ? ` · ${t('graph.external')}` : ''}
              {onPath.has(n.id) ? ' · ★' : ''}
            </span>
            {linkFrom && linkFrom !== n.id && (
              <button type="button" className="small" onClick={() => onLinkTo(n.id)}>
                {t('graph.createLink')}
              </button>
            )}
            {!linkFrom && (
              // A role that may not link (an ADMIN member) is told why here, before picking the other end.
              <GatedButton
                action="graph.link"
                className="small"
                onClick={() => onLinkFrom(n.id)}
                aria-label={`${t('graph.linkTo')} ${n.label}`}
              >
                {t('graph.linkTo')}
              </GatedButton>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
