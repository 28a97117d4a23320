import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../../app/status';
import type { NotificationKind } from '../../../generated/schema-types';
import { gql } from '../../../lib/graphql';
import { useQuery } from '../../../lib/use-query';
import { NOTIFICATION_SETTINGS, SET_NOTIFICATION_SETTINGS } from '../graphql/notifications.generated';

/**
 * Every kind, in the order the settings list them. The compiler checks that each has its name in every
 * language, and (below) that a kind the server adds cannot be left out of the list.
 */
const KINDS = [
  'CASE_ADDED',
  'SIGHTING_ADDED',
  'FACE_LEADS',
  'CROSS_CASE_MATCH',
  'SIGN_OFF_REQUESTED',
  'SIGN_OFF_GIVEN',
  'TASK_ASSIGNED',
  'TASK_DUE_SOON',
  'TASK_STATUS',
  'MENTIONED',
  'ACCESS_REQUESTED',
  'ACCESS_GRANTED',
  'ACCESS_DECLINED',
  'TIP_RECEIVED',
  'PUBLIC_PAGE_EXPIRED',
] as const satisfies readonly NotificationKind[];
/** Fails to compile, naming the kind, when the schema has a kind this list lacks. */
const everyKindListed: Exclude<NotificationKind, (typeof KINDS)[number]> extends never
  ? true
  : Exclude<NotificationKind, (typeof KINDS)[number]> = true;
void everyKindListed;

/** Per-user mute settings: a ticked kind is told, an unticked one muted. */
export function NotificationSettingsForm() {
  const { t } = useTranslation();
  const q = useQuery(NOTIFICATION_SETTINGS, {});
  const [muted, setMuted] = useState<Set<NotificationKind>>(new Set());
  const [msg, setMsg] = useState('');
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    if (q.data) setMuted(new Set(q.data.notificationSettings.muted));
  }, [q.data]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setMsg('');
    try {
      const r = await gql(SET_NOTIFICATION_SETTINGS, { muted: [...muted] });
      setMuted(new Set(r.setNotificationSettings.muted));
      setMsg(t('teams.saved'));
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  return (
    <form className="card form" onSubmit={save} aria-labelledby="notification-settings-title">
      <h2 id="notification-settings-title">{t('teams.settings')}</h2>
      <p className="muted small">{t('teams.settingsHint')}</p>
      <fieldset className="checks">
        <legend className="sr-only">{t('teams.settings')}</legend>
        {KINDS.map((k) => (
          <label key={k}>
            <input
              type="checkbox"
              checked={!muted.has(k)}
              onChange={(e) =>
                setMuted((m) => {
                  const next = new Set(m);
                  if (e.target.checked) next.delete(k);
                  else next.add(k);
                  return next;
                })
              }
            />{' '}
            {t(`teams.kindName.${k}`)}
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary" disabled={!q.data}>
          {t('app.save')}
        </button>
      </div>
      {msg && <p role="status">{msg}</p>}
      {error && <ErrorNote error={error} />}
      {q.error && <ErrorNote error={q.error} onRetry={q.reload} />}
    </form>
  );
}
