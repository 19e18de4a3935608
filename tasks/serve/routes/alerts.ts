import type { ServeDeps } from '../deps';
import { CACHE, queryOf, sendJson, type Route } from '../http';
import { alertsParams } from '../params';

/** Open and recent alert events. */
export function alertRoutes(deps: ServeDeps): Route[] {
  return [
    {
      path: '/api/alerts',
      description: 'alert events, newest first: ?[status=open|all][&station=ID][&limit=N]',
      async handle(_req, res, url) {
        const q = queryOf(alertsParams, url);
        const alerts = await deps.store.alerts(q);
        sendJson(res, 200, { status: q.status, alerts }, CACHE.live);
      },
    },
  ];
}
