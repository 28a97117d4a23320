import { useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type WheelEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useReadable } from '../../../lib/use-readable';
import { fit, gaps, pan, ticks, zoom, type View } from '../state/axis';
import { setTimeFilter, useTimeFilter } from '../state/time-filter';

/** One mark on the axis: an event of the timeline document, or a sighting of a person or vehicle. */
export interface AxisItem {
  readonly id: string;
  readonly at: string;
  readonly label: string;
  /** The row: "Events", or the person or vehicle seen. */
  readonly group: string;
  readonly kind: 'EVENT' | 'SIGHTING';
  /** Travel feasibility flagged it. */
  readonly warn: boolean;
}

const WIDTH = 640;
const ROW = 30;
const LEFT = 150;
const TOP = 24;
const GAP_MS = 6 * 3_600_000;

/**
 * The visual timeline (issue 18): a zoomable time axis, one row per person or vehicle seen plus one for
 * events, the gaps of six hours or more shaded, travel warnings in red. Wheel or buttons to zoom, drag or
 * buttons to move; every mark is a button (Enter opens it).
 */
export function TimelineAxis({ caseId, items, onOpen }: { caseId: string; items: readonly AxisItem[]; onOpen(item: AxisItem): void }) {
  const { t } = useTranslation();
  const readable = useReadable();
  const placed = useMemo(() => items.map((i) => ({ ...i, ms: Date.parse(i.at) })).filter((i) => !Number.isNaN(i.ms)), [items]);
  const groups = useMemo(() => {
    const names = [...new Set(placed.filter((i) => i.kind === 'SIGHTING').map((i) => i.group))].sort();
    return placed.some((i) => i.kind === 'EVENT') ? [t('field.axis.events'), ...names] : names;
  }, [placed, t]);
  const home = useMemo(() => fit(placed.map((i) => i.ms)), [placed]);
  const [view, setView] = useState<View | null>(null);
  const v = view ?? home;
  const drag = useRef<{ x: number; view: View } | null>(null);
  const filter = useTimeFilter(caseId);
  const x = (ms: number) => LEFT + ((ms - v.start) / (v.end - v.start)) * (WIDTH - LEFT - 10);
  const height = TOP + groups.length * ROW + 10;
  const tk = ticks(v, WIDTH - LEFT);
  const fmt = new Intl.DateTimeFormat(
    readable.options.locale,
    tk.step >= 86_400_000 ? { day: 'numeric', month: 'short' } : { hour: '2-digit', minute: '2-digit' },
  );

  function onWheel(e: WheelEvent<SVGSVGElement>) {
    const r = e.currentTarget.getBoundingClientRect();
    const px = ((e.clientX - r.left) / r.width) * WIDTH;
    const at = v.start + ((px - LEFT) / (WIDTH - LEFT - 10)) * (v.end - v.start);
    setView(zoom(v, e.deltaY > 0 ? 1.25 : 0.8, at));
  }
  function onDown(e: PointerEvent<SVGSVGElement>) {
    if ((e.target as Element).closest('[data-mark]')) return;
    drag.current = { x: e.clientX, view: v };
    e.currentTarget.setPointerCapture(e.pointerId);
  }
  function onMove(e: PointerEvent<SVGSVGElement>) {
    if (!drag.current) return;
    const r = e.currentTarget.getBoundingClientRect();
    const dx = ((e.clientX - drag.current.x) / r.width) * WIDTH;
    setView(pan(drag.current.view, -dx / (WIDTH - LEFT - 10)));
  }
  const key = (item: AxisItem) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen(item);
    }
  };

  if (placed.length === 0) return <p className="muted small">{t('field.axis.empty')}</p>;
  return (
    <figure className="timeline-axis" aria-labelledby="timeline-axis-title" data-testid="timeline-axis">
      <figcaption id="timeline-axis-title" className="small">
        {t('field.axis.title')} — {readable.when(new Date(v.start).toISOString())} → {readable.when(new Date(v.end).toISOString())}
      </figcaption>
      <div className="axis-controls" role="group" aria-label={t('field.axis.controls')}>
        <button type="button" onClick={() => setView(zoom(v, 0.5))}>
          {t('field.axis.zoomIn')}
        </button>
        <button type="button" onClick={() => setView(zoom(v, 2))}>
          {t('field.axis.zoomOut')}
        </button>
        <button type="button" onClick={() => setView(pan(v, -0.3))}>
          {t('field.axis.earlier')}
        </button>
        <button type="button" onClick={() => setView(pan(v, 0.3))}>
          {t('field.axis.later')}
        </button>
        <button type="button" onClick={() => setView(null)}>
          {t('field.axis.fit')}
        </button>
        <button
          type="button"
          aria-pressed={!!filter}
          onClick={() => setTimeFilter(caseId, { start: v.start, end: v.end })}
          data-testid="axis-filter"
        >
          {t('field.axis.filter')}
        </button>
        {filter && (
          <button type="button" onClick={() => setTimeFilter(caseId, null)}>
            {t('field.axis.clearFilter')}
          </button>
        )}
      </div>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        onWheel={onWheel}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={() => (drag.current = null)}
        style={{ touchAction: 'none', userSelect: 'none' }}
      >
        <title>{t('field.axis.title')}</title>
        {gaps(
          placed.map((i) => i.ms),
          GAP_MS,
        ).map((g) => (
          <rect
            key={`gap-${g.from}`}
            className="axis-gap"
            x={Math.max(LEFT, x(g.from))}
            y={TOP - 4}
            width={Math.max(0, Math.min(WIDTH - 10, x(g.to)) - Math.max(LEFT, x(g.from)))}
            height={groups.length * ROW}
            data-testid="axis-gap"
          >
            <title>{t('field.axis.gap', { hours: Math.round((g.to - g.from) / 3_600_000) })}</title>
          </rect>
        ))}
        {tk.at.map((ms) => (
          <g key={ms}>
            <line x1={x(ms)} x2={x(ms)} y1={TOP - 6} y2={height - 8} className="axis-tick" />
            <text x={x(ms)} y={12} textAnchor="middle" className="axis-tick-label">
              {fmt.format(ms)}
            </text>
          </g>
        ))}
        {groups.map((g, row) => (
          <g key={g}>
            <text x={4} y={TOP + row * ROW + 14} className="axis-group">
              {g.length > 22 ? `${g.slice(0, 21)}…` : g}
            </text>
            <line x1={LEFT} x2={WIDTH - 10} y1={TOP + row * ROW + 10} y2={TOP + row * ROW + 10} className="axis-row" />
          </g>
        ))}
        {placed.map((item) => {
          const row = item.kind === 'EVENT' ? 0 : groups.indexOf(item.group);
          const cx = x(item.ms);
          if (row < 0 || cx < LEFT - 4 || cx > WIDTH - 6) return null;
          const name =
            `${item.kind === 'SIGHTING' ? `${item.group}: ` : ''}${item.label}, ${readable.when(item.at)}` +
            `${item.warn ? ` — ${t('field.map.impossible')}` : ''}`;
          return (
            <g
              key={`${item.id}-${item.group}`}
              data-mark
              role="button"
              tabIndex={0}
              aria-label={name}
              data-testid="axis-mark"
              onClick={() => onOpen(item)}
              onKeyDown={key(item)}
              className={`axis-mark ${item.kind === 'SIGHTING' ? 'axis-sighting' : 'axis-event'}${item.warn ? ' axis-warn' : ''}`}
            >
              <title>{name}</title>
              {item.kind === 'SIGHTING' ? (
                <circle cx={cx} cy={TOP + row * ROW + 10} r={6} />
              ) : (
                <rect x={cx - 5} y={TOP + row * ROW + 5} width={10} height={10} transform={`rotate(45 ${cx} ${TOP + row * ROW + 10})`} />
              )}
              {item.warn && (
                <text x={cx + 8} y={TOP + row * ROW + 6} className="axis-warn-text">
                  !
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
