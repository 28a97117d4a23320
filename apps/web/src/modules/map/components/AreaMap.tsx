import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import type { Topology } from 'topojson-specification';
import { useTranslation } from 'react-i18next';
import { baseMap, type BaseMap } from '../state/base-map';

/** A tile URL template, as the case map uses; none by default (the offline base map is drawn). */
const TILES: string | undefined = import.meta.env.VITE_MAP_TILES;

export interface AreaShape {
  readonly circles: ReadonlyArray<{ readonly lat: number; readonly lon: number; readonly radiusKm: number }>;
  readonly polygons: ReadonlyArray<{ readonly points: ReadonlyArray<{ readonly lat: number; readonly lon: number }> }>;
}

/**
 * An alert's distribution area on a small map (issue 16: the alert as recipients will see it, its area on the
 * map): the circle around the last sighting or the corridor along the sightings, over the offline base map
 * (Natural Earth's countries and borders, so the reader sees which countries it reaches). Read-only; the
 * area's description in words stays beside it for screen readers.
 */
export default function AreaMap({ area, description }: { area: AreaShape; description: string }) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const [base, setBase] = useState<BaseMap | null>(null);
  useEffect(() => {
    let alive = true;
    import('world-atlas/countries-50m.json').then(
      (m) => alive && setBase(baseMap(m.default as unknown as Topology)),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    if (!el.current) return;
    const map = L.map(el.current, { attributionControl: true, zoomControl: false, scrollWheelZoom: false });
    map.attributionControl.setPrefix(false);
    L.control.zoom({ zoomInTitle: t('a11y.zoomIn'), zoomOutTitle: t('a11y.zoomOut') }).addTo(map);
    if (TILES) L.tileLayer(TILES, { maxZoom: 18 }).addTo(map);
    if (base) {
      map.attributionControl.addAttribution('Natural Earth');
      if (!TILES)
        L.geoJSON(base.countries, {
          style: { color: '#cbd5e1', weight: 0, fillColor: '#f1f5f9', fillOpacity: 1 },
          interactive: false,
        }).addTo(map);
      L.geoJSON(base.borders, { style: { color: '#475569', weight: 1, dashArray: '4 3' }, interactive: false }).addTo(map);
      L.geoJSON(base.coastlines, { style: { color: '#64748b', weight: 1 }, interactive: false }).addTo(map);
    }
    // The view first (a circle's own bounds need a map with a view): the shapes' extent, computed here.
    const bounds = L.latLngBounds([]);
    for (const c of area.circles) bounds.extend(L.latLng(c.lat, c.lon).toBounds(c.radiusKm * 2000));
    for (const p of area.polygons) for (const q of p.points) bounds.extend([q.lat, q.lon]);
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.15));
    else map.setView([15, -90], 4);
    const style = { color: '#b91c1c', weight: 2, fillColor: '#ef4444', fillOpacity: 0.2, interactive: false };
    for (const c of area.circles) {
      L.circle([c.lat, c.lon], { ...style, radius: c.radiusKm * 1000, className: 'alert-area-circle' }).addTo(map);
      L.circleMarker([c.lat, c.lon], { radius: 4, color: '#7f1d1d', fillOpacity: 1, interactive: false }).addTo(map);
    }
    for (const p of area.polygons)
      L.polygon(
        p.points.map((q) => [q.lat, q.lon] as [number, number]),
        { ...style, className: 'alert-area-polygon' },
      ).addTo(map);
    return () => {
      map.remove();
    };
  }, [area, base, t]);

  return (
    <figure className="area-map">
      <div
        ref={el}
        className="map map-small"
        role="region"
        aria-label={`${t('a11y.alertArea')}: ${description}`}
        data-testid="alert-area-map"
        data-shapes={area.circles.length + area.polygons.length}
        data-base={base ? 'drawn' : 'loading'}
      />
      <figcaption className="muted small">{t('a11y.alertAreaHint')}</figcaption>
    </figure>
  );
}
