import { LINK_TYPES, LINK_TYPE_NAMES, type LinkType } from '@homeward/graph-schema';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../app/Dialog';
import { gql } from '../../../lib/graphql';
import type { GEdge, GNode } from '../../../lib/graph.generated';
import { GradeSelects, LINK_GRADED } from '../../analysis';
import { FormFooter } from '../../../app/form';
import { errorSentence } from '../../../lib/errors';

/** The link types the model allows between two kinds, with the direction they must be written in. */
export function allowedLinks(from: GNode, to: GNode): { type: LinkType; reversed: boolean }[] {
  const out: { type: LinkType; reversed: boolean }[] = [];
  for (const type of LINK_TYPE_NAMES) {
    const def = LINK_TYPES[type] as { from: readonly string[]; to: readonly string[] };
    if (def.from.includes(from.kind) && def.to.includes(to.kind)) out.push({ type, reversed: false });
    else if (def.from.includes(to.kind) && def.to.includes(from.kind)) out.push({ type, reversed: true });
  }
  return out;
}

export function LinkDialog({
  caseId,
  from,
  to,
  onClose,
  onCreated,
}: {
  caseId: string;
  from: GNode;
  to: GNode;
  onClose(): void;
  onCreated(e: GEdge): void;
}) {
  const { t, i18n } = useTranslation();
  const options = useMemo(() => allowedLinks(from, to), [from, to]);
  const [choice, setChoice] = useState(options[0] ? `${options[0].type}:${options[0].reversed}` : '');
  const [error, setError] = useState<string | null>(null);
  // The 5x5x5 grading of the link (optional): path searches can require a minimum.
  const [reliability, setReliability] = useState('');
  const [credibility, setCredibility] = useState('');

  async function submit(e: FormEvent) {
    e.preventDefault();
    const opt = options.find((o) => `${o.type}:${o.reversed}` === choice);
    if (!opt) return;
    const [a, b] = opt.reversed ? [to, from] : [from, to];
    try {
      const provenance =
        reliability || credibility ? { reliability: reliability || null, credibility: credibility ? Number(credibility) : null } : null;
      const d = await gql(LINK_GRADED, { caseId, input: { fromId: a.id, toId: b.id, type: opt.type }, provenance });
      onCreated(d.linkEntities);
    } catch (err) {
      setError(errorSentence(t, i18n, err));
    }
  }

  return (
    <Dialog title={t('graph.createLink')} onClose={onClose}>
      <form onSubmit={submit} className="form">
        {options.length === 0 ? (
          <p>{t('graph.noLinkTypes')}</p>
        ) : (
          <label>
            {t('graph.linkType')}
            <select value={choice} onChange={(e) => setChoice(e.target.value)}>
              {options.map((o) => {
                const [a, b] = o.reversed ? [to, from] : [from, to];
                return (
                  <option key={`${o.type}:${o.reversed}`} value={`${o.type}:${o.reversed}`}>
                    {`${a.label} — ${t(`link.${o.type}`)} → ${b.label}`}
                  </option>
                );
              })}
            </select>
          </label>
        )}
        <GradeSelects
          reliabilityLabel={t('paths.gradeReliability')}
          credibilityLabel={t('paths.gradeCredibility')}
          noneLabel={t('paths.notGraded')}
          reliability={reliability}
          credibility={credibility}
          onReliability={setReliability}
          onCredibility={setCredibility}
        />
        <FormFooter error={error} onCancel={onClose} submitLabel={t('graph.createLink')} disabled={options.length === 0} />
      </form>
    </Dialog>
  );
}
