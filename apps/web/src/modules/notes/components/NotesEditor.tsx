import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../../app/status';
import { useAuth } from '../../auth';
import { mayEditDocuments, Presence, colorFor, useCollabRoom, type CollabRoom } from '../../collab';

export default function NotesEditor({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { room, status, peers, browserOnline, closed } = useCollabRoom(`cases/${caseId}/notes`);
  return (
    <div className="graph-layout">
      <h2 className="sr-only">{t('notes.title')}</h2>
      <Presence peers={peers} status={status} browserOnline={browserOnline} label={t('notes.present')} closed={closed} />
      {room ? <Editor key={room.doc.guid} room={room} /> : <Loading />}
    </div>
  );
}

function Editor({ room }: { room: CollabRoom }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const canEdit = mayEditDocuments(user?.role);
  const editor = useEditor(
    {
      extensions: [
        // Yjs keeps the history per user; the kit's own undo would undo colleagues' typing.
        StarterKit.configure({ undoRedo: false }),
        Collaboration.configure({ document: room.doc }),
        CollaborationCaret.configure({
          provider: room.provider,
          user: { name: user?.displayName ?? '?', color: colorFor(user?.id ?? '?') },
        }),
      ],
      editable: canEdit,
      editorProps: {
        attributes: {
          'aria-label': t('notes.editor'),
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-readonly': String(!canEdit),
          'data-testid': 'notes-editor',
        },
      },
    },
    [room, canEdit],
  );
  return (
    <div className="editor">
      {!canEdit && (
        <p className="muted small" role="note">
          {t('notes.readOnly')}
        </p>
      )}
      <EditorContent editor={editor} />
    </div>
  );
}
