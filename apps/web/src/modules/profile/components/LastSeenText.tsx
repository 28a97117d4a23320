import { useTranslation } from 'react-i18next';
import { DateTime } from '../../../lib/format';
import { keyIn } from '../../../i18n/keys';

/** What the server derives as "last seen" (Case.lastSeen, ChildProfile.lastSeen): one shape, one wording. */
export interface LastSeenValue {
  readonly basis: 'REPORT' | 'SIGHTING';
  readonly at?: string | null;
  readonly location?: { readonly name: string; readonly country: string } | null;
  readonly sightingSource?: string | null;
  readonly confidence?: number | null;
}

/**
 * "Last seen: 21 Nov 2026, 07:30, Tecún Umán (GT) — confirmed sighting (Witness, confidence 60 %)":
 * when, where, and which it is (the report's, or a later confirmed sighting).
 */
export function LastSeenText({ value, label = true }: { value: LastSeenValue; label?: boolean }) {
  const { t } = useTranslation();
  const detail =
    value.basis === 'SIGHTING'
      ? [
          value.sightingSource ? t(keyIn('enumValue', value.sightingSource)) : null,
          typeof value.confidence === 'number' ? t('lastSeen.confidence', { percent: Math.round(value.confidence * 100) }) : null,
        ].filter(Boolean)
      : [];
  return (
    <span className="last-seen" data-testid="last-seen" data-basis={value.basis} title={t('lastSeen.explain')}>
      {label && <>{t('lastSeen.label')}: </>}
      {value.at ? <DateTime iso={value.at} /> : t('lastSeen.unknown')}
      {value.location && <>, {`${value.location.name} (${value.location.country})`}</>}
      {' — '}
      <span className="muted">
        {t(`lastSeen.${value.basis}`)}
        {detail.length > 0 && ` (${detail.join(', ')})`}
      </span>
    </span>
  );
}
