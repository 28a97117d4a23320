// The module's surface for the rest of the client. Panels shown on demand are lazy, so that
// importing this file does not pull their code into the importer's chunk.
import { lazy } from 'react';

export { CASE_GRAPH } from './graphql/graph.generated';
export type { Subgraph } from '../../lib/graph.generated';

export const GraphPanel = lazy(() => import('./components/GraphPanel'));
