// The analysis module's surface. Panels opened on demand are lazy here, so that
// importing this file does not pull their code into the importer's chunk.
import { lazy } from 'react';

export { default as FeasibilityFlags, FeasibilityBadge } from './components/FeasibilityFlags';
export { useTravelChecks } from './hooks/feasibility-checks';
export type { TravelCheck } from './graphql/feasibility.generated';
export { GradeSelects } from './components/GradeSelects';
export { LINK_GRADED } from './graphql/paths.generated';

export const PathsPanel = lazy(() => import('./components/PathsPanel'));
export const CentralityPanel = lazy(() => import('./components/CentralityPanel'));
export const CoSightingPanel = lazy(() => import('./components/CoSightingPanel'));
export const CrossCasePanel = lazy(() => import('./components/CrossCasePanel'));
export const ResolutionPanel = lazy(() => import('./components/ResolutionPanel'));
