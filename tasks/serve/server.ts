import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toAqiError } from '../core/errors';
import { redact } from '../core/redact';
import type { ServeDeps } from './deps';
import { CACHE, HttpError, sendError, sendJson, type Route } from './http';
import { pageRoutes } from './page';
import { alertRoutes } from './routes/alerts';
import { categoryRoutes } from './routes/categories';
import { exportRoutes } from './routes/exports';
import { healthRoutes } from './routes/health';
import { mapRoutes } from './routes/map';
import { trendRoutes } from './routes/trends';

/** Every route of the dashboard, one group per file under routes/. */
export function allRoutes(deps: ServeDeps): Route[] {
  return [
    ...pageRoutes(deps),
    ...categoryRoutes(deps),
    ...mapRoutes(deps),
    ...trendRoutes(deps),
    ...alertRoutes(deps),
    ...healthRoutes(deps),
    ...exportRoutes(deps),
  ];
}

/** A read-only server: GET and HEAD only, exact paths, every failure answered as JSON. */
export function createDashboardServer(deps: ServeDeps): Server {
  const routes = new Map(allRoutes(deps).map((r) => [r.path, r]));
  const index = [...routes.values()].map((r) => ({ path: r.path, description: r.description }));
  return createServer((req, res) => {
    void dispatch(req, res, routes, index, deps);
  });
}

async function dispatch(
  req: IncomingMessage,
  res: ServerResponse,
  routes: Map<string, Route>,
  index: { path: string; description: string }[],
  deps: ServeDeps,
): Promise<void> {
  const started = Date.now();
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://dashboard.local');
  } catch {
    return sendError(res, 400, 'malformed request target');
  }
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      throw new HttpError(405, `method ${String(req.method).slice(0, 16)} not allowed: the dashboard is read-only`);
    }
    if (url.pathname === '/api') return sendJson(res, 200, { routes: index }, CACHE.asset);
    const route = routes.get(url.pathname);
    if (!route) throw new HttpError(404, `no route ${url.pathname.slice(0, 200)}; GET /api lists them`);
    await route.handle(req, res, url);
    deps.log.debug('served', { path: url.pathname, status: res.statusCode, ms: Date.now() - started });
  } catch (thrown) {
    answerFailure(res, url.pathname, thrown, deps);
  }
}

/** Refusals keep their status and reason; a service that is down is a 503; the rest a bare 500. */
function answerFailure(res: ServerResponse, path: string, thrown: unknown, deps: ServeDeps): void {
  if (res.headersSent) {
    // A stream cut mid-way (client gone, store failed): all we can do is close the socket.
    deps.log.warn('response cut', { path, error: redact(String((thrown as Error)?.message ?? thrown)) });
    res.destroy();
    return;
  }
  if (thrown instanceof HttpError) return sendError(res, thrown.status, thrown.message);
  const err = toAqiError(thrown);
  deps.log.error('request failed', { path, code: err.code, error: redact(err.message) });
  if (err.retryable) return sendError(res, 503, `a backing service is unavailable (${err.code}); retry shortly`);
  sendError(res, 500, `internal error (${err.code})`);
}

/** Listens on host:port; resolves with the bound address once ready. */
export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
