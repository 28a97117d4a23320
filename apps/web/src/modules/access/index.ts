// Access requests across agencies: the notice's button, and the section of the work page (its own chunk).
import { lazy } from 'react';

export { AskAccessButton } from './components/AskAccessButton';
export const AccessRequestsSection = lazy(() => import('./components/AccessRequestsSection'));
