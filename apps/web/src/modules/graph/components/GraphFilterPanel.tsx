import { useTranslation } from 'react-i18next';
import { FILTER_KINDS, FILTER_LINK_TYPES, shows, toggleIn, type GraphFilters } from '../state/graph-filters';

/** Which kinds, link types and dates the canvas shows. */
export function GraphFilterPanel({ value, onChange }: { value: GraphFilters; onChange(next: GraphFilters): void }) {
  const { t } = useTranslation();
  return (
    <details className="graph-filters">
      <summary>
        {t('graph.kinds')} · {t('graph.links')} · {t('graph.from')}/{t('graph.to')}
      </summary>
      <fieldset>
        <legend>{t('graph.kinds')}</legend>
        {FILTER_KINDS.map((k) => (
          <label key={k} className="check">
            <input
              type="checkbox"
              checked={shows(value.kinds, k)}
              onChange={() => onChange({ ...value, kinds: toggleIn(value.kinds, k, FILTER_KINDS) })}
            />
            {t(`kind.${k}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('graph.links')}</legend>
        {FILTER_LINK_TYPES.map((k) => (
          <label key={k} className="check">
            <input
              type="checkbox"
              checked={shows(value.linkTypes, k)}
              onChange={() => onChange({ ...value, linkTypes: toggleIn(value.linkTypes, k, FILTER_LINK_TYPES) })}
            />
            {t(`link.${k}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>
          {t('graph.from')} / {t('graph.to')}
        </legend>
        <label>
          {t('graph.from')}
          <input type="date" value={value.from} onChange={(e) => onChange({ ...value, from: e.target.value })} />
        </label>
        <label>
          {t('graph.to')}
          <input type="date" value={value.to} onChange={(e) => onChange({ ...value, to: e.target.value })} />
        </label>
      </fieldset>
    </details>
  );
}
