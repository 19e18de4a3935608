import type { Client } from 'cassandra-driver';
import { utcDatesBetween } from '../../analytics/time-windows';
import type { AlertRow, DashboardStore } from '../store';
import { pages, partition } from './cql';
import { inOrder } from './lookahead';
import { alertFromRow } from './rows';
import type { StationDirectory } from './station-directory';

/** How far back "recent alerts" looks, from the newest reading's day. */
const RECENT_DAYS = 31;

/** Alert reads: open episodes from alert_state, events from alert_events_by_day. */
export function alertQueries(client: Client, ks: string, directory: StationDirectory): Pick<DashboardStore, 'alerts' | 'alertHistory'> {
  const stateSql = `SELECT station_id, watermark, episode_start, level, peak_aqi FROM ${ks}.alert_state`;
  const daySql = `SELECT * FROM ${ks}.alert_events_by_day WHERE day = ? LIMIT ?`;
  const rangeSql = `SELECT * FROM ${ks}.alert_events_by_day WHERE day = ? AND occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at ASC, event_id DESC`;

  async function openEpisodes(): Promise<{ starts: Map<number, number>; rows: Record<string, unknown>[] }> {
    const starts = new Map<number, number>();
    const rows: Record<string, unknown>[] = [];
    for await (const row of pages(client, stateSql, [], 2000)) {
      if (!(row.episode_start instanceof Date)) continue;
      starts.set(Number(row.station_id), row.episode_start.getTime());
      rows.push(row);
    }
    return { starts, rows };
  }

  return {
    async alerts(q) {
      const { starts, rows } = await openEpisodes();
      if (q.status === 'open') {
        const names = new Map((await directory.all()).map((s) => [s.stationId, s]));
        return rows
          .filter((r) => q.station === undefined || Number(r.station_id) === q.station)
          .map((r): AlertRow => {
            const st = names.get(Number(r.station_id));
            return {
              alertId: '', stationId: Number(r.station_id), stationName: st?.stationName ?? null, city: st?.city ?? null,
              country: st?.country ?? null, event: 'open', level: String(r.level ?? ''), aqi: typeof r.peak_aqi === 'number' ? r.peak_aqi : null,
              // An open episode is dated by its start; its AQI is the episode's peak so far.
              occurredAt: r.episode_start as Date, episodeStart: r.episode_start as Date, open: true,
            };
          })
          .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime())
          .slice(0, q.limit);
      }
      const newest = (await directory.all()).reduce((m, s) => Math.max(m, s.observedAt.getTime()), 0) || Date.now();
      const out: AlertRow[] = [];
      for (let i = 0; i < RECENT_DAYS && out.length < q.limit; i += 1) {
        const day = new Date(newest - i * 86_400_000).toISOString().slice(0, 10);
        for (const row of await partition(client, daySql, [day, q.limit * 4])) {
          const alert = alertFromRow(row, starts);
          if (q.station !== undefined && alert.stationId !== q.station) continue;
          if (out.length < q.limit) out.push(alert);
        }
      }
      return out;
    },

    async *alertHistory(q) {
      const { starts } = await openEpisodes();
      const load = (day: string) => partition(client, rangeSql, [day, q.from, q.to]);
      for await (const row of inOrder(utcDatesBetween(q.from, q.to), load, 4)) {
        const alert = alertFromRow(row, starts);
        if (q.station === undefined || alert.stationId === q.station) yield alert;
      }
    },
  };
}
