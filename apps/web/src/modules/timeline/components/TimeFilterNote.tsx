import { useTranslation } from 'react-i18next';
import { useReadable } from '../../../lib/use-readable';
import { setTimeFilter, useTimeFilter } from '../state/time-filter';

/**
 * The time filter set on the timeline's axis, said where it applies (the graph, the timeline's list, the
 * map), with the button that clears it everywhere at once. Nothing while there is none.
 */
export function TimeFilterNote({ caseId, view, hidden }: { caseId: string; view: 'graph' | 'list' | 'map'; hidden?: number }) {
  const { t } = useTranslation();
  const readable = useReadable();
  const filter = useTimeFilter(caseId);
  if (!filter) return null;
  const span = { from: readable.when(new Date(filter.start).toISOString()), to: readable.when(new Date(filter.end).toISOString()) };
  const text =
    view === 'map'
      ? t('field.axis.filtered', span)
      : view === 'graph'
        ? t('fieldMore.graphFiltered', span)
        : t('fieldMore.listFiltered', { ...span, count: hidden ?? 0 });
  return (
    <p className="small time-filter-note" role="status" data-testid={`${view}-filter`}>
      {text}{' '}
      <button type="button" className="small" onClick={() => setTimeFilter(caseId, null)}>
        {t('field.axis.clearFilter')}
      </button>
    </p>
  );
}
