import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../../app/status';
import { fromLocalInput, toLocalInput } from '../../../lib/format';
import { useReadable, When } from '../../../lib/use-readable';
import { navigate } from '../../../lib/router';
import { TimelineAxis, type AxisItem } from './TimelineAxis';
import { TimeFilterNote } from './TimeFilterNote';
import { inFilter, useTimeFilter } from '../state/time-filter';
import { gql } from '../../../lib/graphql';
import { useQuery } from '../../../lib/use-query';
import { CASE_TIMELINE, type CaseTimelineQuery } from '../graphql/timeline.generated';
import { addEvent, deleteEvent, eventsOf, readEvents, updateEvent, type TimelineItem } from '../state/timeline-doc';
import { FormFooter } from '../../../app/form';
import { Presence, useCollabRoom, type CollabRoom, mayEditDocuments } from '../../collab';
import { CASE_GRAPH, type Subgraph } from '../../graph';
import type * as Y from 'yjs';
import { useAuth } from '../../auth';
import { usePermission } from '../../../lib/permissions';
import { FeasibilityBadge, useTravelChecks, type TravelCheck } from '../../analysis';
import { NewTaskButton } from '../../tasks';

/** A sighting on the timeline as the server sends it (or as the graph's sighting entities say it, see below). */
type ServerEvent = CaseTimelineQuery['caseTimeline'][number];

export default function TimelineEditor({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { room, status, peers, browserOnline, closed } = useCollabRoom(`cases/${caseId}/timeline`);
  const graph = useQuery(CASE_GRAPH, { caseId });
  // Impossible journeys between sightings, flagged beside them (rechecked when the graph is reloaded).
  const travel = useTravelChecks(caseId, graph.data);
  const [sightings, setSightings] = useState<ServerEvent[]>([]);

  useEffect(() => {
    let alive = true;
    gql(CASE_TIMELINE, { caseId }).then(
      (d) => alive && setSightings(d.caseTimeline.filter((e) => e.kind === 'SIGHTING')),
      () => {
        // Older servers lack caseTimeline's kind; the graph's sightings say the same thing.
      },
    );
    return () => {
      alive = false;
    };
  }, [caseId]);

  const { names, seenBy, sightings: graphSightings } = useTimelineGraph(graph.data?.caseGraph, sightings);

  return (
    <div className="graph-layout" style={{ overflow: 'auto' }}>
      <h2>{t('timeline.title')}</h2>
      <Presence peers={peers} status={status} browserOnline={browserOnline} label={t('timeline.present')} closed={closed} />
      {room ? (
        <Timeline caseId={caseId} room={room} names={names} seenBy={seenBy} sightings={graphSightings} travel={travel.bySighting} />
      ) : (
        <Loading />
      )}
    </div>
  );
}

/**
 * What the timeline needs of the case graph: entities' names as a person reads them, who or what each sighting
 * saw, and the sightings (the server's list when it gave one, else the graph's sighting entities).
 */
function useTimelineGraph(g: Subgraph | undefined, serverSightings: readonly ServerEvent[]) {
  const readable = useReadable();
  // Entities as a person reads them: a sighting by what, where and when.
  const names = useMemo(() => (g ? readable.labels(g.nodes, g.edges) : new Map<string, string>()), [g, readable]);
  /** Who or what each sighting saw (its SIGHTING_OF links). */
  const seenBy = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const e of g?.edges ?? []) {
      if (e.type !== 'SIGHTING_OF') continue;
      m.set(e.source, [...(m.get(e.source) ?? []), e.target]);
    }
    return m;
  }, [g]);
  const sightings = useMemo<ServerEvent[]>(() => {
    if (serverSightings.length > 0) return [...serverSightings];
    if (!g) return [];
    return g.nodes
      .filter((n) => n.kind === 'SIGHTING' && typeof n.props?.['observedAt'] === 'string')
      .map((n) => ({
        id: n.id,
        at: n.props!['observedAt'] as string,
        title: typeof n.props?.['description'] === 'string' ? (n.props['description'] as string) : n.label,
        entityIds: g.edges.filter((e) => e.source === n.id).map((e) => e.target),
        kind: 'SIGHTING',
      }));
  }, [serverSightings, g]);
  return { names, seenBy, sightings };
}

const NO_SIGHTINGS: readonly ServerEvent[] = [];

/** The timeline of a given document and graph, read-only (case replay's moment). */
export function TimelineSnapshot({ caseId, doc, graph }: { caseId: string; doc: Y.Doc; graph: Subgraph }) {
  const { t } = useTranslation();
  const { names, seenBy, sightings } = useTimelineGraph(graph, NO_SIGHTINGS);
  return (
    <div className="graph-layout" style={{ overflow: 'auto' }}>
      <h2>{t('timeline.title')}</h2>
      <Timeline caseId={caseId} room={{ doc }} names={names} seenBy={seenBy} sightings={sightings} readOnly />
    </div>
  );
}

function Timeline({
  caseId,
  room,
  names,
  seenBy,
  sightings,
  travel,
  readOnly = false,
}: {
  caseId: string;
  room: { readonly doc: CollabRoom['doc'] };
  names: ReadonlyMap<string, string>;
  seenBy: ReadonlyMap<string, readonly string[]>;
  sightings: ServerEvent[];
  travel?: ReadonlyMap<string, readonly TravelCheck[]>;
  /** Replay: no form, no edit or task buttons, no "read-only" note (the replay banner says it). */
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const [items, setItems] = useState<TimelineItem[]>(() => readEvents(room.doc));
  const [editing, setEditing] = useState<string | null>(null);
  const { user } = useAuth();
  const canEdit = !readOnly && mayEditDocuments(user?.role);
  // Tasks are made by those who manage them (investigators, supervisors): the server refuses others.
  // (policy task.manage, on this case: a case role may narrow the account's role)
  const mayManageTasksHere = usePermission('task.manage').allowed;
  const mayManageTasks = !readOnly && mayManageTasksHere;

  useEffect(() => {
    const arr = eventsOf(room.doc);
    const update = () => setItems(readEvents(room.doc));
    arr.observeDeep(update);
    update();
    return () => arr.unobserveDeep(update);
  }, [room.doc]);

  const merged = useMemo(() => {
    const all: ({ source: 'doc'; item: TimelineItem } | { source: 'sighting'; item: ServerEvent })[] = [
      ...items.map((item) => ({ source: 'doc' as const, item })),
      ...sightings.map((item) => ({ source: 'sighting' as const, item })),
    ];
    return all.sort((a, b) => a.item.at.localeCompare(b.item.at));
  }, [items, sightings]);
  // The list follows the time filter set on the axis (as the graph and the map do); the axis shows everything.
  const timeFilter = useTimeFilter(caseId);
  const shown = useMemo(
    () => (readOnly || !timeFilter ? merged : merged.filter((m) => inFilter(timeFilter, m.item.at))),
    [merged, timeFilter, readOnly],
  );

  // The same entries on the visual axis: events in one row, each sighting in the row of each one seen.
  const axisItems = useMemo<AxisItem[]>(
    () =>
      merged.flatMap((m): AxisItem[] =>
        m.source === 'doc'
          ? [{ id: m.item.id, at: m.item.at, label: m.item.title, group: '', kind: 'EVENT', warn: false }]
          : (seenBy.get(m.item.id) ?? []).map((subject) => ({
              id: m.item.id,
              at: m.item.at,
              label: sightingText(m.item, names) || t('timeline.sighting'),
              group: names.get(subject) ?? subject,
              kind: 'SIGHTING',
              warn: (travel?.get(m.item.id) ?? []).some((c) => c.subjectId === subject),
            })),
      ),
    [merged, seenBy, names, travel, t],
  );
  function openFromAxis(item: AxisItem) {
    if (item.kind === 'SIGHTING') return navigate(`/cases/${caseId}/graph?focus=${encodeURIComponent(item.id)}`);
    const el = document.getElementById(`tl-${item.id}`);
    el?.scrollIntoView({ block: 'center' });
    el?.focus();
  }

  return (
    <>
      {readOnly ? null : canEdit ? (
        <EventForm names={names} submitLabel={t('timeline.add')} onSubmit={(v) => void addEvent(room.doc, v)} />
      ) : (
        <p className="muted small" role="note">
          {t('notes.readOnly')}
        </p>
      )}
      {merged.length === 0 && <p>{t('timeline.empty')}</p>}
      {!readOnly && <TimeFilterNote caseId={caseId} view="list" hidden={merged.length - shown.length} />}
      <div className="timeline-split">
        <ol className="timeline" data-testid="timeline">
          {shown.map((m) =>
            m.source === 'sighting' ? (
              <li key={`s-${m.item.id}`} className="sighting" data-testid="timeline-sighting">
                <When value={m.item.at} /> · <strong>{t('timeline.sighting')}</strong>: {sightingText(m.item, names)}
                <EntityChips ids={seenBy.get(m.item.id) ?? m.item.entityIds.filter((id) => id !== m.item.id)} names={names} />
                <span className="muted small"> {t('timeline.fromSightings')}</span>
                <FeasibilityBadge checks={travel?.get(m.item.id)} names={names} />
              </li>
            ) : editing === m.item.id ? (
              <li key={m.item.id}>
                <EventForm
                  names={names}
                  initial={m.item}
                  submitLabel={t('app.save')}
                  onCancel={() => setEditing(null)}
                  onSubmit={(v) => {
                    updateEvent(room.doc, m.item.id, v);
                    setEditing(null);
                  }}
                />
              </li>
            ) : (
              <li key={m.item.id} id={`tl-${m.item.id}`} tabIndex={-1} data-testid="timeline-event">
                <When value={m.item.at} /> · <strong>{m.item.title}</strong>
                {m.item.description && <p>{m.item.description}</p>}
                {m.item.source && (
                  <span className="muted small">
                    {t('timeline.source')}: {m.item.source}{' '}
                  </span>
                )}
                <EntityChips ids={m.item.entityIds} names={names} />
                {mayManageTasks && (
                  <NewTaskButton
                    className="small"
                    caseId={caseId}
                    source={{ kind: 'TIMELINE_EVENT', id: m.item.id, label: m.item.title }}
                  />
                )}
                {canEdit && (
                  <div className="actions">
                    <button
                      type="button"
                      className="small"
                      onClick={() => setEditing(m.item.id)}
                      aria-label={`${t('app.edit')}: ${m.item.title}`}
                    >
                      {t('app.edit')}
                    </button>
                    <button
                      type="button"
                      className="small danger"
                      onClick={() => deleteEvent(room.doc, m.item.id)}
                      aria-label={`${t('app.delete')}: ${m.item.title}`}
                    >
                      {t('app.delete')}
                    </button>
                  </div>
                )}
              </li>
            ),
          )}
        </ol>
        <TimelineAxis caseId={caseId} items={axisItems} onOpen={openFromAxis} />
      </div>
    </>
  );
}

/** A sighting's place and what was said of it; the time is already in front. */
function sightingText(item: ServerEvent, names: ReadonlyMap<string, string>): string {
  const label = names.get(item.id);
  // "Sighting · Mercado La Terminal · 20 Nov, 16:40" without its first and last parts.
  const place = label ? label.split(' · ').slice(1, -1).join(' · ') : '';
  const said = item.title && !/^\d{4}-\d{2}-\d{2}T/.test(item.title) ? item.title : '';
  return [place, said].filter(Boolean).join(' — ');
}

function EntityChips({ ids, names }: { ids: readonly string[]; names: ReadonlyMap<string, string> }) {
  if (ids.length === 0) return null;
  return <span className="small"> — {ids.map((id) => names.get(id) ?? id).join(', ')}</span>;
}

function EventForm({
  names,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  names: ReadonlyMap<string, string>;
  initial?: TimelineItem;
  submitLabel: string;
  onSubmit(v: Omit<TimelineItem, 'id'>): void;
  onCancel?(): void;
}) {
  const { t } = useTranslation();
  const [at, setAt] = useState(toLocalInput(initial?.at ?? new Date().toISOString()));
  const [title, setTitle] = useState(initial?.title ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [source, setSource] = useState(initial?.source ?? '');
  const [entityIds, setEntityIds] = useState<string[]>([...(initial?.entityIds ?? [])]);
  const [error, setError] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const iso = fromLocalInput(at);
    if (!title.trim() || !iso) {
      setError(t('entity.required'));
      return;
    }
    setError(null);
    onSubmit({ at: iso, title: title.trim(), description: description.trim(), source: source.trim(), entityIds, kind: 'EVENT' });
    if (!initial) {
      setTitle('');
      setDescription('');
      setSource('');
      setEntityIds([]);
    }
  }

  return (
    <form onSubmit={submit} className="form card" style={{ padding: '0.6rem' }}>
      <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
        <label>
          {t('timeline.at')}
          <input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} required />
        </label>
        <label style={{ flex: 1 }}>
          {t('timeline.what')}
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            aria-invalid={error && !title.trim() ? true : undefined}
            data-testid="timeline-title"
          />
        </label>
        <label>
          {t('timeline.source')}
          <input value={source} onChange={(e) => setSource(e.target.value)} />
        </label>
      </div>
      <label>
        {t('timeline.description')}
        <textarea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <label>
        {t('timeline.entities')}
        <select
          multiple
          value={entityIds}
          onChange={(e) => setEntityIds([...e.target.selectedOptions].map((o) => o.value))}
          size={Math.min(5, Math.max(2, names.size))}
        >
          {[...names].map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <FormFooter error={error} onCancel={onCancel} submitLabel={submitLabel} />
    </form>
  );
}
