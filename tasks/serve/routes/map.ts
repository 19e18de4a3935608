import type { ServeDeps } from '../deps';
import { CACHE, queryOf, sendJson, type Route } from '../http';
import { latestParams, noParams } from '../params';
import type { Attribution } from '../store';

/** The world map of the latest reading per station, and the attributions the data requires. */
export function mapRoutes(deps: ServeDeps): Route[] {
  return [
    {
      path: '/api/latest',
      description: 'latest reading per station: ?[country=C][&category=K]',
      async handle(_req, res, url) {
        const q = queryOf(latestParams, url);
        const rows = await deps.store.latest(q);
        const stations = rows.map((r) => ({
          stationId: r.stationId, name: r.stationName, city: r.city, country: r.country, lat: r.lat, lon: r.lon,
          observedAt: r.observedAt.toISOString(), aqi: r.aqi, category: r.category, dominantPollutant: r.dominantPollutant,
        }));
        sendJson(res, 200, { stations }, CACHE.live);
      },
    },
    {
      path: '/api/attributions',
      description: 'WAQI and every originating agency named by the latest readings',
      async handle(_req, res, url) {
        queryOf(noParams, url);
        sendJson(res, 200, { attributions: distinctAttributions((await deps.store.latest({})).flatMap((r) => r.attributions)) }, CACHE.live);
      },
    },
  ];
}

const WAQI: Attribution = { name: 'World Air Quality Index Project', url: 'https://waqi.info/' };

/** WAQI first (its terms require it wherever the data is shown), then agencies by name, once each. */
export function distinctAttributions(all: Iterable<Attribution>): Attribution[] {
  const byName = new Map<string, Attribution>();
  for (const a of all) {
    const name = a.name.trim();
    if (name && name !== WAQI.name && !byName.has(name)) byName.set(name, a.url ? { name, url: a.url } : { name });
  }
  return [WAQI, ...[...byName.values()].sort((a, b) => a.name.localeCompare(b.name))];
}
