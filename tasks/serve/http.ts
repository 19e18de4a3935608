import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { parseParams } from './params';

/**
 * Response helpers shared by every route: JSON with cache headers, refusals with a
 * reason, and the security headers that keep the page on its own bundled assets.
 */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** How long a client or proxy may reuse a response. */
export const CACHE = {
  /** Live state (latest readings, pipeline health): revalidate every time. */
  live: 'no-cache',
  /** A past day or hour changes only on a backfill: a few minutes is safe. */
  history: 'public, max-age=300',
  /** The page shell; its assets are small and rebuilt with the server. */
  shell: 'no-cache',
  asset: 'public, max-age=3600',
  /** Refusals and failures must never be cached. */
  never: 'no-store',
} as const;

export const SECURITY_HEADERS: Record<string, string> = {
  // Everything the page uses comes from this server: no CDN, no tile server.
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export function sendJson(res: ServerResponse, status: number, body: unknown, cache: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': cache,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: { status, message } }, CACHE.never);
}

/** Validates the request's query string or throws a 400 carrying every problem found. */
export function queryOf<S extends z.ZodType>(schema: S, url: URL): z.infer<S> {
  const parsed = parseParams(schema, url.searchParams);
  if (!parsed.ok) throw new HttpError(400, parsed.reason);
  return parsed.value;
}

/** A past period may be cached; one that includes the present may still grow. */
export function cacheFor(periodEnd: Date, now: Date = new Date()): string {
  return periodEnd.getTime() <= now.getTime() ? CACHE.history : CACHE.live;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

export interface Route {
  path: string;
  /** One line for the route index at /api. */
  description: string;
  handle: Handler;
}
