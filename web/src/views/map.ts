import { geoGraticule10, geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';
import { getJson, type Station } from '../api';
import type { View } from '../context';
import { errorBox, field, formValues, h, s, select } from '../dom';
import { go } from '../state';

const WIDTH = 960;
const HEIGHT = 500;

/** The latest reading of every station on a world map, drawn from bundled geometry (no tiles). */
export const mapView: View = async (root, params, ctx) => {
  const category = params.get('category') ?? '';
  const country = params.get('country') ?? '';
  const form = h('form', { class: 'controls' },
    field('Category', select('category', [['', 'all'], ...ctx.scale.map((b): [string, string] => [b.key, b.name])], category)),
    field('Country', h('input', { name: 'country', value: country, placeholder: 'all' })),
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (e) => { e.preventDefault(); go('map', formValues(form)); });
  const panel = h('div', { class: 'panel' });
  root.append(h('h2', {}, 'Latest readings'), form, panel);
  try {
    const { stations } = await getJson<{ stations: Station[] }>('/api/latest', { category, country });
    const placed = stations.filter((st) => st.lat !== null && st.lon !== null);
    const newest = placed.reduce((m, st) => (st.observedAt > m ? st.observedAt : m), '');
    panel.append(h('p', { class: 'note', 'data-count': placed.length },
      `${placed.length} stations${newest ? `, newest reading ${newest.replace('T', ' ').slice(0, 16)} UTC` : ''}.`));
    panel.append(draw(placed, ctx));
  } catch (err) {
    panel.append(errorBox(err));
  }
};

function draw(stations: Station[], ctx: Parameters<View>[2]): SVGElement {
  const topo = world as unknown as Topology<{ countries: GeometryCollection }>;
  const land = feature(topo, topo.objects.countries);
  const projection = geoNaturalEarth1().fitSize([WIDTH, HEIGHT], { type: 'Sphere' });
  const path = geoPath(projection);
  const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: '100%', role: 'img', 'aria-label': 'map of latest readings', 'data-chart': 'map' });
  svg.append(s('path', { class: 'sphere', d: path({ type: 'Sphere' }) ?? '' }));
  svg.append(s('path', { class: 'grid', fill: 'none', d: path(geoGraticule10()) ?? '' }));
  svg.append(s('path', { class: 'land', d: path(land) ?? '' }));
  // Worst last, so a hazardous station is never hidden under a good one.
  const sorted = [...stations].sort((a, b) => (a.aqi ?? -1) - (b.aqi ?? -1));
  for (const st of sorted) {
    const xy = projection([st.lon as number, st.lat as number]);
    if (!xy) continue;
    svg.append(s('circle', {
      class: 'station', cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: 3.2, fill: ctx.colorOf(st.category),
      'data-station': st.stationId, 'data-category': st.category ?? '',
    }, s('title', {}, `${st.name} (${st.city ?? '?'}, ${st.country ?? '?'}): AQI ${st.aqi ?? '-'}, ${ctx.nameOf(st.category)}`)));
  }
  return svg;
}
