import { getJson } from '../api';
import type { View } from '../context';
import { errorBox, field, formValues, h, select, table } from '../dom';
import { go } from '../state';

interface Alert {
  alertId: string; stationId: number; stationName: string | null; city: string | null; country: string | null;
  event: string; level: string; aqi: number | null; occurredAt: string; open: boolean;
}

/** Open alert episodes and the most recent alert events. */
export const alertsView: View = async (root, params, ctx) => {
  const status = params.get('status') ?? 'open';
  const form = h('form', { class: 'controls' },
    field('Show', select('status', [['open', 'open episodes'], ['all', 'recent events']], status)),
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (e) => { e.preventDefault(); go('alerts', formValues(form)); });
  const panel = h('div', { class: 'panel' });
  root.append(h('h2', {}, 'Alerts'), form, panel);
  try {
    const { alerts } = await getJson<{ alerts: Alert[] }>('/api/alerts', { status, limit: 200 });
    panel.append(h('p', { class: 'note', 'data-count': alerts.length }, `${alerts.length} ${status === 'open' ? 'open episodes' : 'events'}.`));
    panel.append(table(
      status === 'open'
        ? ['Since (UTC)', 'Station', 'City', 'Country', 'Event', 'Level', 'Peak AQI', 'State']
        : ['When (UTC)', 'Station', 'City', 'Country', 'Event', 'Level', 'AQI', 'State'],
      alerts.map((a) => [
        a.occurredAt.replace('T', ' ').slice(0, 16), a.stationName ?? String(a.stationId), a.city ?? '', a.country ?? '', a.event,
        h('span', { class: 'chip', 'data-level': a.level }, ctx.nameOf(a.level)), a.aqi ?? '-', a.open ? 'open' : 'closed',
      ]),
      [6],
    ));
    colorChips(panel, ctx);
  } catch (err) {
    panel.append(errorBox(err));
  }
};

/** Inline styles are blocked by the page's CSP, so chips get their color through the CSSOM. */
function colorChips(panel: HTMLElement, ctx: Parameters<View>[2]): void {
  for (const chip of panel.querySelectorAll<HTMLElement>('[data-level]')) {
    const color = ctx.colorOf(chip.dataset.level ?? null);
    chip.style.background = color;
    chip.style.color = readableTextOn(color);
  }
}

/** Black or white text, whichever reads better on the category color (WCAG relative luminance). */
export function readableTextOn(hex: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#000';
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => {
    const c = parseInt(x as string, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.18 ? '#000' : '#fff';
}
