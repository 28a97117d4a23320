import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Dates are shown in the reader's locale and zone; the UTC instant is on hover for cross-border calls. */
export function DateTime({ iso, dateOnly = false }: { iso: string | null | undefined; dateOnly?: boolean }) {
  const { i18n } = useTranslation();
  if (!iso) return <span>—</span>;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return <span>{iso}</span>;
  const text = new Intl.DateTimeFormat(
    i18n.language,
    dateOnly ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' },
  ).format(d);
  return (
    <time dateTime={d.toISOString()} title={`${d.toISOString().replace('T', ' ').slice(0, 19)} UTC`}>
      {text}
    </time>
  );
}

/** One shared ticking clock per interval so that a list of fifty cases does not run fifty timers. */
const tickers = new Map<number, { now: number; subs: Set<(n: number) => void>; timer: ReturnType<typeof setInterval> }>();
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let t = tickers.get(intervalMs);
    if (!t) {
      const entry = {
        now: Date.now(),
        subs: new Set<(n: number) => void>(),
        timer: setInterval(() => {
          entry.now = Date.now();
          for (const s of entry.subs) s(entry.now);
        }, intervalMs),
      };
      tickers.set(intervalMs, entry);
      t = entry;
    }
    t.subs.add(setNow);
    const mine = t;
    return () => {
      mine.subs.delete(setNow);
      if (mine.subs.size === 0) {
        clearInterval(mine.timer);
        tickers.delete(intervalMs);
      }
    };
  }, [intervalMs]);
  return now;
}

export function MissingFor({ since }: { since: string }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const ms = Math.max(0, now - new Date(since).getTime());
  const s = Math.floor(ms / 1000);
  const days = Math.floor(s / 86400);
  const hh = String(Math.floor((s % 86400) / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return (
    <span className="clock" title={t('cases.missingSince', { date: new Date(since).toISOString() })}>
      {t('cases.missingFor', { count: days, time: `${hh}:${mm}:${ss}` })}
    </span>
  );
}

/** ISO instant to the value a datetime-local input shows (local wall time). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const off = d.getTimezoneOffset() * 60000;
  return new Date(d.getTime() - off).toISOString().slice(0, 16);
}

export function fromLocalInput(v: string): string | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
