// The module's surface for the rest of the client. Replay is its own chunk, loaded when a reader opens it:
// the initial JavaScript stays within its budget.
import { lazy } from 'react';

export const ReplayMode = lazy(() => import('./components/ReplayMode'));
