// The module's surface for the rest of the client. Panels shown on demand are lazy, so that
// importing this file does not pull their code into the importer's chunk.
import { lazy } from 'react';

export const CaseMap = lazy(() => import('./components/CaseMap'));
/** The map of a given graph, read-only (case replay). */
export const MapSnapshot = lazy(() => import('./components/CaseMap').then((m) => ({ default: m.MapSnapshot })));
/** An alert's distribution area on a small map (the alert dialog). */
export const AreaMap = lazy(() => import('./components/AreaMap'));
