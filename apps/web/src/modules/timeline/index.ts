// The module's surface for the rest of the client. Panels shown on demand are lazy, so that
// importing this file does not pull their code into the importer's chunk.
import { lazy } from 'react';

export const TimelineEditor = lazy(() => import('./components/TimelineEditor'));
export { inFilter, setTimeFilter, useTimeFilter, type TimeFilter } from './state/time-filter';
/** The timeline of a given document and graph, read-only (case replay). */
export const TimelineSnapshot = lazy(() => import('./components/TimelineEditor').then((m) => ({ default: m.TimelineSnapshot })));
export { narrowest, windowOf, withoutSightingsOutside, type TimeWindow } from './state/time-filter';
export { TimeFilterNote } from './components/TimeFilterNote';
