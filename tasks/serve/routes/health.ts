import type { ServeDeps } from '../deps';
import { CACHE, queryOf, sendJson, type Route } from '../http';
import { noParams } from '../params';

/** Pipeline health: DAG runs, consumer lag, registry schemas, rows per stage, the last fetch runs, dead letters. */
export function healthRoutes(deps: ServeDeps): Route[] {
  return [
    {
      path: '/api/health',
      description: 'pipeline health; each part reports its own error when its service is down',
      async handle(_req, res, url) {
        queryOf(noParams, url);
        sendJson(res, 200, await deps.pipeline.health(), CACHE.live);
      },
    },
  ];
}
