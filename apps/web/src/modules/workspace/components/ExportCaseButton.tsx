import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorSentence } from '../../../lib/errors';
import { ApiError } from '../../../lib/graphql';
import { deniedProps, usePermission } from '../../../lib/permissions';
import { getToken } from '../../../lib/session';

/**
 * "Export case" (issue 18): the evidence bundle (a ZIP the server streams and records in the audit trail),
 * saved by the browser. Investigators and supervisors of the case; others are told why not.
 */
export function ExportCaseButton({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const may = usePermission('case.update');
  const [state, setState] = useState<{ busy: boolean; message: string | null; error: boolean }>({
    busy: false,
    message: null,
    error: false,
  });

  async function run() {
    if (!may.allowed || state.busy) return;
    setState({ busy: true, message: t('field.export.preparing'), error: false });
    try {
      const res = await fetch(`/media/cases/${encodeURIComponent(caseId)}/bundle.zip`, {
        headers: { authorization: `Bearer ${getToken() ?? ''}` },
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
        throw new ApiError(
          [{ message: body?.error?.message ?? `HTTP ${res.status}`, extensions: { code: body?.error?.code ?? `HTTP_${res.status}` } }],
          'error',
        );
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `case-${caseId}.zip`;
      const blob = await res.blob();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 30_000);
      setState({ busy: false, message: t('field.export.done', { name }), error: false });
    } catch (err) {
      const offline = typeof navigator !== 'undefined' && !navigator.onLine;
      setState({ busy: false, message: offline ? t('field.offline.refused') : errorSentence(t, i18n, err), error: true });
    }
  }

  return (
    <span className="export-case">
      <button
        type="button"
        onClick={() => void run()}
        aria-busy={state.busy}
        {...deniedProps(may, 'export-case-why')}
        data-testid="export-case"
      >
        {state.busy ? t('field.export.busy') : t('field.export.button')}
      </button>
      {!may.allowed && (
        <span id="export-case-why" className="sr-only">
          {may.reason}
        </span>
      )}
      {state.message && (
        <span role={state.error ? 'alert' : 'status'} className={state.error ? 'error small' : 'muted small'}>
          {' '}
          {state.message}
        </span>
      )}
    </span>
  );
}
