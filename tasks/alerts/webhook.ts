import { request } from 'undici';

/**
 * One webhook delivery with a timeout and a few retries. Never throws: the caller keeps
 * an undelivered event in the outbox for a later run. The URL is a secret (Slack puts its
 * credential in the path), so no result or message ever includes it.
 */
export type WebhookResult =
  | { outcome: 'delivered'; attempts: number }
  | { outcome: 'unavailable'; attempts: number; reason: string }
  | { outcome: 'rejected'; attempts: number; reason: string };

export interface WebhookOptions {
  timeoutMs: number;
  maxRetries: number;
  /** Backoff before retry n (1-based); tests and the caller may shorten it. */
  backoffMs?: (attempt: number) => number;
}

/** 408 and 429 and 5xx pass; any other 4xx means the receiver will never take this body. */
export function classifyStatus(status: number): 'delivered' | 'unavailable' | 'rejected' {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429 || status >= 500) return 'unavailable';
  return 'rejected';
}

const defaultBackoff = (attempt: number) => Math.min(4000, 250 * 2 ** (attempt - 1));

export async function postWebhook(url: string, body: unknown, opts: WebhookOptions): Promise<WebhookResult> {
  const backoff = opts.backoffMs ?? defaultBackoff;
  let reason = '';
  for (let attempt = 1; attempt <= opts.maxRetries + 1; attempt += 1) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, backoff(attempt - 1)));
    try {
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        headersTimeout: opts.timeoutMs,
        bodyTimeout: opts.timeoutMs,
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      await res.body.dump();
      const verdict = classifyStatus(res.statusCode);
      if (verdict === 'delivered') return { outcome: 'delivered', attempts: attempt };
      reason = `HTTP ${res.statusCode}`;
      if (verdict === 'rejected') return { outcome: 'rejected', attempts: attempt, reason };
    } catch (err) {
      const e = err as { code?: string; name?: string };
      reason = e.code ?? e.name ?? 'network error';
    }
  }
  return { outcome: 'unavailable', attempts: opts.maxRetries + 1, reason };
}
