import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Topology } from 'topojson-specification';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import { useQuery } from '../../../lib/use-query';
import { useReadable } from '../../../lib/use-readable';
import { CASE_GRAPH, type Subgraph } from '../../graph';
import { useTravelChecks, type TravelCheck } from '../../analysis';
import { TimeFilterNote, useTimeFilter, withoutSightingsOutside, type TimeFilter } from '../../timeline';
import { baseMap, labelAt, type BaseMap } from '../state/base-map';
import { countryName } from '../state/country-names';
import { bearing, journeys } from '../state/journeys';
import { cluster } from '../state/cluster';

/** A tile URL template ({z}/{x}/{y}); none by default, as deployments may have no outside network. */
const TILES: string | undefined = import.meta.env.VITE_MAP_TILES;

interface Point {
  readonly id: string;
  readonly lat: number;
  readonly lon: number;
  readonly label: string;
  readonly kind: 'LOCATION' | 'SIGHTING';
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function pointsOf(g: Subgraph, labels: ReadonlyMap<string, string> = new Map()): Point[] {
  const out: Point[] = [];
  const locs = new Map<string, { lat: number; lon: number }>();
  for (const n of g.nodes) {
    const lat = num(n.props?.['latitude']);
    const lon = num(n.props?.['longitude']);
    if (n.kind === 'LOCATION' && lat !== null && lon !== null) {
      locs.set(n.id, { lat, lon });
      out.push({ id: n.id, lat, lon, label: labels.get(n.id) ?? n.label, kind: 'LOCATION' });
    }
  }
  for (const e of g.edges) {
    if (e.type !== 'SIGHTED_AT') continue;
    const s = g.nodes.find((n) => n.id === e.source);
    const at = locs.get(e.target);
    if (s && at) out.push({ id: s.id, lat: at.lat, lon: at.lon, label: labels.get(s.id) ?? s.label, kind: 'SIGHTING' });
  }
  return out;
}

export default function CaseMap({ caseId }: { caseId: string }) {
  const q = useQuery(CASE_GRAPH, { caseId });
  const travel = useTravelChecks(caseId, q.data);
  // The time window set on the timeline's axis: sightings outside it are left out (places stay).
  const filter = useTimeFilter(caseId);
  return (
    <MapView
      caseId={caseId}
      data={q.data?.caseGraph ?? null}
      loading={q.loading}
      error={q.error}
      onRetry={q.reload}
      checks={travel.checks}
      filter={filter}
    />
  );
}

const NO_CHECKS: readonly TravelCheck[] = [];

/** The map of a given graph, read-only (case replay's moment): its places, sightings and journeys. */
export function MapSnapshot({ caseId, graph }: { caseId: string; graph: Subgraph }) {
  return <MapView caseId={caseId} data={graph} loading={false} error={null} checks={NO_CHECKS} filter={null} keepView />;
}

function MapView({
  caseId,
  data,
  loading,
  error,
  onRetry,
  checks,
  filter,
  keepView = false,
}: {
  caseId: string;
  data: Subgraph | null;
  loading: boolean;
  error: Error | null;
  onRetry?: () => void;
  checks: readonly TravelCheck[];
  filter: TimeFilter | null;
  /** Keep the reader's view when the data changes (replay's slider) instead of fitting the points again. */
  keepView?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const readable = useReadable();
  const graph = useMemo(() => (data ? withoutSightingsOutside(data, filter) : null), [data, filter]);
  const points = useMemo(() => (graph ? pointsOf(graph, readable.labels(graph.nodes, graph.edges)) : []), [graph, readable]);
  const trips = useMemo(() => (graph ? journeys(graph.nodes, graph.edges, checks) : []), [graph, checks]);
  // Natural Earth's countries (world-atlas), in their own chunk: fetched when the map is first opened.
  const [base, setBase] = useState<BaseMap | null>(null);
  const [baseError, setBaseError] = useState(false);
  useEffect(() => {
    let alive = true;
    import('world-atlas/countries-50m.json').then(
      (m) => alive && setBase(baseMap(m.default as unknown as Topology)),
      () => alive && setBaseError(true),
    );
    return () => {
      alive = false;
    };
  }, []);
  const el = useRef<HTMLDivElement>(null);
  const view = useRef<{ center: L.LatLng; zoom: number } | null>(null);

  useEffect(() => {
    if (!el.current || !data) return;
    // Leaflet's own zoom buttons are titled in English: this one says it in the reader's language.
    const map = L.map(el.current, { preferCanvas: false, attributionControl: true, worldCopyJump: false, zoomControl: false });
    L.control.zoom({ zoomInTitle: t('a11y.zoomIn'), zoomOutTitle: t('a11y.zoomOut') }).addTo(map);
    map.attributionControl.setPrefix(false);
    if (TILES) L.tileLayer(TILES, { maxZoom: 18 }).addTo(map);
    const bounds = points.length > 0 ? L.latLngBounds(points.map((p) => [p.lat, p.lon])) : L.latLngBounds([-60, -120], [60, 120]);
    const last = keepView ? view.current : null;
    if (last) map.setView(last.center, last.zoom);
    else map.fitBounds(bounds.pad(0.3), { maxZoom: 12 });

    if (base) {
      map.attributionControl.addAttribution('Natural Earth');
      if (!TILES)
        L.geoJSON(base.countries, {
          style: { color: '#cbd5e1', weight: 0, fillColor: '#f1f5f9', fillOpacity: 1, className: 'country' },
          interactive: false,
        }).addTo(map);
      L.geoJSON(base.coastlines, { style: { color: '#64748b', weight: 1, className: 'coastline' }, interactive: false }).addTo(map);
      L.geoJSON(base.borders, { style: { color: '#475569', weight: 1, dashArray: '4 3', className: 'border' }, interactive: false }).addTo(
        map,
      );
      const names = L.layerGroup().addTo(map);
      const drawNames = () => {
        names.clearLayers();
        // A country too small at this zoom for its name to fit is left unnamed.
        const min = 4000 / Math.pow(2, map.getZoom() * 2);
        const b = map.getBounds().pad(-0.05);
        const view = { south: b.getSouth(), north: b.getNorth(), west: b.getWest(), east: b.getEast() };
        for (const l of base.labels) {
          const at = l.area >= min ? labelAt(l, view) : null;
          if (at)
            L.marker([at.lat, at.lon], {
              icon: L.divIcon({
                className: 'country-name',
                // In the reader's language (the atlas's English name where the browser has none).
                html: escapeHtml(countryName(l.code, l.name, lang)),
                iconSize: [120, 14],
                iconAnchor: [60, 7],
              }),
              interactive: false,
              keyboard: false,
            }).addTo(names);
        }
      };
      drawNames();
      map.on('moveend', drawNames);
    }
    // Each person's and vehicle's sightings in time order, an arrow on each leg; impossible legs in red.
    for (const j of trips)
      for (const leg of j.legs) {
        const colour = leg.impossible ? '#b91c1c' : '#7e22ce';
        const label = `${j.subjectLabel}${leg.impossible ? ` — ${t('field.map.impossible')}` : ''}`;
        L.polyline(
          [
            [leg.from.lat, leg.from.lon],
            [leg.to.lat, leg.to.lon],
          ],
          {
            color: colour,
            weight: leg.impossible ? 3 : 2,
            dashArray: leg.impossible ? '6 4' : undefined,
            className: leg.impossible ? 'leg leg-impossible' : 'leg',
          },
        )
          .bindTooltip(label)
          .addTo(map);
        const mid: [number, number] = [(leg.from.lat + leg.to.lat) / 2, (leg.from.lon + leg.to.lon) / 2];
        L.marker(mid, {
          icon: L.divIcon({
            className: 'leg-arrow',
            html: `<span style="color:${colour};transform:rotate(${Math.round(bearing(leg.from, leg.to) - 90)}deg)">➤</span>`,
            iconSize: [16, 16],
            iconAnchor: [8, 8],
          }),
          interactive: false,
          keyboard: false,
        }).addTo(map);
      }
    // Markers that would overlap are one marker with their count; a click zooms in on them.
    const markers = L.layerGroup().addTo(map);
    const drawMarkers = () => {
      markers.clearLayers();
      for (const group of cluster(points, (p) => map.latLngToLayerPoint([p.lat, p.lon]), 22)) {
        const p = group[0]!;
        if (group.length === 1) {
          L.circleMarker([p.lat, p.lon], {
            radius: p.kind === 'LOCATION' ? 9 : 6,
            color: p.kind === 'LOCATION' ? '#047857' : '#7e22ce',
            fillOpacity: 0.8,
            weight: 2,
          })
            .bindTooltip(p.kind === 'SIGHTING' ? p.label : `${t(`kind.${p.kind}`)}: ${p.label}`)
            .addTo(markers);
          continue;
        }
        const names = group.slice(0, 8).map((q) => (q.kind === 'SIGHTING' ? q.label : `${t(`kind.${q.kind}`)}: ${q.label}`));
        L.marker([p.lat, p.lon], {
          icon: L.divIcon({ className: 'map-cluster', html: String(group.length), iconSize: [26, 26], iconAnchor: [13, 13] }),
          title: t('field.map.cluster', { count: group.length }),
        })
          .bindTooltip([...names, ...(group.length > 8 ? ['…'] : [])].map(escapeHtml).join('<br>'))
          .on('click', () => map.fitBounds(L.latLngBounds(group.map((q) => [q.lat, q.lon])).pad(0.5), { maxZoom: 16 }))
          .addTo(markers);
      }
    };
    drawMarkers();
    map.on('zoomend', drawMarkers);
    return () => {
      // A view of no points (the world) is not one the reader chose: the next points are fitted.
      view.current = points.length > 0 ? { center: map.getCenter(), zoom: map.getZoom() } : null;
      map.remove();
    };
  }, [data, points, trips, base, t, lang, keepView]);

  return (
    <div className="graph-layout">
      <h2 className="sr-only">{t('map.title')}</h2>
      {!TILES && <p className="muted small">{baseError ? t('map.noTiles') : t('field.map.offlineBase')}</p>}
      {filter && <TimeFilterNote caseId={caseId} view="map" />}
      {loading && <Loading />}
      {error && <ErrorNote error={error} onRetry={onRetry} />}
      {data && points.length === 0 && <p>{t('map.none')}</p>}
      <div ref={el} className="map" role="region" aria-label={t('map.title')} data-testid="map" data-base={base ? 'drawn' : 'loading'} />
      <ul className="small" aria-label={t('map.legend')}>
        {points.map((p) => (
          <li key={`${p.kind}-${p.id}`}>
            {p.kind === 'SIGHTING' ? p.label : `${t(`kind.${p.kind}`)}: ${p.label}`} ({p.lat.toFixed(4)}, {p.lon.toFixed(4)})
          </li>
        ))}
      </ul>
      {trips.length > 0 && (
        <ul className="small" aria-label={t('field.map.journeys')} data-testid="journeys">
          {trips.map((j) => (
            <li key={j.subjectId}>
              {t('field.map.journey', { who: j.subjectLabel, count: j.legs.length + 1 })}
              {j.legs.some((l) => l.impossible) && <strong className="error"> — {t('field.map.impossible')}</strong>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
