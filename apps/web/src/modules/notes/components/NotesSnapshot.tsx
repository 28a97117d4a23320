import type * as Y from 'yjs';
import { useTranslation } from 'react-i18next';
import { Editor } from './NotesEditor';

/** The case notes of a given document, read-only (replay's notes of a moment): the editor's own rendering. */
export default function NotesSnapshot({ caseId, doc }: { caseId: string; doc: Y.Doc }) {
  const { t } = useTranslation();
  return (
    <div className="graph-layout">
      <h2 className="sr-only">{t('notes.title')}</h2>
      <Editor key={doc.guid} room={{ doc }} caseId={caseId} entities={[]} readOnly />
    </div>
  );
}
