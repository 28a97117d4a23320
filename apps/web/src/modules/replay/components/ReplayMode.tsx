import { Suspense, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import { gql } from '../../../lib/graphql';
import { useReadable } from '../../../lib/use-readable';
import { GraphSnapshot } from '../../graph';
import { MapSnapshot } from '../../map';
import { NotesSnapshot } from '../../notes';
import { TimelineSnapshot } from '../../timeline';
import { CASE_NOTES_AT, CASE_REPLAY, RECORD_REPLAY_EXPORT } from '../graphql/replay.generated';
import { DocFold, GraphFold, countAtOrBefore, eventsOf, stepFrom, stopsOf, type ReplayEvent, type ReplayIn } from '../state/replay-state';
import './replay.css';

interface Model {
  readonly graph: GraphFold;
  readonly notes: DocFold;
  readonly timeline: DocFold;
  readonly events: readonly ReplayEvent[];
  readonly eventTimes: readonly number[];
  readonly stops: readonly number[];
  readonly start: number;
  readonly end: number;
  /** When the case opened, as the server says. */
  readonly opened: number;
  /** Every entity and link the case ever held, last known: the graph draws them all once and hides the absent. */
  readonly all: ReturnType<GraphFold['everything']>;
}

type Phase =
  | { readonly phase: 'loading' }
  | { readonly phase: 'preparing'; readonly count: number }
  | { readonly phase: 'ready'; readonly model: Model }
  | { readonly phase: 'error'; readonly error: Error };

function buildModel(data: ReplayIn, now: number): Model {
  const graph = new GraphFold(data.changes);
  const notes = new DocFold(data.notes);
  const timeline = new DocFold(data.timeline);
  const events = eventsOf(graph, notes, timeline);
  const stops = stopsOf(graph, notes, timeline);
  const opened = Date.parse(data.openedAt);
  const start = Math.min(Number.isNaN(opened) ? (stops[0] ?? now) : opened, stops[0] ?? now);
  const end = Math.max(now, stops[stops.length - 1] ?? now);
  return {
    graph,
    notes,
    timeline,
    events,
    eventTimes: events.map((e) => e.ms),
    stops,
    start,
    end,
    opened: Number.isNaN(opened) ? start : opened,
    all: graph.everything(),
  };
}

const SPEEDS = [1, 2, 5, 10, 25] as const;
/** Change lines shown around the moment. */
const AROUND = 6;

/**
 * Replay of a case: its whole history fetched once, folded on the client to the moment on the slider, and the
 * case's own views (graph, timeline, notes, map) drawn read-only from that moment.
 */
export default function ReplayMode({ caseId, tab, onExit }: { caseId: string; tab: string; onExit(): void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<Phase>({ phase: 'loading' });
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let alive = true;
    setState({ phase: 'loading' });
    gql(CASE_REPLAY, { caseId }).then(
      (d) => {
        if (!alive) return;
        const r = d.caseReplay;
        setState({ phase: 'preparing', count: r.changes.length + r.notes.length + r.timeline.length });
        // Decoding a long history takes a moment: the "preparing" line is drawn first.
        setTimeout(() => alive && setState({ phase: 'ready', model: buildModel(r, Date.now()) }), 0);
      },
      (e: unknown) => alive && setState({ phase: 'error', error: e instanceof Error ? e : new Error(String(e)) }),
    );
    return () => {
      alive = false;
    };
  }, [caseId, nonce]);

  const exit = (
    <button type="button" onClick={onExit} data-testid="replay-exit">
      {t('replay.live')}
    </button>
  );
  if (state.phase !== 'ready')
    return (
      <div className="replay-bar" data-testid="replay">
        {state.phase === 'loading' && <Loading />}
        {state.phase === 'preparing' && (
          <p role="status" className="muted">
            {t('replay.preparing', { count: state.count })}
          </p>
        )}
        {state.phase === 'error' && <ErrorNote error={state.error} onRetry={() => setNonce((n) => n + 1)} />}
        <div>{exit}</div>
      </div>
    );
  if (state.model.stops.length === 0)
    return (
      <div className="replay-bar" data-testid="replay">
        <p role="status" data-testid="replay-empty">
          {t('replay.empty')}
        </p>
        <div>{exit}</div>
      </div>
    );
  return <Player caseId={caseId} tab={tab} model={state.model} onExit={onExit} />;
}

function Player({ caseId, tab, model, onExit }: { caseId: string; tab: string; model: Model; onExit(): void }) {
  const { t } = useTranslation();
  const readable = useReadable();
  // Opens on the case as it is now, the picture the reader comes from.
  const [at, setAt] = useState(model.end);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(2);
  const [notice, setNotice] = useState<string | null>(null);
  const iso = new Date(at).toISOString();
  const when = readable.when(iso);

  const step = useCallback((dir: 1 | -1) => setAt((now) => stepFrom(model.stops, now, dir) ?? now), [model.stops]);

  const atRef = useRef(at);
  atRef.current = at;
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const next = stepFrom(model.stops, atRef.current, 1);
      if (next === null) setPlaying(false);
      else setAt(next);
    }, 1000 / speed);
    return () => clearInterval(timer);
  }, [playing, speed, model.stops]);

  const togglePlay = useCallback(() => {
    // Play from the start when at the last change.
    if (!playing && stepFrom(model.stops, at, 1) === null) setAt(model.start);
    setPlaying(!playing);
  }, [model, at, playing]);

  // Keyboard users land on the slider.
  const slider = useRef<HTMLInputElement>(null);
  useEffect(() => slider.current?.focus(), []);

  // Keys anywhere on the page while replaying, except in fields; on the tabs, the arrows move between tabs.
  const keys = useRef({ step, togglePlay, onExit });
  keys.current = { step, togglePlay, onExit };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const el = e.target instanceof HTMLElement ? e.target : null;
      if (el?.closest('input:not([type=range]), textarea, select, [contenteditable=true], dialog')) return;
      const onTab = Boolean(el?.closest('[role=tab]'));
      if (e.key === 'Escape') {
        e.preventDefault();
        keys.current.onExit();
      } else if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && !onTab) {
        e.preventDefault();
        keys.current.step(e.key === 'ArrowLeft' ? -1 : 1);
      } else if (e.key === ' ' && !el?.closest('button, a, summary')) {
        e.preventDefault();
        keys.current.togglePlay();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  // The slider's own arrows would move by a sliver of time: they step between changes instead.
  const onSliderKey = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      setPlaying(false);
      step(e.key === 'ArrowLeft' || e.key === 'ArrowDown' ? -1 : 1);
    }
  };

  const showsGraph = tab === 'graph' || tab === 'timeline' || tab === 'map';
  const moment = useMemo(() => (showsGraph ? model.graph.at(at) : null), [model, at, showsGraph]);
  const subgraph = useMemo(
    () => (moment && tab !== 'graph' ? { nodes: [...moment.nodes.values()], edges: [...moment.edges.values()] } : null),
    [moment, tab],
  );
  const notesDoc = useMemo(() => (tab === 'notes' ? model.notes.at(at) : null), [model, at, tab]);
  const timelineDoc = useMemo(() => (tab === 'timeline' ? model.timeline.at(at) : null), [model, at, tab]);
  const notesCount = tab === 'notes' ? model.notes.countAt(at) : 0;

  const done = countAtOrBefore(model.stops, at);
  const current = countAtOrBefore(model.eventTimes, at) - 1;
  const shown = model.events.slice(Math.max(0, current - AROUND), current + AROUND + 1);
  const span = Math.max(1, model.end - model.start);
  const marks = useMemo(() => {
    // One mark per distinct position (a long history has more changes than pixels).
    const at = new Set<number>();
    for (const s of model.stops) at.add(Math.round(((s - model.start) / Math.max(1, model.end - model.start)) * 500) / 5);
    return [...at];
  }, [model]);

  const describe = useCallback(
    (id: string) => {
      const p = moment?.provenance.get(id);
      if (!p) return null;
      const who = p.addedBy ?? t('replay.someone');
      return (
        <>
          {t('replay.addedBy', { who, when: readable.when(p.addedAt) })}
          {p.changedAt && ` · ${t('replay.changedBy', { who: p.changedBy ?? t('replay.someone'), when: readable.when(p.changedAt) })}`}
        </>
      );
    },
    [moment, readable, t],
  );

  function line(e: ReplayEvent): string {
    const who = e.actor ?? t('replay.someone');
    if (e.verb === 'notes' || e.verb === 'timeline') return t(`replay.${e.verb}`, { who });
    return t(`replay.${e.verb}`, { who, what: e.what.join(', ') });
  }

  async function exportNotes() {
    setNotice(null);
    try {
      await gql(RECORD_REPLAY_EXPORT, { caseId, format: 'replay-notes-md' });
      // The server answers for moments since the case opened, not before.
      const d = await gql(CASE_NOTES_AT, { caseId, at: new Date(Math.max(at, model.opened)).toISOString() });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([d.caseAt.notesMarkdown], { type: 'text/markdown' }));
      a.download = `case-${caseId}-notes-${iso.replace(/[:.]/g, '-')}.md`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (e) {
      setNotice(t('replay.exportFailed', { message: e instanceof Error ? e.message : String(e) }));
    }
  }

  return (
    <>
      <div className="replay-bar" data-testid="replay" role="region" aria-label={t('replay.open')}>
        <p className="replay-banner" role="note">
          <strong data-testid="replay-banner">{t('replay.banner', { when })}</strong>
          <button type="button" onClick={onExit} data-testid="replay-exit">
            {t('replay.live')}
          </button>
          <button type="button" className="small" onClick={() => void exportNotes()}>
            {t('replay.exportNotes')}
          </button>
          {notice && <span role="alert">{notice}</span>}
        </p>
        <div className="replay-controls">
          <button
            type="button"
            onClick={() => step(-1)}
            disabled={stepFrom(model.stops, at, -1) === null}
            aria-label={t('replay.previous')}
          >
            ◀
          </button>
          <button type="button" onClick={togglePlay} aria-pressed={playing} data-testid="replay-play">
            {playing ? t('replay.pause') : t('replay.play')}
          </button>
          <button type="button" onClick={() => step(1)} disabled={stepFrom(model.stops, at, 1) === null} aria-label={t('replay.next')}>
            ▶
          </button>
          <label className="small">
            {t('replay.speed')}{' '}
            <select value={speed} onChange={(e) => setSpeed(Number(e.target.value) as (typeof SPEEDS)[number])}>
              {SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {t('replay.speedValue', { count: s })}
                </option>
              ))}
            </select>
          </label>
          <div className="replay-track">
            <div className="replay-marks" aria-hidden="true">
              {marks.map((m) => (
                <span key={m} style={{ left: `${m}%` }} />
              ))}
            </div>
            <input
              type="range"
              data-testid="replay-slider"
              aria-label={t('replay.slider')}
              aria-valuetext={t('replay.valueText', { when, index: done, count: model.stops.length })}
              aria-describedby="replay-keys"
              min={model.start}
              max={model.end}
              step="any"
              ref={slider}
              value={at}
              onKeyDown={onSliderKey}
              onChange={(e) => {
                setPlaying(false);
                setAt(Number(e.target.value));
              }}
            />
          </div>
        </div>
        <p id="replay-keys" className="muted small" style={{ margin: 0 }}>
          {t('replay.keys')} · {Math.round(((at - model.start) / span) * 100)}%
        </p>
        <ol className="replay-changes" aria-label={t('replay.changes')} data-testid="replay-changes">
          {current - AROUND <= 0 && (
            <li aria-current={current < 0 ? true : undefined}>
              <button type="button" className="link" onClick={() => setAt(model.start)}>
                {readable.when(new Date(model.start).toISOString())}
              </button>{' '}
              {t('replay.opened')}
            </li>
          )}
          {shown.map((e, i) => {
            const index = Math.max(0, current - AROUND) + i;
            return (
              <li
                key={`${index}-${e.ms}`}
                aria-current={index === current ? true : undefined}
                className={index > current ? 'future' : undefined}
              >
                <button type="button" className="link" onClick={() => setAt(e.ms)}>
                  {readable.when(e.at)}
                </button>{' '}
                {line(e)}
              </li>
            );
          })}
        </ol>
      </div>
      <Suspense fallback={<Loading />}>
        {tab === 'graph' && moment && (
          <GraphSnapshot
            caseId={caseId}
            nodes={moment.nodes}
            edges={moment.edges}
            describe={describe}
            exportName={`case-${caseId}-graph-${iso.replace(/[:.]/g, '-')}`}
            exportLabel={t('replay.exportPng')}
            sizeHint={model.all.nodes.size}
            all={model.all}
          />
        )}
        {tab === 'notes' && notesDoc && (
          <>
            {notesCount === 0 && <p className="muted">{t('replay.notesEmpty')}</p>}
            <NotesSnapshot caseId={caseId} doc={notesDoc} />
          </>
        )}
        {tab === 'timeline' && timelineDoc && subgraph && <TimelineSnapshot caseId={caseId} doc={timelineDoc} graph={subgraph} />}
        {tab === 'map' && subgraph && <MapSnapshot caseId={caseId} graph={subgraph} />}
        {!['graph', 'notes', 'timeline', 'map'].includes(tab) && <p>{t('replay.notInReplay')}</p>}
      </Suspense>
    </>
  );
}
