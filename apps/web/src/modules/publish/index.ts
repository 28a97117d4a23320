// The module's surface for the rest of the client: the public page's panel loads with the Child tab, its dialog when opened.
import { lazy } from 'react';

export const PublicationPanel = lazy(() => import('./components/PublicationPanel'));
