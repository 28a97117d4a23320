import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import { personName } from '../../../lib/readable';
import { When } from '../../../lib/use-readable';
import { gql } from '../../../lib/graphql';
import { useQuery } from '../../../lib/use-query';
import { DELETE_LINK, ENTITY, REMOVE_ENTITY, UPDATE_ENTITY } from '../graphql/graph.generated';
import type { GEdge, GNode } from '../../../lib/graph.generated';
import { formProps } from '../state/entity-form';
import { NewTaskButton } from '../../tasks';
import { EntityForm } from './EntityForm';
import { LinkGrade, type Grade } from './LinkGrade';
import { LINK_GRADES } from '../graphql/link-grade.generated';
// Photos load (and are fetched, and audited) only when an entity is opened: the module exports the panel lazily.
import { PhotosPanel } from '../../photos';
import { keyIn } from '../../../i18n/keys';
import { errorSentence } from '../../../lib/errors';
import { GatedButton } from '../../../lib/gated';

export function EntityPanel({
  caseId,
  id,
  nodes,
  edges,
  onChanged,
  onRemoved,
  onFocus,
  onClose,
  hidden = false,
  onExpand,
  onHide,
  onShow,
}: {
  caseId: string;
  id: string;
  nodes: ReadonlyMap<string, GNode>;
  edges: ReadonlyMap<string, GEdge>;
  onChanged(n: GNode): void;
  onRemoved(ids: string[]): void;
  onFocus(id: string): void;
  onClose(): void;
  /** Hidden from the drawing by the reader: the panel offers to show it again. */
  hidden?: boolean;
  /** Expand neighbours and Hide, as the canvas's menu offers them (absent in a read-only view). */
  onExpand?(id: string): void;
  onHide?(id: string): void;
  onShow?(id: string): void;
}) {
  const { t, i18n } = useTranslation();
  const q = useQuery(ENTITY, { id, caseId });
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const e = q.data?.entity;
  // The graph's label is the readable one (a sighting in words); the query's is as stored.
  const title = nodes.get(id)?.label ?? e?.label;
  const links = [...edges.values()].filter((x) => x.source === id || x.target === id);
  // The links' grades, read when the panel opens (the graph's edges carry none); a regrade updates them here.
  const grades = useQuery(LINK_GRADES, { ids: [id] });
  const [regraded, setRegraded] = useState<ReadonlyMap<string, Grade>>(new Map());
  const gradeOf = (linkId: string): Grade | null => {
    const mine = regraded.get(linkId);
    if (mine) return mine;
    const g = grades.data?.neighborhood.edges.find((x) => x.id === linkId);
    return g ? { reliability: g.reliability ?? null, credibility: g.credibility ?? null } : null;
  };

  async function remove() {
    if (!e || !window.confirm(t('entity.removeConfirm', { label: title ?? e.label }))) return;
    try {
      await gql(REMOVE_ENTITY, { caseId, id });
      onRemoved([id]);
    } catch (err) {
      setError(errorSentence(t, i18n, err));
    }
  }

  async function deleteLink(edgeId: string) {
    try {
      await gql(DELETE_LINK, { caseId, id: edgeId });
      onRemoved([edgeId]);
    } catch (err) {
      setError(errorSentence(t, i18n, err));
    }
  }

  return (
    <aside className="entity-panel" aria-labelledby="entity-title">
      <div className="dialog-head">
        <h2 id="entity-title">{title ?? t('entity.details')}</h2>
        <button type="button" onClick={onClose} aria-label={t('app.close')}>
          ×
        </button>
      </div>
      {q.loading && <Loading />}
      {q.error && <ErrorNote error={q.error} onRetry={q.reload} />}
      {e && !editing && (
        <>
          <dl className="props">
            <dt>{t('entity.kind')}</dt>
            <dd>{t(`kind.${e.kind}`)}</dd>
            {e.role && (
              <>
                <dt>{t('entity.role')}</dt>
                <dd>{t(`role.${e.role}`)}</dd>
              </>
            )}
            {formProps(e.kind).map(([name, def]) => {
              const v = e.props?.[name];
              if (v === null || v === undefined || v === '') return null;
              return (
                <div key={name} className="prop-row">
                  <dt>{t(keyIn('prop', name), { defaultValue: name })}</dt>
                  <dd>
                    {(def.type === 'datetime' || def.type === 'date') && typeof v === 'string' ? (
                      <When value={v} />
                    ) : Array.isArray(v) ? (
                      v.join(', ')
                    ) : def.type === 'enum' ? (
                      t(keyIn('enumValue', String(v)), { defaultValue: String(v) })
                    ) : (
                      String(v)
                    )}
                  </dd>
                </div>
              );
            })}
            <dt>{t('entity.createdBy')}</dt>
            <dd>{personName(e.createdByUser, t('field.unknownAccount'))}</dd>
            <dt>{t('entity.createdAt')}</dt>
            <dd>
              <When value={e.createdAt} />
            </dd>
            {e.updatedBy && (
              <>
                <dt>{t('entity.updatedBy')}</dt>
                <dd>{personName(e.updatedByUser, t('field.unknownAccount'))}</dd>
                <dt>{t('entity.updatedAt')}</dt>
                <dd>
                  <When value={e.updatedAt} />
                </dd>
              </>
            )}
            {e.source && (
              <>
                <dt>{t('entity.source')}</dt>
                <dd>{e.source}</dd>
              </>
            )}
            {e.reliability && (
              <>
                <dt>{t('entity.reliability')}</dt>
                <dd>{e.reliability}</dd>
              </>
            )}
            <dt>{t('entity.cases')}</dt>
            <dd>{e.caseIds.length}</dd>
          </dl>
          <div className="actions">
            <GatedButton action="graph.editEntity" onClick={() => setEditing(true)}>
              {t('app.edit')}
            </GatedButton>
            <GatedButton action="graph.editEntity" className="danger" onClick={remove}>
              {t('entity.remove')}
            </GatedButton>
            {onExpand && (
              <button type="button" onClick={() => onExpand(id)}>
                {t('graph.expand')}
              </button>
            )}
            {onHide && onShow && (
              <button type="button" onClick={() => (hidden ? onShow(id) : onHide(id))}>
                {hidden ? t('a11y.showHere') : t('a11y.hideHere')}
              </button>
            )}
            {/* "Request CCTV for this location": a task about this entity (the server checks who may make one). */}
            <NewTaskButton caseId={caseId} source={{ kind: 'ENTITY', id, label: title ?? id }} />
          </div>
          <h3>{t('entity.links')}</h3>
          <ul className="links">
            {links.map((l) => {
              const other = nodes.get(l.source === id ? l.target : l.source);
              return (
                <li key={l.id}>
                  <span>{l.source === id ? `→ ${t(`link.${l.type}`)}` : `← ${t(`link.${l.type}`)}`} </span>
                  <button type="button" className="link" onClick={() => other && onFocus(other.id)}>
                    {other?.label ?? '?'}
                  </button>
                  <LinkGrade
                    caseId={caseId}
                    linkId={l.id}
                    linkName={`${t(`link.${l.type}`)} ${other?.label ?? ''}`}
                    grade={gradeOf(l.id)}
                    onSaved={(g) => setRegraded((m) => new Map(m).set(l.id, g))}
                  />
                  <button
                    type="button"
                    className="small danger"
                    onClick={() => deleteLink(l.id)}
                    aria-label={`${t('entity.deleteLink')}: ${other?.label ?? ''}`}
                  >
                    ×
                  </button>
                </li>
              );
            })}
          </ul>
          <Suspense fallback={<Loading />}>
            <PhotosPanel caseId={caseId} entityId={id} label={title ?? e.label} />
          </Suspense>
        </>
      )}
      {e && editing && (
        <EntityForm
          kind={e.kind}
          initial={e.props ?? {}}
          submitLabel={t('app.save')}
          onCancel={() => setEditing(false)}
          onSubmit={async (props) => {
            const d = await gql(UPDATE_ENTITY, { caseId, id, props });
            onChanged(d.updateEntity);
            setEditing(false);
            q.reload();
          }}
        />
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </aside>
  );
}
