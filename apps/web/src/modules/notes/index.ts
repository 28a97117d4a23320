// The module's surface for the rest of the client. Panels shown on demand are lazy, so that
// importing this file does not pull their code into the importer's chunk.
import { lazy } from 'react';

export const NotesEditor = lazy(() => import('./components/NotesEditor'));
/** The notes of any Y.Doc, read-only (case replay). */
export const NotesSnapshot = lazy(() => import('./components/NotesSnapshot'));
