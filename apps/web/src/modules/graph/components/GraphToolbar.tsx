import { LAYOUT_NAMES, type LayoutName } from '@homeward/graph-view';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { GNode } from '../../../lib/graph.generated';
import type { GraphLive } from '../hooks/use-case-graph';
import { GatedButton } from '../../../lib/gated';
import { deniedProps, usePermission } from '../../../lib/permissions';

export interface GraphToolbarProps {
  readonly layout: LayoutName;
  onLayout(name: LayoutName): void;
  onRelayout(): void;
  /** Entities by name, offered as the search box's suggestions. */
  readonly names: readonly GNode[];
  /** Looks for an entity whose name contains `text` (the panel says when none does). */
  onFind(text: string): void;
  onAdd(): void;
  onExport(): void;
  readonly pathsOpen: boolean;
  onTogglePaths(): void;
  readonly hiddenCount: number;
  onShowHidden(): void;
  /** The live subscription's state, said as it is (never "connecting" while updates arrive). */
  readonly live: GraphLive;
}

export function GraphToolbar(p: GraphToolbarProps) {
  const { t } = useTranslation();
  const [find, setFind] = useState('');
  // The suggestions are made when the search box is first used: a case's hundreds of names as options are DOM
  // work while the case opens, for a list nobody has looked at yet.
  const [suggest, setSuggest] = useState(false);
  const addEntity = usePermission('graph.addEntity');

  function submit(e: FormEvent) {
    e.preventDefault();
    if (find.trim()) p.onFind(find);
  }

  return (
    <div className="graph-toolbar" role="toolbar" aria-label={t('graph.toolbar')}>
      <label>
        {t('graph.layout')}
        <select value={p.layout} onChange={(e) => p.onLayout(e.target.value as LayoutName)}>
          {LAYOUT_NAMES.map((n) => (
            <option key={n} value={n}>
              {t(`graph.layouts.${n}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={p.onRelayout}>
        {t('graph.relayout')}
      </button>
      <form onSubmit={submit} role="search" className="inline">
        <label>
          <span className="sr-only">{t('graph.find')}</span>
          <input
            type="search"
            placeholder={t('graph.find')}
            value={find}
            onChange={(e) => setFind(e.target.value)}
            onFocus={() => setSuggest(true)}
            list="graph-node-names"
          />
        </label>
        <datalist id="graph-node-names">{suggest && p.names.slice(0, 500).map((n) => <option key={n.id} value={n.label} />)}</datalist>
        <button type="submit">{t('graph.findButton')}</button>
      </form>
      {/* Offered only to a role that may add entities; otherwise it says why, on hover and on focus. */}
      <button type="button" onClick={addEntity.allowed ? p.onAdd : undefined} {...deniedProps(addEntity, 'add-entity-denied')}>
        {t('graph.add')}
      </button>
      {!addEntity.allowed && (
        <span id="add-entity-denied" className="sr-only">
          {addEntity.reason}
        </span>
      )}
      <button type="button" onClick={p.onExport}>
        {t('graph.exportPng')}
      </button>
      <GatedButton
        action="graph.analyse"
        aria-pressed={p.pathsOpen}
        aria-controls={p.pathsOpen ? 'paths-panel' : undefined}
        onClick={p.onTogglePaths}
      >
        {t('paths.open')}
      </GatedButton>
      {p.hiddenCount > 0 && (
        <button type="button" onClick={p.onShowHidden}>
          {t('graph.showHidden', { count: p.hiddenCount })}
        </button>
      )}
      <span className={`live ${p.live === 'connected' ? 'on' : 'off'}`} role="status" aria-live="polite" data-state={p.live}>
        {t(`graph.liveState.${p.live}`)}
      </span>
    </div>
  );
}
