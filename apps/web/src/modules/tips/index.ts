// The module's surface for the rest of the client: the tips inbox loads only when its tab is opened.
import { lazy } from 'react';

export const TipsPanel = lazy(() => import('./components/TipsPanel'));
