import { Extension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Placeholder } from '@tiptap/extensions';
import { TextSelection } from '@tiptap/pm/state';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../../app/status';
import { mentionAt, mentionExtension, type MentionItem } from '../../../lib/mentions';
import { cleanPastedHtml } from '../../../lib/paste';
import { navigate } from '../../../lib/router';
import { useQuery } from '../../../lib/use-query';
import { useReadable } from '../../../lib/use-readable';
import { useAuth } from '../../auth';
import { CASE } from '../../cases';
import { mayEditDocuments, Presence, colorFor, useCollabRoom, type CollabRoom } from '../../collab';
import { CASE_GRAPH } from '../../graph';
import { NotesToolbar, promptLink, safeLink } from './NotesToolbar';
import { caretShown, entityMentionAtCaret } from '../state/mention-at-caret';

export default function NotesEditor({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { room, status, peers, browserOnline, closed } = useCollabRoom(`cases/${caseId}/notes`);
  const entities = useCaseEntities(caseId);
  const members = useCaseMembers(caseId);
  return (
    <div className="graph-layout">
      <h2 className="sr-only">{t('notes.title')}</h2>
      <Presence peers={peers} status={status} browserOnline={browserOnline} label={t('notes.present')} closed={closed} />
      {room ? <Editor key={room.doc.guid} room={room} caseId={caseId} entities={entities} members={members} /> : <Loading />}
    </div>
  );
}

/** The case's members as mention candidates (issue 19): mentioning one tells them (the server reads the notes' updates). */
function useCaseMembers(caseId: string): readonly MentionItem[] {
  const { t } = useTranslation();
  const c = useQuery(CASE, { id: caseId });
  return useMemo(
    () =>
      (c.data?.case?.members ?? []).map((m) => ({
        id: m.id,
        label: m.displayName,
        hint: `${t('notesMentions.member')} · ${t(`userRole.${m.role}`)} · ${m.agency.name}`,
        kind: 'user' as const,
      })),
    [c.data, t],
  );
}

/** The case's entities as mention candidates, named as everywhere else ("Sighting · place · time"). */
function useCaseEntities(caseId: string): readonly MentionItem[] {
  const { t } = useTranslation();
  const readable = useReadable();
  const graph = useQuery(CASE_GRAPH, { caseId });
  return useMemo(() => {
    const g = graph.data?.caseGraph;
    if (!g) return [];
    const labels = readable.labels(g.nodes, g.edges);
    return g.nodes.map((n) => ({
      id: n.id,
      label: labels.get(n.id) ?? n.label,
      hint: `${t(`kind.${n.kind}`)}${n.role ? ` · ${t(`role.${n.role}`)}` : ''}`,
    }));
  }, [graph.data, readable, t]);
}

/**
 * The notes editor on a document: the live room's (with its provider, for carets), or, with `readOnly` and no
 * provider, any Y.Doc (replay's notes of a moment). Updates applied to the document show as they come.
 */
export function Editor({
  room,
  caseId,
  entities,
  members = [],
  readOnly = false,
}: {
  room: { readonly doc: CollabRoom['doc']; readonly provider?: CollabRoom['provider'] };
  caseId: string;
  entities: readonly MentionItem[];
  /** Members of the case offered after "@" with the entities (none in a read-only copy). */
  members?: readonly MentionItem[];
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const canEdit = !readOnly && mayEditDocuments(user?.role);
  // The extension reads the candidates at each keystroke; the graph and the members may load after the editor.
  const candidates = useRef<readonly MentionItem[]>([]);
  candidates.current = [...members, ...entities];
  const [linkError, setLinkError] = useState<string | null>(null);
  const linkRef = useRef<() => void>(() => undefined);
  const openEntity = (id: string) => navigate(`/cases/${caseId}/graph?focus=${encodeURIComponent(id)}`);
  const openRef = useRef(openEntity);
  openRef.current = openEntity;
  const editor = useEditor(
    {
      extensions: [
        // Yjs keeps the history per user; the kit's own undo would undo colleagues' typing.
        StarterKit.configure({
          undoRedo: false,
          link: { openOnClick: false, autolink: true, defaultProtocol: 'https', isAllowedUri: (url) => safeLink(url) !== null },
        }),
        Placeholder.configure({ placeholder: t('field.notes.placeholder') }),
        mentionExtension({
          items: () => candidates.current,
          listLabel: t('notesMentions.list'),
          emptyText: t('notesMentions.none'),
          countText: (count) => t('notesMentions.count', { count }),
          className: 'mention-entity',
          focusable: !canEdit,
        }),
        Extension.create({
          name: 'linkShortcut',
          addKeyboardShortcuts: () => ({
            'Mod-k': () => {
              linkRef.current();
              return true;
            },
            // The keyboard's way to follow an entity mention while writing: the one at the caret (just before
            // or after it, or selected). Nothing there: the key does what it would otherwise.
            'Alt-Enter': ({ editor: ed }) => {
              const id = entityMentionAtCaret(caretShown(ed.view, (doc, pos) => TextSelection.create(doc as typeof ed.state.doc, pos)));
              if (id) openRef.current(id);
              return id !== null;
            },
          }),
        }),
        Collaboration.configure({ document: room.doc }),
        ...(room.provider
          ? [
              CollaborationCaret.configure({
                provider: room.provider,
                user: { name: user?.displayName ?? '?', color: colorFor(user?.id ?? '?') },
              }),
            ]
          : []),
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
        transformPastedHTML: cleanPastedHtml,
      },
    },
    [room.doc, room.provider, canEdit],
  );
  linkRef.current = () => {
    if (!editor) return;
    setLinkError(null);
    promptLink(
      editor,
      (current) => window.prompt(t('field.notes.linkPrompt'), current),
      () => setLinkError(t('field.notes.linkInvalid')),
    );
  };

  // An entity's mention opens it in the graph: a click; Enter (or Space) on it in a read-only copy, where it
  // is a link in the tab order; Alt+Enter at it while writing. A member's mention is a name.
  function onClick(e: MouseEvent<HTMLDivElement>) {
    const m = mentionAt(e.target);
    if (!m || m.kind === 'user') return;
    e.preventDefault();
    openEntity(m.id);
  }
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (canEdit || (e.key !== 'Enter' && e.key !== ' ')) return;
    const m = mentionAt(e.target);
    if (!m || m.kind === 'user') return;
    e.preventDefault();
    openEntity(m.id);
  }

  return (
    // Read-only (replay, or a role that may not edit), nothing inside takes focus: the scrolling box itself does,
    // so that the keyboard can scroll it (axe: scrollable-region-focusable).
    <div className="editor" {...(canEdit ? {} : { tabIndex: 0, role: 'region', 'aria-label': t('workspace.notes') })}>
      {!canEdit && !readOnly && (
        <p className="muted small" role="note">
          {t('notes.readOnly')}
        </p>
      )}
      {canEdit && editor && <NotesToolbar editor={editor} onLink={() => linkRef.current()} />}
      {linkError && (
        <p role="alert" className="error small">
          {linkError}
        </p>
      )}
      {!readOnly && (
        <p className="muted small" id="notes-help">
          {t('notesMentions.help')} {canEdit ? t('fieldMore.mentionOpenKeys') : t('fieldMore.mentionOpenReadOnly')}
        </p>
      )}
      <div onClick={onClick} onKeyDown={onKeyDown}>
        <EditorContent editor={editor} />
      </div>
    </div>
  );
}
