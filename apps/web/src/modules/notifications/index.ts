import { lazy } from 'react';

export { InboxBell } from './components/InboxBell';
export { RequestSignOff } from './components/RequestSignOff';
export { notificationPath, notificationText } from './notification-view';
/** The inbox page: its own chunk, loaded when opened. */
export const InboxPage = lazy(() => import('./components/InboxPage'));
