import { focusNode } from '@homeward/graph-view';
import type { Core } from 'cytoscape';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import { useQuery } from '../../../lib/use-query';
import { useReadable } from '../../../lib/use-readable';
import type { CentralityMeasure } from '../../../generated/schema-types';
import { CASE_CENTRALITY } from '../graphql/centrality.generated';

/** Ten colours that stay apart for the usual kinds of colour blindness (Okabe-Ito, plus two greys). */
const GROUP_COLOURS = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#000000', '#999999', '#666666'];
const MIN_SIZE = 18;
const MAX_SIZE = 64;

/**
 * Centrality and groups over the case graph: sizes the drawn nodes by the
 * chosen measure, colours them by community, lists the top hubs (each focuses
 * its node). Styles are set on the Cytoscape instance and taken off again when
 * turned off or when the panel closes, so the graph's own styling is untouched.
 */
export default function CentralityPanel({ caseId, cy }: { caseId: string; cy: Core | null }) {
  const { t } = useTranslation();
  const readable = useReadable();
  const [open, setOpen] = useState(false);
  const [measure, setMeasure] = useState<CentralityMeasure | 'NONE'>('BETWEENNESS');
  const [colour, setColour] = useState(true);
  const q = useQuery(CASE_CENTRALITY, { caseId, measure: measure === 'NONE' ? 'BETWEENNESS' : measure, top: 10 }, !open);
  const r = q.data?.caseCentrality;

  useEffect(() => {
    if (!cy || !r || !open) return;
    const key = measure === 'DEGREE' ? 'degree' : 'betweenness';
    const max = Math.max(1e-9, ...r.nodes.map((n) => n[key]));
    cy.batch(() => {
      for (const n of r.nodes) {
        const el = cy.getElementById(n.id);
        if (el.empty()) continue;
        const style: Record<string, string | number> = {};
        if (measure !== 'NONE') {
          const size = MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.sqrt(n[key] / max);
          style.width = size;
          style.height = size;
        }
        if (colour) style['background-color'] = GROUP_COLOURS[n.community % GROUP_COLOURS.length];
        el.style(style);
      }
    });
    return () => {
      // Leaving the graph destroys the instance before this runs: nothing is left to restyle then.
      if (!cy.destroyed()) cy.batch(() => cy.nodes().removeStyle('width height background-color'));
    };
  }, [cy, r, open, measure, colour]);

  return (
    <details className="graph-filters intel-centrality" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t('intel.centrality.title')}</summary>
      <div className="intel-controls">
        <label>
          {t('intel.centrality.sizeBy')}{' '}
          <select value={measure} onChange={(e) => setMeasure(e.target.value as CentralityMeasure | 'NONE')}>
            <option value="NONE">{t('intel.centrality.none')}</option>
            <option value="DEGREE">{t('intel.centrality.DEGREE')}</option>
            <option value="BETWEENNESS">{t('intel.centrality.BETWEENNESS')}</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={colour} onChange={(e) => setColour(e.target.checked)} />
          {t('intel.centrality.colourBy')}
        </label>
        <button type="button" onClick={q.reload}>
          {t('intel.centrality.refresh')}
        </button>
      </div>
      {q.loading && <Loading />}
      {q.error && <ErrorNote error={q.error} onRetry={q.reload} />}
      {r && r.nodes.length === 0 && <p className="muted">{t('intel.centrality.empty')}</p>}
      {r && r.nodes.length > 0 && (
        <>
          <p className="muted small">
            {t('intel.centrality.groups', { count: r.communities.length, modularity: r.modularity.toFixed(2) })}
            {!r.exact && <> · {t('intel.centrality.estimated')}</>}
          </p>
          <h3>{t('intel.centrality.hubs')}</h3>
          {/* The rank is written out: Chromium left gaps in an <ol>'s own numbers (1, 3, 4…) when React reordered
              its items after a change of measure. Keyed by the measure, the list is also drawn anew. */}
          <ol className="intel-hubs" key={measure}>
            {r.hubs.map((h, i) => (
              <li key={h.id}>
                <span className="intel-rank">{i + 1}.</span>{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => cy && focusNode(cy, h.id, true)}
                  aria-label={t('intel.centrality.focus', { label: readable.label(h) })}
                >
                  <span className="swatch" style={{ background: GROUP_COLOURS[h.community % GROUP_COLOURS.length] }} aria-hidden="true" />{' '}
                  {readable.label(h)}
                </button>{' '}
                <span className="muted small">
                  {t('intel.centrality.DEGREE')} {h.degree} · {t('intel.centrality.BETWEENNESS')} {(h.betweenness * 100).toFixed(1)} % ·{' '}
                  {t('intel.centrality.group', { n: h.community + 1 })}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </details>
  );
}
