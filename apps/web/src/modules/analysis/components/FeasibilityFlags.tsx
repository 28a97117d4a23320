import type { Core } from 'cytoscape';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { TravelCheck } from '../graphql/feasibility.generated';
import { useTravelChecks } from '../hooks/feasibility-checks';

/** Class on the sightings of an impossible journey in the graph drawing. */
const FLAG_CLASS = 'hw-infeasible';

/** One impossible journey in words: who, from where to where, how far, in how long, at what speed. */
export function TravelExplanation({ check, names }: { check: TravelCheck; names: ReadonlyMap<string, string> }) {
  const { t, i18n } = useTranslation();
  const n = (v: number, digits = 0) => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: digits }).format(v);
  const where = (id: string) => names.get(id) ?? id;
  const common = {
    subject: check.subjectLabel,
    from: where(check.fromLocationId),
    to: where(check.toLocationId),
    km: n(check.distanceKm),
    speed: n(check.speedKmh),
  };
  return (
    <span>
      {check.neededKmh === null
        ? t('feasibility.sameInstant', common)
        : t('feasibility.explain', { ...common, hours: n(check.hours, 1), needed: n(check.neededKmh) })}
    </span>
  );
}

/** A warning beside a sighting in the timeline, with the reason spelled out (readable without hovering). */
export function FeasibilityBadge({ checks, names }: { checks: readonly TravelCheck[] | undefined; names: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  if (!checks || checks.length === 0) return null;
  return (
    <div className="travel-flag" role="note" data-testid="travel-flag">
      <strong>⚠ {t('feasibility.badge')}</strong>
      <ul>
        {checks.map((c) => (
          <li key={`${c.subjectId}:${c.fromSightingId}:${c.toSightingId}`}>
            <TravelExplanation check={c} names={names} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Instances whose stylesheet has the flag rule (cy.scratch would restyle every element to record it). */
const flagRuleAdded = new WeakSet<Core>();

/**
 * In the graph view: marks the sightings of impossible journeys on the drawing and lists the
 * journeys, each with a button that brings its sightings into view.
 */
export default function FeasibilityFlags({
  caseId,
  cy,
  names,
  version,
  onFocus,
}: {
  caseId: string;
  cy: Core | null;
  names: ReadonlyMap<string, string>;
  version: unknown;
  onFocus(sightingId: string): void;
}) {
  const { t } = useTranslation();
  const { checks, bySighting } = useTravelChecks(caseId, version);

  useEffect(() => {
    if (!cy) return;
    // The rule is added to the drawing's own stylesheet once (a drawing kept for a return to the case comes back
    // with it); the class says which nodes it applies to.
    if (!flagRuleAdded.has(cy)) {
      flagRuleAdded.add(cy);
      cy.style().selector(`node.${FLAG_CLASS}`).style({ 'border-color': '#b91c1c', 'border-width': 4, 'border-style': 'dashed' }).update();
    }
    cy.batch(() => {
      cy.nodes(`.${FLAG_CLASS}`).removeClass(FLAG_CLASS);
      for (const id of bySighting.keys()) cy.getElementById(id).addClass(FLAG_CLASS);
    });
    return () => {
      if (!cy.destroyed()) cy.nodes(`.${FLAG_CLASS}`).removeClass(FLAG_CLASS);
    };
  }, [cy, bySighting]);

  if (checks.length === 0) return null;
  return (
    <details className="travel-flags" data-testid="travel-flags">
      <summary>⚠ {t('feasibility.summary', { count: checks.length })}</summary>
      <ul>
        {checks.map((c) => (
          <li key={`${c.subjectId}:${c.fromSightingId}:${c.toSightingId}`}>
            <TravelExplanation check={c} names={names} />{' '}
            <button type="button" className="small" onClick={() => onFocus(c.fromSightingId)}>
              {t('feasibility.showFirst')}
            </button>{' '}
            <button type="button" className="small" onClick={() => onFocus(c.toSightingId)}>
              {t('feasibility.showSecond')}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
