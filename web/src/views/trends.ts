import { getJson } from '../api';
import type { View } from '../context';
import { errorBox, field, formValues, h, s, select } from '../dom';
import { daysAgo, go } from '../state';

interface Point { t: string; value: number | null; min: number | null; max: number | null; readings: number }
interface Answer { points: Point[]; pollutant: string; grain: string }

const POLLUTANTS = ['aqi', 'pm25', 'pm10', 'o3', 'no2', 'so2', 'co'];

/** Hourly or daily trend of a station, a city or a country, per pollutant, from the windows. */
export const trendsView: View = async (root, params, ctx) => {
  const v = {
    scope: params.get('scope') ?? 'country',
    // With no choice yet, show the country with most stations so the view opens on data, not a blank form.
    id: params.get('id') ?? (params.get('scope') ? '' : ctx.places.busiestCountry ?? ''),
    grain: params.get('grain') ?? 'hour',
    pollutant: params.get('pollutant') ?? 'aqi',
    from: params.get('from') ?? daysAgo(ctx.latestDay, params.get('grain') === 'day' ? 30 : 1),
    to: params.get('to') ?? daysAgo(ctx.latestDay, -1),
  };
  const form = h('form', { class: 'controls' },
    field('Of', select('scope', [['station', 'station id'], ['city', 'city'], ['country', 'country']], v.scope)),
    field('Name or id', h('input', { name: 'id', value: v.id, required: 'required', list: 'trend-ids', placeholder: v.scope === 'city' ? 'country/city' : v.scope === 'country' ? 'country' : 'station id' })),
    h('datalist', { id: 'trend-ids' }, ...(v.scope === 'city' ? ctx.places.cities : v.scope === 'country' ? ctx.places.countries : []).map((x) => h('option', { value: x }))),
    field('Grain', select('grain', [['hour', 'hourly'], ['day', 'daily']], v.grain)),
    field('Measure', select('pollutant', POLLUTANTS.map((p): [string, string] => [p, p === 'aqi' ? 'AQI' : p]), v.pollutant)),
    field('From', h('input', { type: 'date', name: 'from', value: v.from })),
    field('To', h('input', { type: 'date', name: 'to', value: v.to })),
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (e) => { e.preventDefault(); go('trends', formValues(form)); });
  const panel = h('div', { class: 'panel' });
  root.append(h('h2', {}, 'Trends'), form, panel);
  if (!v.id) {
    panel.append(h('p', { class: 'empty' }, 'Choose a station id, a city or a country.'));
    return;
  }
  try {
    const data = await getJson<Answer>('/api/trends', {
      scope: v.scope, id: v.id, grain: v.grain, pollutant: v.pollutant, from: `${v.from}T00:00:00Z`, to: `${v.to}T00:00:00Z`,
    });
    const points = data.points.filter((p) => p.value !== null);
    panel.append(h('p', { class: 'note', 'data-count': points.length }, `${points.length} ${v.grain === 'hour' ? 'hourly' : 'daily'} windows of ${v.scope} ${v.id}.`));
    if (points.length === 0) panel.append(h('p', { class: 'empty' }, 'No windows in this range.'));
    else {
      panel.append(chart(points, v.pollutant, v.grain, ctx, { from: `${v.from}T00:00:00Z`, to: `${v.to}T00:00:00Z` }));
      panel.append(h('p', { class: 'note', 'data-legend': 'trend' },
        'Line: the mean of each window. Shaded: the lowest to the highest value in the window.' +
        (v.pollutant === 'aqi' ? ' Background: the EPA categories.' : ` ${v.pollutant} is a concentration, not on the AQI scale: no category colours.`)));
    }
  } catch (err) {
    panel.append(errorBox(err));
  }
};

/** The axis spans the chosen range, so one window sits at its own time, not in a corner. */
function chart(points: Point[], pollutant: string, grain: string, ctx: Parameters<View>[2], range: { from: string; to: string }): SVGElement {
  const W = 900, H = 280, L = 44, T = 10, B = 40;
  const t0 = Math.min(Date.parse(range.from), Date.parse(points[0]!.t));
  // The last window starts one grain before the range's (exclusive) end.
  const lastStart = Date.parse(range.to) - (grain === 'day' ? 86_400_000 : 3_600_000);
  const t1 = Math.max(t0 + 1, lastStart, Date.parse(points[points.length - 1]!.t));
  const vmax = Math.max(50, ...points.map((p) => p.max ?? p.value ?? 0));
  const x = (t: string) => L + ((Date.parse(t) - t0) / (t1 - t0)) * (W - L - 10);
  const y = (v: number) => T + H - (v / vmax) * H;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H + T + B}`, width: '100%', role: 'img', 'aria-label': `${pollutant} trend`, 'data-chart': 'trend' });
  // Category bands behind the line, so the reader sees where the values sit on the EPA
  // scale: only for the AQI itself (a concentration in µg/m³ or ppb is another scale).
  for (const b of pollutant === 'aqi' ? ctx.scale : []) {
    if (b.min > vmax) continue;
    const top = y(Math.min(b.max, vmax));
    svg.append(s('rect', { x: L, y: top, width: W - L - 10, height: y(b.min) - top, fill: b.color, opacity: 0.12 }));
  }
  for (const v of [0, Math.round(vmax / 2), Math.round(vmax)]) svg.append(s('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, v));
  const band = points.filter((p) => p.min !== null && p.max !== null);
  if (band.length > 1) {
    const upper = band.map((p) => `${x(p.t).toFixed(1)},${y(p.max!).toFixed(1)}`);
    const lower = band.map((p) => `${x(p.t).toFixed(1)},${y(p.min!).toFixed(1)}`).reverse();
    svg.append(s('polygon', { points: [...upper, ...lower].join(' '), fill: '#2457a6', opacity: 0.15 }));
  }
  svg.append(s('polyline', { points: points.map((p) => `${x(p.t).toFixed(1)},${y(p.value!).toFixed(1)}`).join(' '), fill: 'none', stroke: '#2457a6', 'stroke-width': 2 }));
  for (const p of points) {
    svg.append(s('circle', { cx: x(p.t).toFixed(1), cy: y(p.value!).toFixed(1), r: 2.5, fill: '#2457a6', 'data-t': p.t },
      s('title', {}, `${p.t.replace('T', ' ').slice(0, 16)}: ${p.value!.toFixed(1)} (${p.readings} readings)`)));
  }
  const label = (t: string) => (grain === 'day' ? t.slice(0, 10) : `${t.slice(5, 16).replace('T', ' ')} UTC`);
  const iso = (ms: number) => new Date(ms).toISOString();
  svg.append(s('text', { x: L, y: T + H + 18 }, label(iso(t0))));
  svg.append(s('text', { x: W - 10, y: T + H + 18, 'text-anchor': 'end' }, label(iso(t1))));
  return svg;
}
