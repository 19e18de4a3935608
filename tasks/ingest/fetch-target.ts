/**
 * One WAQI target fetched until it gives a definitive answer: every attempt is recorded
 * as a raw row (the audit log), retryable faults wait with jittered exponential backoff,
 * and the last attempt's row says how it ended.
 */
import { classifyResponse, type Classified } from '../waqi/classify-response';
import type { WaqiClient } from '../waqi/client';
import { backoffMs, dispositionOf, parseRetryAfter, type BackoffOptions } from '../waqi/retry-policy';
import { sleep, type TokenBucket } from '../waqi/token-bucket';
import { storableBody, type Endpoint } from '../postgres/raw-store';
import type { RawWriter } from './raw-writer';

export interface AttemptDeps {
  client: WaqiClient;
  bucket: TokenBucket;
  writer: RawWriter;
  backoff: BackoffOptions;
  maxRetries: number;
  signal: AbortSignal;
  random?: () => number;
}

export type TargetResult =
  | { kind: 'answer'; classified: Classified; attempts: number }
  | { kind: 'gave_up'; classified: Classified; attempts: number }
  | { kind: 'fatal'; classified: Classified; attempts: number }
  | { kind: 'interrupted'; attempts: number };

function tryParse(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function fetchTarget(deps: AttemptDeps, endpoint: Endpoint, stationRef: string, target: string): Promise<TargetResult> {
  const random = deps.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    await deps.bucket.take(deps.signal);
    if (deps.signal.aborted) return { kind: 'interrupted', attempts: attempt - 1 };
    const res = await deps.client.get(target, deps.signal);
    // A byte-order mark is not JSON, but some servers send one before JSON.
    if (res.bodyText?.charCodeAt(0) === 0xfeff) res.bodyText = res.bodyText.slice(1);
    const parsed = tryParse(res.bodyText);
    const classified = classifyResponse({ httpStatus: res.httpStatus, body: parsed, transportError: res.transportError });
    const disposition = dispositionOf(classified.cls);
    const last = attempt > deps.maxRetries || deps.signal.aborted;
    // A refused token is no answer about the station: a resumed run (with a fixed token) asks again.
    const fetchOutcome = disposition === 'answer' ? 'answer' : disposition === 'fatal' || last ? 'gave_up' : 'retried';
    await deps.writer.add({
      endpoint,
      stationRef,
      requestTarget: res.target,
      attempt,
      httpStatus: res.httpStatus,
      ...storableBody(res.bodyText, parsed !== undefined),
      error: classified.cls === 'ok' ? null : classified.message,
      fetchOutcome,
      fetchedAt: res.fetchedAt,
      durationMs: res.durationMs,
    });
    if (disposition === 'fatal') return { kind: 'fatal', classified, attempts: attempt };
    if (disposition === 'answer') return { kind: 'answer', classified, attempts: attempt };
    if (last) return deps.signal.aborted ? { kind: 'interrupted', attempts: attempt } : { kind: 'gave_up', classified, attempts: attempt };
    const retryAfter = parseRetryAfter(res.retryAfter, new Date());
    await sleep(backoffMs(attempt - 1, deps.backoff, random(), retryAfter), deps.signal);
  }
}
