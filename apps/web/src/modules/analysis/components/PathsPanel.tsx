import { clearHighlight, highlightIds } from '@homeward/graph-view';
import type { Core } from 'cytoscape';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../../app/status';
import { ApiError, gql } from '../../../lib/graphql';
import { GradeSelects } from './GradeSelects';
import type { PathMode } from '../../../generated/schema-types';
import { PATHS, type GraphPath, type PathsQuery, type PathsVariables } from '../graphql/paths.generated';
import type { GNode, Subgraph } from '../../../lib/graph.generated';

/** The server's bounds (libs/analysis paths.ts): the form keeps within them so its errors stay rare. */
const MAX_LENGTH = 8;
const MAX_K = 50;

/**
 * Paths between two entities picked on the graph (the first two selected), computed by the
 * server across every case the user may see: k shortest or all up to a length, optionally in
 * time order and above a minimum grade. The paths are listed with their confidence (their
 * weakest link) and the chosen one is highlighted on the drawing.
 */
export default function PathsPanel({
  selected,
  nodes,
  cy,
  onMerge,
  onClose,
}: {
  selected: readonly string[];
  nodes: ReadonlyMap<string, GNode>;
  cy: Core | null;
  onMerge(sub: Subgraph): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [swap, setSwap] = useState(false);
  const [mode, setMode] = useState<PathMode>('SHORTEST');
  const [k, setK] = useState(3);
  const [maxLength, setMaxLength] = useState(6);
  const [timeRespecting, setTimeRespecting] = useState(false);
  const [maxGapHours, setMaxGapHours] = useState('');
  const [minReliability, setMinReliability] = useState('');
  const [minCredibility, setMinCredibility] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [result, setResult] = useState<PathsQuery['paths'] | null>(null);
  const [shown, setShown] = useState(0);

  const pair = selected.length >= 2 ? (swap ? [selected[1], selected[0]] : [selected[0], selected[1]]) : null;
  const label = (id: string) => nodes.get(id)?.label ?? result?.nodes.find((n) => n.id === id)?.label ?? id;
  const pairKey = pair?.join('>') ?? '';

  // A new pair makes the old answer stale.
  useEffect(() => {
    setResult(null);
    setError(null);
  }, [pairKey]);

  // Highlight the chosen path; leave the drawing as it was on close.
  useEffect(() => {
    if (!cy || !result || result.paths.length === 0) return;
    const p = result.paths[Math.min(shown, result.paths.length - 1)];
    // After a merge the new elements are drawn on the next frame.
    const frame = requestAnimationFrame(() => highlightIds(cy, [...p.nodeIds, ...p.edgeIds]));
    return () => cancelAnimationFrame(frame);
  }, [cy, result, shown]);
  useEffect(
    () => () => {
      if (cy && !cy.destroyed()) clearHighlight(cy);
    },
    [cy],
  );

  async function find(e: FormEvent) {
    e.preventDefault();
    if (!pair) return;
    const gap = maxGapHours.trim() === '' ? null : Number(maxGapHours);
    if (gap !== null && (!Number.isFinite(gap) || gap < 0)) {
      setError(new Error(t('paths.badGap')));
      return;
    }
    const vars: PathsVariables = {
      fromId: pair[0],
      toId: pair[1],
      mode,
      k,
      maxLength,
      timeRespecting,
      maxGapHours: timeRespecting ? gap : null,
      minReliability: minReliability || null,
      minCredibility: minCredibility ? Number(minCredibility) : null,
    };
    setBusy(true);
    setError(null);
    try {
      const d = await gql(PATHS, vars);
      // Entities of other cases on a path are drawn too (marked as external by the graph view).
      onMerge({ nodes: d.paths.nodes, edges: d.paths.edges });
      setResult(d.paths);
      setShown(0);
    } catch (err) {
      setResult(null);
      setError(
        err instanceof ApiError && err.code === 'LIMIT_EXCEEDED'
          ? new Error(t('paths.tooBig'))
          : err instanceof Error
            ? err
            : new Error(String(err)),
      );
    } finally {
      setBusy(false);
    }
  }

  const weakest = (p: GraphPath) => {
    const e = result?.edges.find((x) => x.id === p.weakestLinkId);
    return e ? t(`link.${e.type}`) : null;
  };

  return (
    <section className="paths-panel card" aria-labelledby="paths-title" data-testid="paths-panel">
      <header className="row">
        <h3 id="paths-title">{t('paths.title')}</h3>
        <button type="button" className="small" onClick={onClose} aria-label={t('paths.close')}>
          {t('app.close')}
        </button>
      </header>
      {pair ? (
        <p>
          {t('paths.between', { from: label(pair[0]), to: label(pair[1]) })}{' '}
          <button type="button" className="small" onClick={() => setSwap((s) => !s)}>
            {t('paths.swap')}
          </button>
        </p>
      ) : (
        <p className="muted" role="note">
          {t('paths.pickTwo')}
        </p>
      )}
      <form onSubmit={find} className="form paths-form">
        <label>
          {t('paths.mode')}
          <select value={mode} onChange={(e) => setMode(e.target.value as PathMode)}>
            <option value="SHORTEST">{t('paths.modeShortest')}</option>
            <option value="ALL">{t('paths.modeAll')}</option>
          </select>
        </label>
        <label>
          {t('paths.k')}
          <input
            type="number"
            min={1}
            max={MAX_K}
            value={k}
            onChange={(e) => setK(Math.max(1, Math.min(MAX_K, Number(e.target.value) || 1)))}
          />
        </label>
        <label>
          {t('paths.maxLength')}
          <input
            type="number"
            min={1}
            max={MAX_LENGTH}
            value={maxLength}
            onChange={(e) => setMaxLength(Math.max(1, Math.min(MAX_LENGTH, Number(e.target.value) || 1)))}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={timeRespecting} onChange={(e) => setTimeRespecting(e.target.checked)} />
          {t('paths.timeRespecting')}
        </label>
        {timeRespecting && (
          <label>
            {t('paths.maxGap')}
            <input
              type="number"
              min={0}
              step="any"
              value={maxGapHours}
              onChange={(e) => setMaxGapHours(e.target.value)}
              placeholder={t('paths.noLimit')}
            />
          </label>
        )}
        <GradeSelects
          reliabilityLabel={t('paths.minReliability')}
          credibilityLabel={t('paths.minCredibility')}
          noneLabel={t('paths.anyGrade')}
          reliability={minReliability}
          credibility={minCredibility}
          onReliability={setMinReliability}
          onCredibility={setMinCredibility}
        />
        <p className="muted small">{t('paths.timeRule')}</p>
        <button type="submit" disabled={!pair || busy}>
          {busy ? t('paths.searching') : t('paths.find')}
        </button>
      </form>
      <div aria-live="polite">
        {busy && <p role="status">{t('paths.searching')}</p>}
        {error && <ErrorNote error={error} />}
        {result && result.paths.length === 0 && <p data-testid="paths-none">{t('paths.none', { count: maxLength })}</p>}
        {result && result.paths.length > 0 && (
          <>
            <p role="status">
              {t('paths.found', { count: result.paths.length })}
              {result.truncated ? ` ${t('paths.truncated')}` : ''}
            </p>
            <ol className="paths-list" data-testid="paths-list">
              {result.paths.map((p, i) => (
                <li key={`${p.edgeIds.join(',')}`}>
                  <button
                    type="button"
                    className={`link${i === shown ? ' current' : ''}`}
                    aria-pressed={i === shown}
                    onClick={() => setShown(i)}
                    // A grade with "?" says on hover what it means; screen readers get the legend below.
                    title={p.grade.includes('?') ? t('linkGrade.pathHelp') : undefined}
                    aria-describedby={p.grade.includes('?') ? 'paths-grade-legend' : undefined}
                  >
                    {t('paths.item', { n: i + 1, count: p.length, grade: p.grade })}
                  </button>
                  <div className="small">{p.nodeIds.map(label).join(' → ')}</div>
                  {p.weakestLinkId && (
                    <div className="muted small">{t('paths.weakest', { link: weakest(p) ?? p.weakestLinkId, grade: p.grade })}</div>
                  )}
                </li>
              ))}
            </ol>
            {result.paths.some((p) => p.grade.includes('?')) && (
              <p className="muted small" data-testid="grade-legend" id="paths-grade-legend">
                {t('linkGrade.pathHelp')}
              </p>
            )}
          </>
        )}
      </div>
    </section>
  );
}
