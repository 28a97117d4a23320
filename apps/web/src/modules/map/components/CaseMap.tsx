import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import { useQuery } from '../../../lib/use-query';
import { useReadable } from '../../../lib/use-readable';
import { CASE_GRAPH, type Subgraph } from '../../graph';

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
  const { t } = useTranslation();
  const q = useQuery(CASE_GRAPH, { caseId });
  const readable = useReadable();
  const points = useMemo(
    () => (q.data ? pointsOf(q.data.caseGraph, readable.labels(q.data.caseGraph.nodes, q.data.caseGraph.edges)) : []),
    [q.data, readable],
  );
  const el = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!el.current || !q.data) return;
    const map = L.map(el.current, { preferCanvas: true, attributionControl: !!TILES, worldCopyJump: false });
    if (TILES) L.tileLayer(TILES, { maxZoom: 18 }).addTo(map);
    const bounds = points.length > 0 ? L.latLngBounds(points.map((p) => [p.lat, p.lon])) : L.latLngBounds([-60, -120], [60, 120]);
    map.fitBounds(bounds.pad(0.3), { maxZoom: 12 });

    // Without tiles a lat/lon grid keeps distances and directions readable.
    const grid = L.layerGroup().addTo(map);
    const drawGrid = () => {
      grid.clearLayers();
      const b = map.getBounds();
      const span = Math.max(b.getNorth() - b.getSouth(), b.getEast() - b.getWest());
      const step = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30].find((s) => span / s <= 12) ?? 30;
      const style = { color: '#94a3b8', weight: 1, opacity: 0.6, interactive: false };
      for (let lat = Math.floor(b.getSouth() / step) * step; lat <= b.getNorth(); lat += step) {
        L.polyline(
          [
            [lat, b.getWest()],
            [lat, b.getEast()],
          ],
          style,
        ).addTo(grid);
        L.marker([lat, b.getWest()], {
          icon: L.divIcon({ className: 'grid-label', html: `${lat.toFixed(2)}°`, iconSize: [50, 12] }),
          interactive: false,
          keyboard: false,
        }).addTo(grid);
      }
      for (let lon = Math.floor(b.getWest() / step) * step; lon <= b.getEast(); lon += step) {
        L.polyline(
          [
            [b.getSouth(), lon],
            [b.getNorth(), lon],
          ],
          style,
        ).addTo(grid);
        L.marker([b.getSouth(), lon], {
          icon: L.divIcon({ className: 'grid-label', html: `${lon.toFixed(2)}°`, iconSize: [50, 12], iconAnchor: [0, 14] }),
          interactive: false,
          keyboard: false,
        }).addTo(grid);
      }
    };
    if (!TILES) {
      drawGrid();
      map.on('moveend', drawGrid);
    }
    for (const p of points) {
      L.circleMarker([p.lat, p.lon], {
        radius: p.kind === 'LOCATION' ? 9 : 6,
        color: p.kind === 'LOCATION' ? '#047857' : '#7e22ce',
        fillOpacity: 0.8,
        weight: 2,
      })
        .bindTooltip(p.kind === 'SIGHTING' ? p.label : `${t(`kind.${p.kind}`)}: ${p.label}`)
        .addTo(map);
    }
    return () => {
      map.remove();
    };
  }, [q.data, points, t]);

  return (
    <div className="graph-layout">
      <h2 className="sr-only">{t('map.title')}</h2>
      {!TILES && <p className="muted small">{t('map.noTiles')}</p>}
      {q.loading && <Loading />}
      {q.error && <ErrorNote error={q.error} onRetry={q.reload} />}
      {q.data && points.length === 0 && <p>{t('map.none')}</p>}
      <div ref={el} className="map" role="region" aria-label={t('map.title')} data-testid="map" />
      <ul className="small" aria-label={t('map.legend')}>
        {points.map((p) => (
          <li key={`${p.kind}-${p.id}`}>
            {p.kind === 'SIGHTING' ? p.label : `${t(`kind.${p.kind}`)}: ${p.label}`} ({p.lat.toFixed(4)}, {p.lon.toFixed(4)})
          </li>
        ))}
      </ul>
    </div>
  );
}
