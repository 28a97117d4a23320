import { ENTITY_KIND_NAMES } from '@homeward/graph-schema';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../app/Dialog';
import type { EntityKind, PersonRole } from '../../../generated/schema-types';
import { ApiError, gql } from '../../../lib/graphql';
import { ADD_ENTITY, ADD_SIGHTING } from '../graphql/graph.generated';
import type { GNode } from '../../../lib/graph.generated';
import { EntityForm } from './EntityForm';

export function AddEntityDialog({
  caseId,
  nodes,
  onClose,
  onCreated,
}: {
  caseId: string;
  nodes: ReadonlyMap<string, GNode>;
  onClose(): void;
  onCreated(node: GNode): void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<EntityKind>('PERSON');
  const [locationId, setLocationId] = useState('');
  const [seen, setSeen] = useState<string[]>([]);
  const locations = [...nodes.values()].filter((n) => n.kind === 'LOCATION');
  const seeable = [...nodes.values()].filter((n) => n.kind === 'PERSON' || n.kind === 'VEHICLE');

  async function submit(props: Record<string, unknown>, role: PersonRole | null) {
    if (kind === 'SIGHTING') {
      if (!locationId) throw new ApiError([{ message: t('entity.required'), extensions: { field: 'input.locationId' } }], 'required');
      const d = await gql(ADD_SIGHTING, {
        caseId,
        // The form parsed the props by the sighting kind's declaration: observedAt is a required date-time, description text,
        // sightingSource one of SIGHTING_SOURCES and confidence a number from 0 to 1. Every declared prop goes on; none is dropped.
        input: {
          observedAt: props['observedAt'] as string,
          description: (props['description'] as string | undefined) ?? null,
          sightingSource: (props['sightingSource'] as string | undefined) ?? null,
          confidence: (props['confidence'] as number | undefined) ?? null,
          locationId,
          seenIds: seen,
        },
      });
      onCreated(d.addSighting);
      return;
    }
    const d = await gql(ADD_ENTITY, { caseId, kind, props, role });
    onCreated(d.addEntity);
  }

  return (
    <Dialog title={t('entity.newTitle', { kind: t(`kind.${kind}`) })} onClose={onClose}>
      <label className="field">
        {t('entity.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as EntityKind)}>
          {ENTITY_KIND_NAMES.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <EntityForm
        key={kind}
        kind={kind}
        withRole={kind === 'PERSON'}
        submitLabel={t('app.save')}
        onCancel={onClose}
        onSubmit={submit}
        extra={
          kind === 'SIGHTING' ? (
            <>
              <div className="field">
                <label htmlFor="sighting-location">{t('entity.location')} *</label>
                <select id="sighting-location" value={locationId} onChange={(e) => setLocationId(e.target.value)} aria-required>
                  <option value="">—</option>
                  {locations.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.label}
                    </option>
                  ))}
                </select>
              </div>
              <fieldset className="field">
                <legend>{t('entity.seen')}</legend>
                {seeable.map((n) => (
                  <label key={n.id} className="check">
                    <input
                      type="checkbox"
                      checked={seen.includes(n.id)}
                      onChange={(e) => setSeen((prev) => (e.target.checked ? [...prev, n.id] : prev.filter((x) => x !== n.id)))}
                    />
                    {n.label}
                  </label>
                ))}
              </fieldset>
            </>
          ) : null
        }
      />
    </Dialog>
  );
}
