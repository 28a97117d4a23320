import type { TFunction } from 'i18next';

export interface FooterFacts {
  readonly reference: string;
  /** The case's lead agency's handling marking (Agency.handlingMarking), or null. */
  readonly marking: string | null;
  readonly who: { readonly displayName: string; readonly agency: { readonly name: string } };
  readonly at: Date;
  readonly locale: string;
  /** The exporter's IANA zone (the zone's short name is printed with the time). */
  readonly timeZone?: string;
}

/** "6 Dec 2026, 10:25 CST": a printed copy needs the year and the zone. */
export function exportTime(at: Date, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone,
  }).format(at);
}

/** The footer's lines (the marking first, when the agency has one) and the same words as the PNG's text chunks. */
export function exportFooter(
  f: FooterFacts,
  t: TFunction,
): { lines: { text: string; strong?: boolean }[]; chunks: Record<string, string> } {
  const source = t('graphExport.footer', {
    reference: f.reference,
    when: exportTime(f.at, f.locale, f.timeZone),
    who: `${f.who.displayName} (${f.who.agency.name})`,
  });
  const marking = f.marking ? t('graphExport.marking', { marking: f.marking }) : null;
  return {
    lines: [...(marking ? [{ text: marking, strong: true }] : []), { text: source }],
    chunks: {
      Title: t('graphExport.image', { reference: f.reference }),
      Source: source,
      'Creation Time': f.at.toISOString(),
      ...(marking ? { Disclaimer: marking } : {}),
    },
  };
}
