import type { ServeDeps } from '../deps';
import { CACHE, cacheFor, queryOf, sendJson, type Route } from '../http';
import { categoriesParams, noParams } from '../params';
import type { StationSample } from '../store';
import { keepWorst, periodOf, stationsPerCategory, type CategoryGroup } from '../views/categories';
import { Memo } from '../memo';

/** The seed's clustered bar chart: stations per EPA category by country or city. */
export function categoryRoutes(deps: ServeDeps): Route[] {
  // A past day changes only on a backfill: ten minutes; the current one refreshes each minute.
  const memo = new Memo<CategoryGroup[]>();
  return [
    {
      path: '/api/categories',
      description: 'stations per category, clustered: ?day=YYYY-MM-DD[&hour=H][&groupBy=country|city][&country=C]',
      async handle(_req, res, url) {
        const q = queryOf(categoriesParams, url);
        const { from, to } = periodOf(q.day, q.hour);
        const key = JSON.stringify([from, to, q.groupBy, q.country ?? null]);
        const ttl = to.getTime() <= Date.now() ? 600_000 : 60_000;
        const groups = await memo.get(key, ttl, async () => {
          const worst = new Map<number, StationSample>();
          for await (const s of deps.store.samples(from, to, q.country)) keepWorst(worst, s);
          return stationsPerCategory(worst.values(), q.groupBy, deps.categoryOf);
        });
        sendJson(res, 200, { from, to, groupBy: q.groupBy, country: q.country ?? null, groups }, cacheFor(to));
      },
    },
    {
      path: '/api/scale',
      description: 'the EPA categories: key, name, AQI range, color',
      async handle(_req, res, url) {
        queryOf(noParams, url);
        sendJson(res, 200, { categories: deps.scale }, CACHE.asset);
      },
    },
  ];
}
