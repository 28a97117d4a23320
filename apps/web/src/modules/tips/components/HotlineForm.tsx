import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../../app/status';
import { gql } from '../../../lib/graphql';
import { usePermission } from '../../../lib/permissions';
import { TAKE_HOTLINE_TIP } from '../graphql/tips.generated';

/** Hotline intake: the tip form for a signed-in call-taker, with the caller's phone and the hotline that took the call. */
export default function HotlineForm({ caseId, onTaken }: { caseId: string; onTaken: () => void }) {
  const { t } = useTranslation();
  const allowed = usePermission('tips.decide');
  const [what, setWhat] = useState('');
  const [place, setPlace] = useState('');
  const [callerPhone, setCallerPhone] = useState('');
  const [hotline, setHotline] = useState('116 000');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState(false);
  if (!allowed.allowed) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await gql(TAKE_HOTLINE_TIP, { caseId, input: { what, place: place || null, callerPhone, hotline } });
      setWhat('');
      setPlace('');
      setCallerPhone('');
      setDone(true);
      onTaken();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="hotline-title" className="card">
      <h2 id="hotline-title">{t('publicSide.hotlineTitle')}</h2>
      <form onSubmit={submit}>
        <label>
          {t('publicSide.what')}
          <textarea value={what} onChange={(e) => setWhat(e.target.value)} required maxLength={4000} rows={3} />
        </label>
        <label>
          {t('publicSide.place')}
          <input value={place} onChange={(e) => setPlace(e.target.value)} maxLength={400} />
        </label>
        <label>
          {t('publicSide.callerPhone')}
          <input value={callerPhone} onChange={(e) => setCallerPhone(e.target.value)} required maxLength={40} type="tel" />
        </label>
        <label>
          {t('publicSide.hotline')}
          <input value={hotline} onChange={(e) => setHotline(e.target.value)} required maxLength={40} />
        </label>
        <button type="submit" disabled={busy}>
          {t('publicSide.record')}
        </button>
        {done && <p role="status">{t('publicSide.recorded')}</p>}
        {error && <ErrorNote error={error} />}
      </form>
    </section>
  );
}
