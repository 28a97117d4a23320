import { exportPng, pngWithFooter } from '@homeward/graph-view';
import type { Core } from 'cytoscape';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { gql } from '../../../lib/graphql';
import { EXPORT_FOOTER } from '../graphql/export.generated';
import { RECORD_EXPORT } from '../graphql/graph.generated';
import { exportFooter } from '../state/export-footer';

/**
 * The graph's PNG export: recorded in the audit trail first, then the picture with a footer saying the lead
 * agency's handling marking, the case reference, when and by whom (also as the file's text chunks). Resolves to
 * null when done, or to what went wrong (said in the status line).
 */
export function useGraphExport(caseId: string, cy: Core | null, fileName?: string): () => Promise<string | null> {
  const { t, i18n } = useTranslation();
  return useCallback(async () => {
    if (!cy) return null;
    let facts;
    try {
      // Every export of case content is in the audit trail before it is made.
      await gql(RECORD_EXPORT, { caseId, format: 'png' });
      facts = await gql(EXPORT_FOOTER, { caseId });
    } catch {
      return t('graph.exportFailed');
    }
    const c = facts.case;
    if (!c) return t('graph.exportFailed');
    const footer = exportFooter(
      { reference: c.reference, marking: c.leadAgency.handlingMarking, who: facts.me, at: new Date(), locale: i18n.language },
      t,
    );
    let blob: Blob;
    try {
      blob = await pngWithFooter(await exportPng(cy), footer.lines, footer.chunks);
    } catch {
      return t('graph.exportFailed');
    }
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = fileName ? `${fileName}.png` : `case-${c.reference}-graph.png`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    return null;
  }, [caseId, cy, t, i18n.language, fileName]);
}
