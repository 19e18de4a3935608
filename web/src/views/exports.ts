import { exportUrl } from '../api';
import type { View } from '../context';
import { h } from '../dom';
import { daysAgo } from '../state';

/** Links to the streamed exports that Power BI and Grafana read (docs/dashboard.md). */
export const exportsView: View = async (root, _params, ctx) => {
  const from = `${ctx.latestDay}T00:00:00Z`;
  const to = `${daysAgo(ctx.latestDay, -1)}T00:00:00Z`;
  const links: [string, string][] = [];
  for (const format of ['csv', 'json']) {
    links.push([`Readings of ${ctx.latestDay} (${format})`, exportUrl(`/export/readings.${format}`, { from, to })]);
    links.push([`Hourly windows per country (${format})`, exportUrl(`/export/windows.${format}`, { grain: 'hour', scope: 'country', from, to })]);
    links.push([`Alert events (${format})`, exportUrl(`/export/alerts.${format}`, { from: `${daysAgo(ctx.latestDay, 30)}T00:00:00Z`, to })]);
  }
  root.append(
    h('h2', {}, 'Exports'),
    h('div', { class: 'panel' },
      h('p', { class: 'note' }, 'Streamed CSV and JSON for BI tools; filters and columns are listed at /api and in docs/dashboard.md.'),
      h('ul', {}, ...links.map(([text, href]) => h('li', {}, h('a', { href }, text), ' ', h('code', {}, href))))),
  );
};
