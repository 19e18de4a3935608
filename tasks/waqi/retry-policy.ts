/**
 * What fetch does after each attempt, and how long it waits before the next one:
 * exponential backoff with full jitter (a random wait in [0, min(cap, base * 2^n)]),
 * and a server's Retry-After honoured up to the cap.
 */
import type { ResponseClass } from './classify-response';

export type Disposition = 'answer' | 'retry' | 'fatal';

/** Faults that may pass: the network, timeouts, 5xx, 429, quota, proxies' HTML pages. */
const RETRYABLE = new Set<ResponseClass>(['transport', 'rate_limited', 'server_error', 'not_json', 'over_quota', 'waqi_error']);
/** Faults no retry can fix: the token (or the caller's address) is refused. */
const FATAL = new Set<ResponseClass>(['invalid_key', 'ip_not_allowed']);

export function dispositionOf(cls: ResponseClass): Disposition {
  if (FATAL.has(cls)) return 'fatal';
  return RETRYABLE.has(cls) ? 'retry' : 'answer';
}

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

/** The wait before retry number `retry` (0 = first retry); `random` in [0, 1). */
export function backoffMs(retry: number, opts: BackoffOptions, random: number, retryAfterMs?: number | null): number {
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(retry, 30));
  const jittered = Math.floor(random * ceiling);
  if (retryAfterMs !== undefined && retryAfterMs !== null && retryAfterMs > jittered) return Math.min(retryAfterMs, opts.capMs);
  return jittered;
}

/** Retry-After is either delta-seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(header: string | string[] | undefined, now: Date): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
