// The module's surface: the "My work" page (its own chunk) and the new-task button other views place.
import { lazy } from 'react';

export { NewTaskButton } from './components/NewTaskButton';
export type { TaskSourceRef } from './components/TaskForm';
export const WorkPage = lazy(() => import('./components/WorkPage'));
