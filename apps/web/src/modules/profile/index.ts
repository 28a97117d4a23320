// The module's surface for the rest of the client. Panels shown on demand are lazy, so that
// importing this file does not pull their code into the importer's chunk.
import { lazy } from 'react';

export { OUTPUT_LANGUAGES } from './constants';
export { downloadBlob } from './state/download';
export { LastSeenText, type LastSeenValue } from './components/LastSeenText';
export { firstOutputLanguages, OutputLanguagesField } from './components/OutputLanguages';

export const ChildPanel = lazy(() => import('./components/ChildPanel'));
