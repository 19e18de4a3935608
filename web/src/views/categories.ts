import { getJson } from '../api';
import type { View } from '../context';
import { errorBox, field, formValues, h, s, select } from '../dom';
import { go } from '../state';

interface Group { group: string; stations: number; counts: Record<string, number> }
interface Answer { groups: Group[]; groupBy: string }

const MAX_GROUPS = 15;

/** The seed's clustered bar chart: stations per EPA category, one cluster per country or city. */
export const categoriesView: View = async (root, params, ctx) => {
  const day = params.get('day') ?? ctx.latestDay;
  const hour = params.get('hour') ?? '';
  const groupBy = params.get('groupBy') ?? 'country';
  const country = params.get('country') ?? '';
  const form = h('form', { class: 'controls' },
    field('Day (UTC)', h('input', { type: 'date', name: 'day', value: day, required: 'required' })),
    field('Hour', select('hour', [['', 'whole day'], ...Array.from({ length: 24 }, (_, i): [string, string] => [String(i), `${String(i).padStart(2, '0')}:00`])], hour)),
    field('Cluster by', select('groupBy', [['country', 'country'], ['city', 'city']], groupBy)),
    field('Country', h('input', { name: 'country', value: country, placeholder: 'all' })),
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (e) => { e.preventDefault(); go('categories', formValues(form)); });
  const panel = h('div', { class: 'panel' });
  root.append(h('h2', {}, 'Stations per category'), form, panel);
  try {
    const data = await getJson<Answer>('/api/categories', { day, hour, groupBy, country });
    const when = hour === '' ? day : `${day} ${hour.padStart(2, '0')}:00 UTC`;
    panel.append(h('p', { class: 'note' }, `Each station counts once, in the category of its worst reading (${when}).`));
    if (data.groups.length === 0) panel.append(h('p', { class: 'empty' }, 'No readings in this period.'));
    else panel.append(chart(data.groups.slice(0, MAX_GROUPS), ctx));
    if (data.groups.length > MAX_GROUPS) panel.append(h('p', { class: 'note' }, `Showing the ${MAX_GROUPS} largest of ${data.groups.length} groups.`));
  } catch (err) {
    panel.append(errorBox(err));
  }
};

function chart(groups: Group[], ctx: Parameters<View>[2]): SVGElement {
  const keys = ctx.scale.map((b) => b.key);
  const max = Math.max(1, ...groups.flatMap((g) => keys.map((k) => g.counts[k] ?? 0)));
  const left = 40;
  // Bars as wide as the page allows: few clusters get wide bars, many get thin ones.
  const bar = Math.max(6, Math.min(26, Math.floor((1150 - left) / groups.length / (keys.length + 1.5))));
  const cluster = keys.length * bar + Math.round(bar * 1.5);
  const top = 18;
  const height = 260;
  const width = left + groups.length * cluster + 10;
  const y = (v: number) => top + height - (v / max) * height;
  const svg = s('svg', { width, height: top + height + 70, role: 'img', 'aria-label': 'stations per category', 'data-chart': 'categories' });
  for (const t of ticks(max)) {
    svg.append(s('line', { class: 'grid', x1: left, x2: width, y1: y(t), y2: y(t) }));
    svg.append(s('text', { x: left - 6, y: y(t) + 4, 'text-anchor': 'end' }, t));
  }
  groups.forEach((g, gi) => {
    const x0 = left + gi * cluster + Math.round(bar * 0.75);
    keys.forEach((k, ki) => {
      const n = g.counts[k] ?? 0;
      if (n === 0) return;
      svg.append(s('rect', {
        x: x0 + ki * bar, y: y(n), width: bar - 1, height: top + height - y(n), fill: ctx.colorOf(k),
        stroke: 'rgba(0,0,0,.35)', 'stroke-width': 0.5, 'data-group': g.group, 'data-category': k, 'data-count': n,
      }, s('title', {}, `${g.group}: ${n} ${ctx.nameOf(k)}`)));
      if (bar >= 12) svg.append(s('text', { class: 'count', x: x0 + ki * bar + bar / 2, y: y(n) - 3, 'text-anchor': 'middle' }, n));
    });
    const lx = x0 + (keys.length * bar) / 2;
    svg.append(s('text', { x: lx, y: top + height + 14, 'text-anchor': 'end', transform: `rotate(-35 ${lx} ${top + height + 14})` }, g.group));
  });
  svg.append(s('text', { x: 4, y: top - 6 }, 'stations'));
  svg.append(s('line', { class: 'axis', x1: left, x2: width, y1: top + height, y2: top + height, stroke: '#9aa5b1' }));
  return svg;
}

function ticks(max: number): number[] {
  const step = Math.max(1, Math.ceil(max / 5 / Math.pow(10, Math.floor(Math.log10(max / 5 || 1)))) * Math.pow(10, Math.floor(Math.log10(max / 5 || 1))));
  const out: number[] = [];
  for (let v = 0; v <= max; v += step) out.push(Math.round(v));
  return out;
}
