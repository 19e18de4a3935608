/**
 * The HTTP edge to WAQI: one undici keep-alive pool, a per-request timeout, and the token
 * added to the query string only on the wire. Everything it returns carries the target
 * with the token redacted. It never throws for a failed request: the caller stores every
 * attempt, good or bad, in the raw layer and decides on retries.
 */
import { Pool } from 'undici';
import { redact } from '../core/redact';

export interface WaqiResponse {
  /** Path and query as sent, token redacted. */
  target: string;
  httpStatus: number | null;
  bodyText: string | null;
  retryAfter: string | undefined;
  transportError: string | null;
  fetchedAt: Date;
  durationMs: number;
}

export interface WaqiClientOptions {
  baseUrl: string;
  token: string | undefined;
  connections: number;
  timeoutMs: number;
}

export class WaqiClient {
  private readonly pool: Pool;
  private readonly prefix: string;

  constructor(private readonly opts: WaqiClientOptions) {
    const url = new URL(opts.baseUrl);
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connections: opts.connections,
      keepAliveTimeout: 30_000,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
  }

  private withToken(target: string, token: string): string {
    return `${target}${target.includes('?') ? '&' : '?'}token=${token}`;
  }

  async get(target: string, signal?: AbortSignal): Promise<WaqiResponse> {
    const token = this.opts.token;
    const path = this.prefix + (token ? this.withToken(target, encodeURIComponent(token)) : target);
    const stored = redact(token ? this.withToken(target, 'REDACTED') : target);
    const fetchedAt = new Date();
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const res = await this.pool.request({ path, method: 'GET', signal, headers: { accept: 'application/json' } });
      const bodyText = await res.body.text();
      const retryAfter = res.headers['retry-after'];
      return {
        target: stored,
        httpStatus: res.statusCode,
        bodyText,
        retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
        transportError: null,
        fetchedAt,
        durationMs: elapsed(),
      };
    } catch (err) {
      const e = err as { code?: string; message?: string };
      const text = [e.code, e.message].filter(Boolean).join(': ') || String(err);
      return { target: stored, httpStatus: null, bodyText: null, retryAfter: undefined, transportError: redact(text), fetchedAt, durationMs: elapsed() };
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
