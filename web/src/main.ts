import { getJson, type Band, type Station } from './api';
import type { View, ViewContext } from './context';
import { errorBox, h } from './dom';
import { currentRoute, todayUtc } from './state';
import { alertsView } from './views/alerts';
import { categoriesView } from './views/categories';
import { exportsView } from './views/exports';
import { healthView } from './views/health';
import { mapView } from './views/map';
import { trendsView } from './views/trends';

const VIEWS: Record<string, View> = {
  categories: categoriesView, map: mapView, trends: trendsView, alerts: alertsView, health: healthView, exports: exportsView,
};

async function loadContext(): Promise<ViewContext> {
  const [{ categories }, latest] = await Promise.all([
    getJson<{ categories: Band[] }>('/api/scale'),
    getJson<{ stations: Station[] }>('/api/latest').catch(() => ({ stations: [] as Station[] })),
  ]);
  const byKey = new Map(categories.map((b) => [b.key, b]));
  const newest = latest.stations.reduce((m, st) => (st.observedAt > m ? st.observedAt : m), '');
  return {
    scale: categories,
    colorOf: (k) => (k && byKey.get(k)?.color) || '#bcc5cf',
    nameOf: (k) => (k && byKey.get(k)?.name) || 'no data',
    latestDay: newest ? newest.slice(0, 10) : todayUtc(),
    places: {
      countries: [...new Set(latest.stations.flatMap((st) => (st.country ? [st.country] : [])))].sort(),
      // The aggregate step keys a city as 'country/city' ('-' when the country is unknown).
      cities: [...new Set(latest.stations.flatMap((st) => (st.city ? [`${st.country ?? '-'}/${st.city}`] : [])))].sort(),
      busiestCountry: busiest(latest.stations.map((st) => st.country)),
    },
  };
}

/** The most frequent non-null value (ties: alphabetical), or null. */
function busiest(values: (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

function drawLegend(ctx: ViewContext): void {
  const legend = document.getElementById('legend')!;
  legend.replaceChildren(...ctx.scale.map((b) => {
    const swatch = h('span', { class: 'swatch' });
    swatch.style.background = b.color;
    return h('span', { 'data-category': b.key }, swatch, `${b.name} (${b.min}–${b.max})`);
  }));
}

async function drawAttributions(): Promise<void> {
  const box = document.getElementById('attributions')!;
  try {
    const { attributions } = await getJson<{ attributions: { name: string; url?: string }[] }>('/api/attributions');
    box.replaceChildren('Data: ', ...attributions.flatMap((a, i) => [
      i > 0 ? ' · ' : '',
      a.url && /^https?:\/\//.test(a.url) ? h('a', { href: a.url, rel: 'noopener noreferrer' }, a.name) : a.name,
    ]));
  } catch (err) {
    box.replaceChildren(errorBox(err));
  }
}

async function render(ctx: ViewContext): Promise<void> {
  const { view, params } = currentRoute();
  const root = document.getElementById('view')!;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a')) a.classList.toggle('active', a.dataset.view === view);
  const next = h('div', { 'data-view': view, 'data-state': 'loading' });
  root.replaceChildren(next);
  await (VIEWS[view] ?? VIEWS.categories!)(next, params, ctx);
  // The browser tests wait for this marker before they look at what was drawn.
  next.dataset.state = 'ready';
}

async function start(): Promise<void> {
  const ctx = await loadContext();
  drawLegend(ctx);
  void drawAttributions();
  window.addEventListener('hashchange', () => void render(ctx));
  await render(ctx);
}

start().catch((err) => document.getElementById('view')!.replaceChildren(errorBox(err)));
