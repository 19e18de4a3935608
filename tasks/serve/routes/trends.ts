import type { ServeDeps } from '../deps';
import { cacheFor, queryOf, sendJson, type Route } from '../http';
import { trendsParams } from '../params';
import type { WindowRow } from '../store';
import { trendPoints } from '../views/trends';

/** Hourly or daily trend of one station, city or country, for one pollutant or the AQI. */
export function trendRoutes(deps: ServeDeps): Route[] {
  return [
    {
      path: '/api/trends',
      description: 'trend from windows: ?scope=station|city|country&id=X&grain=hour|day&pollutant=aqi|pm25|...&from=ISO&to=ISO',
      async handle(_req, res, url) {
        const q = queryOf(trendsParams, url);
        const rows: WindowRow[] = [];
        // Bounded by the 400-day range limit: at most 9,600 hourly windows.
        for await (const w of deps.store.windows({ grain: q.grain, scope: q.scope, id: q.id, from: q.from, to: q.to })) rows.push(w);
        const points = trendPoints(rows, q.pollutant);
        sendJson(res, 200, { scope: q.scope, id: q.id, grain: q.grain, pollutant: q.pollutant, points }, cacheFor(q.to));
      },
    },
  ];
}
