// The module's surface for the rest of the client. Panels shown on demand are lazy, so that
// importing this file does not pull their code into the importer's chunk.
import { lazy } from 'react';

export const TimelineEditor = lazy(() => import('./components/TimelineEditor'));
export { inFilter, setTimeFilter, useTimeFilter, type TimeFilter } from './state/time-filter';
