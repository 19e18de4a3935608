import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ServeDeps } from '../deps';
import { CONTENT_TYPES, encoder, type Column, type ExportFormat } from '../encode';
import { ALERT_COLUMNS, READING_COLUMNS, WINDOW_COLUMNS } from '../export-columns';
import { cacheFor, queryOf, SECURITY_HEADERS, type Route } from '../http';
import { alertsExportParams, readingsExportParams, windowsExportParams } from '../params';

/**
 * CSV and JSON exports for BI tools. Rows flow from Cassandra's pages through the
 * encoder to the socket with backpressure: memory stays flat for a year of data.
 */
export function exportRoutes(deps: ServeDeps): Route[] {
  const routes: Route[] = [];
  for (const format of ['csv', 'json'] as const) {
    routes.push(
      {
        path: `/export/readings.${format}`,
        description: `classified readings as ${format}: ?from=ISO&to=ISO[&country=C][&city=C][&station=ID][&category=K]`,
        async handle(_req, res, url) {
          const q = queryOf(readingsExportParams, url);
          await stream(res, format, 'readings', READING_COLUMNS, deps.store.readings(q), cacheFor(q.to));
        },
      },
      {
        path: `/export/windows.${format}`,
        description: `hourly or daily windows as ${format}: ?grain=hour|day&from=ISO&to=ISO[&scope=station|city|country][&id=X]`,
        async handle(_req, res, url) {
          const q = queryOf(windowsExportParams, url);
          await stream(res, format, `windows-${q.grain}`, WINDOW_COLUMNS, deps.store.windows(q), cacheFor(q.to));
        },
      },
      {
        path: `/export/alerts.${format}`,
        description: `alert events as ${format}: ?from=ISO&to=ISO[&station=ID]`,
        async handle(_req, res, url) {
          const q = queryOf(alertsExportParams, url);
          await stream(res, format, 'alerts', ALERT_COLUMNS, deps.store.alertHistory(q), cacheFor(q.to));
        },
      },
    );
  }
  return routes;
}

async function stream<R>(
  res: ServerResponse,
  format: ExportFormat,
  name: string,
  columns: readonly Column<R>[],
  rows: AsyncIterable<R>,
  cache: string,
): Promise<void> {
  // Read the first row before the headers: when the store is down the client gets a status, not a cut body.
  const iterator = rows[Symbol.asyncIterator]();
  const first = await iterator.next();
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[format],
    'Content-Disposition': `attachment; filename="${name}.${format}"`,
    'Cache-Control': cache,
  });
  const rest = Readable.from(prepend(first, iterator), { objectMode: true, highWaterMark: 64 });
  await pipeline(rest, encoder(format, columns), res);
}

async function* prepend<R>(first: IteratorResult<R>, rest: AsyncIterator<R>): AsyncGenerator<R> {
  if (first.done) return;
  yield first.value;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}
