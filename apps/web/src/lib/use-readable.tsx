import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  entityLabels,
  entityLabel,
  formatLocale,
  formatWhen,
  zoneForCountry,
  type LabelOptions,
  type NamedEdge,
  type NamedNode,
} from './readable';

interface CaseZone {
  readonly zone: string | null;
  readonly region: string | null;
}

const CaseZoneContext = createContext<CaseZone>({ zone: null, region: null });

/** The case's country, so that times inside it also say the time where the case happened. */
export function CaseZoneProvider({ country, children }: { country: string | null | undefined; children: ReactNode }) {
  const value = useMemo(() => ({ zone: zoneForCountry(country), region: country ?? null }), [country]);
  return <CaseZoneContext.Provider value={value}>{children}</CaseZoneContext.Provider>;
}

export interface Readable {
  readonly options: LabelOptions;
  when(value: string | null | undefined): string;
  label(node: NamedNode, place?: string | null): string;
  labels(nodes: Iterable<NamedNode>, edges: Iterable<NamedEdge>): Map<string, string>;
}

/** Formatters bound to the reader's language and zone and to the open case's zone. */
export function useReadable(): Readable {
  const { t, i18n } = useTranslation();
  const cz = useContext(CaseZoneContext);
  return useMemo(() => {
    const options: LabelOptions = {
      locale: formatLocale(i18n.language, typeof navigator === 'undefined' ? [] : navigator.languages),
      caseZone: cz.zone,
      caseRegion: cz.region,
      kindName: (k) => t(`kind.${k as 'SIGHTING'}`, { defaultValue: k }),
    };
    return {
      options,
      when: (v) => (v ? formatWhen(v, options) : '—'),
      label: (n, place) => entityLabel(n, options, place),
      labels: (nodes, edges) => entityLabels(nodes, edges, options),
    };
  }, [t, i18n.language, cz]);
}

/** A time in words, with the instant in UTC on hover for calls across borders. */
export function When({ value }: { value: string | null | undefined }) {
  const r = useReadable();
  if (!value) return <span>—</span>;
  const ms = Date.parse(value);
  const iso = Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  return (
    <time dateTime={iso ?? value} title={iso ? `${iso.replace('T', ' ').slice(0, 16)} UTC` : undefined}>
      {r.when(value)}
    </time>
  );
}
