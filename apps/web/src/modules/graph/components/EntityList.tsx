import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { GatedButton } from '../../../lib/gated';
import type { GNode } from '../../../lib/graph.generated';

/** Below this many entities the list starts open. */
const OPEN_UP_TO = 60;
/** Rows drawn at most: the canvas and the search box reach the rest. */
const MAX_ROWS = 1000;
/** The row's control the list's one tab stop starts on: the entity's name (Enter opens it). */
const NAME_COL = 1;

export interface EntityListProps {
  readonly caseId: string;
  /** Sorted as shown. */
  readonly nodes: readonly GNode[];
  readonly selected: readonly string[];
  readonly onPath: ReadonlySet<string>;
  /** Entities the reader hid from the drawing (they stay in the list, marked, with Show). */
  readonly hidden?: ReadonlySet<string>;
  /** The entity a new link starts from, while the user picks its other end. */
  readonly linkFrom: string | null;
  onSelect(id: string, on: boolean): void;
  onOpen(id: string): void;
  onLinkFrom(id: string): void;
  onLinkTo(id: string): void;
  /** Expand neighbours, Hide and Show, as the canvas's menu offers them (absent: not offered). */
  onExpand?(id: string): void;
  onHide?(id: string): void;
  onShow?(id: string): void;
}

const NOTHING_HIDDEN: ReadonlySet<string> = new Set();

/**
 * Every entity of the drawing as a row: select it, open it, link it, expand its neighbours, hide or show it.
 * A grid with one tab stop (roving tabindex): Up and Down move between entities, Left and Right between a
 * row's controls, Home and End to the first and last entity; Enter or Space acts on the focused control.
 */
export function EntityList(props: EntityListProps) {
  const { caseId, nodes, selected, onPath, hidden = NOTHING_HIDDEN, linkFrom, onExpand, onHide, onShow } = props;
  const { t } = useTranslation();
  const keysId = useId();
  /** Null until the user opens or closes the list; small cases start with it open. */
  const [toggled, setToggled] = useState<boolean | null>(null);
  const openByDefault = nodes.length <= OPEN_UP_TO;
  const open = toggled ?? openByDefault;
  const rows = open ? nodes.slice(0, MAX_ROWS) : [];
  /** The control holding the list's tab stop: its entity and its column. */
  const [active, setActive] = useState<{ id: string; col: number } | null>(null);
  const activeId = active && rows.some((n) => n.id === active.id) ? active.id : rows[0]?.id;
  const activeCol = active && active.id === activeId ? active.col : NAME_COL;
  const grid = useRef<HTMLDivElement>(null);

  /** The focusable controls of the row at index i, in column order. */
  const controlsOf = (i: number): HTMLElement[] =>
    Array.from(grid.current?.querySelectorAll<HTMLElement>(`[data-row="${i}"] [data-col]`) ?? []).sort(
      (a, b) => Number(a.dataset['col']) - Number(b.dataset['col']),
    );
  /** Focus column `col` of row `i`, or the nearest column that row has. */
  const focusAt = (i: number, col: number) => {
    const cs = controlsOf(i);
    if (cs.length === 0) return;
    const target =
      cs.find((c) => Number(c.dataset['col']) === col) ??
      cs.reduce((best, c) => (Math.abs(Number(c.dataset['col']) - col) < Math.abs(Number(best.dataset['col']) - col) ? c : best));
    target.focus();
  };

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const el = e.target as HTMLElement;
    const cell = el.closest<HTMLElement>('[data-col]');
    const row = el.closest<HTMLElement>('[data-row]');
    if (!cell || !row) return;
    const i = Number(row.dataset['row']);
    const col = Number(cell.dataset['col']);
    const last = rows.length - 1;
    let next: [number, number] | null = null;
    if (e.key === 'ArrowDown') next = [Math.min(i + 1, last), col];
    else if (e.key === 'ArrowUp') next = [Math.max(i - 1, 0), col];
    else if (e.key === 'Home') next = [0, e.ctrlKey ? NAME_COL : col];
    else if (e.key === 'End') next = [last, e.ctrlKey ? NAME_COL : col];
    else if (e.key === 'PageDown') next = [Math.min(i + 10, last), col];
    else if (e.key === 'PageUp') next = [Math.max(i - 10, 0), col];
    else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const cs = controlsOf(i);
      const at = cs.indexOf(cell);
      const to = cs[e.key === 'ArrowRight' ? Math.min(at + 1, cs.length - 1) : Math.max(at - 1, 0)];
      if (to) next = [i, Number(to.dataset['col'])];
    }
    if (!next) return;
    e.preventDefault();
    focusAt(next[0], next[1]);
  }

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
      <p id={keysId} className="sr-only">
        {t('a11y.listKeys')}
      </p>
      {/* Rows of a closed list are not rendered: on a big case they cost as much as the first frame of the graph. */}
      <div
        ref={grid}
        role="grid"
        aria-label={t('graph.list')}
        aria-describedby={keysId}
        aria-rowcount={rows.length}
        className="entity-grid"
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-col]');
          const row = (e.target as HTMLElement).closest<HTMLElement>('[data-row]');
          const id = row?.dataset['id'];
          if (cell && id) setActive({ id, col: Number(cell.dataset['col']) });
        }}
      >
        {rows.map((n, i) => {
          /** Only the control holding the tab stop is reached by Tab; the others by the arrows. */
          const tab = (col: number) => (n.id === activeId && col === activeCol ? 0 : -1);
          const isHidden = hidden.has(n.id);
          return (
            <div key={n.id} role="row" aria-rowindex={i + 1} data-testid="entity-row" data-row={i} data-id={n.id} className="entity-row">
              <span role="gridcell">
                <input
                  type="checkbox"
                  id={`sel-${n.id}`}
                  data-col={0}
                  tabIndex={tab(0)}
                  checked={selected.includes(n.id)}
                  onChange={(e) => props.onSelect(n.id, e.target.checked)}
                  aria-label={n.label}
                />
              </span>
              <span role="gridcell" className="entity-name-cell">
                <button type="button" className="link" data-col={NAME_COL} tabIndex={tab(NAME_COL)} onClick={() => props.onOpen(n.id)}>
                  {n.label}
                </button>{' '}
                <span className="muted small">
                  {t(`kind.${n.kind}`)}
                  {n.role ? ` · ${t(`role.${n.role}`)}` : ''}
                  {!n.caseIds.includes(caseId) ? ` · ${t('graph.external')}` : ''}
                  {onPath.has(n.id) ? ' · ★' : ''}
                  {isHidden ? ` · ${t('a11y.hidden')}` : ''}
                </span>
              </span>
              <span role="gridcell" className="entity-actions-start">
                {linkFrom && linkFrom !== n.id && (
                  <button
                    type="button"
                    className="small"
                    data-col={2}
                    tabIndex={tab(2)}
                    data-return-focus={`link-${n.id}`}
                    onClick={() => props.onLinkTo(n.id)}
                  >
                    {t('graph.createLink')}
                  </button>
                )}
                {!linkFrom && (
                  // A role that may not link (an ADMIN member) is told why here, before picking the other end.
                  <GatedButton
                    action="graph.link"
                    className="small"
                    data-col={2}
                    tabIndex={tab(2)}
                    data-return-focus={`link-${n.id}`}
                    onClick={() => props.onLinkFrom(n.id)}
                    aria-label={`${t('graph.linkTo')} ${n.label}`}
                  >
                    {t('graph.linkTo')}
                  </GatedButton>
                )}
              </span>
              {onExpand && (
                <span role="gridcell">
                  <button
                    type="button"
                    className="small"
                    data-col={3}
                    tabIndex={tab(3)}
                    onClick={() => onExpand(n.id)}
                    aria-label={t('a11y.expandOf', { label: n.label })}
                    title={t('a11y.expandOf', { label: n.label })}
                  >
                    {t('graph.expand')}
                  </button>
                </span>
              )}
              {onHide && onShow && (
                <span role="gridcell">
                  <button
                    type="button"
                    className="small"
                    data-col={4}
                    tabIndex={tab(4)}
                    onClick={() => (isHidden ? onShow(n.id) : onHide(n.id))}
                    aria-label={t(isHidden ? 'a11y.showOf' : 'a11y.hideOf', { label: n.label })}
                    title={t(isHidden ? 'a11y.showOf' : 'a11y.hideOf', { label: n.label })}
                  >
                    {isHidden ? t('a11y.show') : t('graph.hide')}
                  </button>
                </span>
              )}
            </div>
          );
        })}
      </div>
    </details>
  );
}
