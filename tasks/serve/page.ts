import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServeDeps } from './deps';
import { CACHE, HttpError, queryOf, SECURITY_HEADERS, type Route } from './http';
import { noParams } from './params';

/** The one-page dashboard and its bundled assets (built by web/build.mjs into dist/web). */
const ASSETS: { path: string; file: string; type: string; cache: string }[] = [
  { path: '/', file: 'index.html', type: 'text/html; charset=utf-8', cache: CACHE.shell },
  { path: '/assets/app.js', file: 'app.js', type: 'text/javascript; charset=utf-8', cache: CACHE.asset },
  { path: '/assets/app.css', file: 'app.css', type: 'text/css; charset=utf-8', cache: CACHE.asset },
  { path: '/favicon.ico', file: 'favicon.svg', type: 'image/svg+xml', cache: CACHE.asset },
];

export function pageRoutes(deps: ServeDeps): Route[] {
  return ASSETS.map((a) => ({
    path: a.path,
    description: `page asset ${a.file}`,
    async handle(_req, res, url) {
      // The page reads its own state from the hash, so any query string here is a mistake.
      if (a.path !== '/') queryOf(noParams, url);
      const body = await readFile(join(deps.webDir, a.file)).catch(() => {
        throw new HttpError(503, `dashboard assets missing in ${deps.webDir}: run npm run build:web`);
      });
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': a.type, 'Content-Length': body.length, 'Cache-Control': a.cache });
      res.end(body);
    },
  }));
}
