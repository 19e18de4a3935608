/**
 * `aqi fetch`: asks WAQI for every selected station of a data interval and records every
 * answer in the raw layer. A run id fetches one interval once: a complete run is
 * "nothing to do", a killed or failed one resumes with the stations it has no
 * definitive answer for. The step ends retryable when quota or a broad outage stopped
 * it, fatal when the token is refused.
 */
import { setMaxListeners } from 'node:events';
import type { Pool } from 'pg';
import { fatal, nothingToDo, retryable } from '../core/errors';
import type { Logger } from '../core/log';
import { createProgress } from '../core/progress';
import { beginRun, finishRun, gaveUpRefs, settledRefs, storedListing, tryLockRun, type RunScope } from '../postgres/raw-store';
import { migratePostgres } from '../postgres/migrate';
import type { WaqiClient } from '../waqi/client';
import type { BackoffOptions } from '../waqi/retry-policy';
import { boundsTarget, boxKey, feedTarget, refKey, stationsInBounds, type StationRef } from '../waqi/targets';
import { TokenBucket } from '../waqi/token-bucket';
import { forEachConcurrent } from './concurrent';
import { mergeRefs, unfetchableReason, type FetchPlan, type Interval } from './fetch-plan';
import { fetchTarget, type AttemptDeps, type TargetResult } from './fetch-target';
import { RawWriter } from './raw-writer';
import { FetchTally } from './fetch-tally';
import type { FailureRule } from './fetch-verdict';
import { heapBudget, type HeapBudget } from '../core/heap-budget';

/** Live data stays far below this; garbage above it is collected (see heap-budget.ts). */
const HEAP_BUDGET_MB = 64;

export interface FetchSettings {
  runId: string;
  interval: Interval;
  plan: FetchPlan;
  now: Date;
  graceMs: number;
  concurrency: number;
  ratePerMinute: number;
  burst: number;
  maxRetries: number;
  backoff: BackoffOptions;
  failureRule: FailureRule;
  rawBatchRows: number;
}

export interface FetchDeps {
  pool: Pool;
  client: WaqiClient;
  log: Logger;
  signal: AbortSignal;
}

export async function runFetch(deps: FetchDeps, s: FetchSettings): Promise<Record<string, unknown>> {
  const tooLate = unfetchableReason(s.interval, s.now, s.graceMs);
  if (tooLate) throw nothingToDo('INTERVAL_PAST', tooLate);
  await migratePostgres(deps.pool);
  const scope: RunScope = { runId: s.runId, intervalStart: s.interval.start, intervalEnd: s.interval.end };
  const lock = await deps.pool.connect();
  try {
    if (!(await tryLockRun(lock, s.runId))) throw retryable('RUN_IN_PROGRESS', `fetch run ${s.runId} is being fetched by another process`);
    const start = await beginRun(lock, scope);
    if (start.state === 'complete') {
      // A run may complete with a few stations given up (under the failure share); a
      // rerun asks those again instead of leaving them out of the hour for good.
      const missing = await gaveUpRefs(deps.pool, s.runId);
      if (missing === 0) throw nothingToDo('RUN_COMPLETE', `fetch run ${s.runId} is already complete`);
      deps.log.info('retrying the stations a complete run gave up on', { runId: s.runId, stations: missing });
    }
    if (start.state === 'resume') deps.log.info('resuming fetch run', { runId: s.runId });
    return await fetchRun(deps, s, scope, start.state !== 'new');
  } finally {
    await lock.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    lock.release();
  }
}

async function fetchRun(deps: FetchDeps, s: FetchSettings, scope: RunScope, resumed: boolean): Promise<Record<string, unknown>> {
  const settled = resumed ? await settledRefs(deps.pool, s.runId) : new Set<string>();
  // Every in-flight request listens on the run's abort signal.
  setMaxListeners(s.concurrency * 2 + 16, deps.signal);
  const heap = heapBudget(HEAP_BUDGET_MB);
  const writer = new RawWriter(deps.pool, scope, s.rawBatchRows, heap);
  const tally = new FetchTally();
  const attempt: AttemptDeps = {
    client: deps.client,
    bucket: new TokenBucket(s.ratePerMinute, s.burst),
    writer,
    backoff: s.backoff,
    maxRetries: s.maxRetries,
    signal: deps.signal,
  };
  const record = (r: TargetResult, ref: string) => tally.add(r, ref);
  let finished = false;
  try {
    const swept = await sweep(deps, s, attempt, settled, record, tally, heap);
    const all = mergeRefs(s.plan.refs, swept);
    const refs = all.filter((r) => !settled.has(refKey(r)));
    // Judged over the whole run: a resumed attempt asks only what is left of it.
    tally.planned = all.length + s.plan.boxes.length;
    tally.stations = refs.length;
    tally.skippedSettled = settled.size;
    const progress = createProgress('fetch', refs.length, deps.log);
    await forEachConcurrent(
      refs,
      s.concurrency,
      async (ref: StationRef) => {
        const key = refKey(ref);
        record(await fetchTarget(attempt, 'feed', key, feedTarget(ref)), key);
        progress.tick();
      },
      () => tally.stopReason !== null,
    );
    progress.done();
    finished = true;
  } finally {
    await writer.close();
    // A run that threw stays resumable ('failed'), whatever its counts say.
    const status = finished && tally.verdict(s.failureRule).complete ? 'complete' : 'failed';
    await finishRun(deps.pool, s.runId, status, summaryOf(s, resumed, writer, tally, heap)).catch(() => undefined);
  }
  return outcome(tally, s, summaryOf(s, resumed, writer, tally, heap));
}

function summaryOf(s: FetchSettings, resumed: boolean, writer: RawWriter, tally: FetchTally, heap: HeapBudget): Record<string, unknown> {
  return { runId: s.runId, resumed, rawRows: writer.written, ...tally.counts(), heapCollections: heap.collections() };
}

/** Lists the stations of every tile (reusing a resumed run's stored listings); returns their ids. */
async function sweep(
  deps: FetchDeps, s: FetchSettings, attempt: AttemptDeps, settled: Set<string>,
  record: (r: TargetResult, ref: string) => void, tally: FetchTally, heap: HeapBudget,
): Promise<Set<number>> {
  const ids = new Set<number>();
  await forEachConcurrent(
    s.plan.boxes,
    // Listings are the largest answers (megabytes for a crowded tile: parsed, re-serialised
    // for the raw layer and queued for its insert all at once). One at a time keeps fetch's
    // peak memory near its steady state; the sweep is a few dozen requests either way.
    1,
    async (box) => {
      const key = boxKey(box);
      let data: unknown;
      if (settled.has(key)) {
        data = (await storedListing(deps.pool, s.runId, key) as { data?: unknown } | undefined)?.data;
      } else {
        const result = await fetchTarget(attempt, 'map_bounds', key, boundsTarget(box));
        record(result, key);
        tally.listings += 1;
        if (result.kind === 'answer' && result.classified.cls === 'ok') data = result.classified.data;
      }
      const found = stationsInBounds(data);
      tally.listedSkipped += found.skipped;
      for (const id of found.ids) ids.add(id);
      heap.check();
    },
    () => tally.stopReason !== null,
  );
  return ids;
}

function outcome(tally: FetchTally, s: FetchSettings, summary: Record<string, unknown>): Record<string, unknown> {
  switch (tally.stopReason) {
    case 'fatal':
      throw fatal(
        tally.fatalCode === 'ip_not_allowed' ? 'WAQI_IP_NOT_ALLOWED' : 'WAQI_INVALID_KEY',
        tally.fatalCode === 'ip_not_allowed'
          ? 'WAQI refused requests from this address ("IP not allowed"); retrying will not help'
          : 'WAQI rejected the API token ("Invalid key"): set WAQI_TOKEN to a valid token; retrying will not help',
      );
    case 'quota':
      // Short enough for Airflow's failure line; the full counts are in fetch_runs.summary.
      throw retryable(
        'WAQI_OVER_QUOTA',
        `WAQI quota exhausted after retries (${tally.requests} requests, ${String(summary.rawRows)} responses stored); ` +
          'rerun the same run id later to resume: stations already answered are not asked again',
      );
    case 'interrupted':
      throw retryable('FETCH_INTERRUPTED', 'fetch stopped by a signal; rerun the same run id to resume');
    default: {
      const verdict = tally.verdict(s.failureRule);
      if (!verdict.complete) {
        // The cause is in raw_responses, but the user reads this line first.
        const last = tally.gaveUpTargets[0];
        const example = last ? `; e.g. ${last.ref}: ${last.message} (${last.reason})` : '';
        throw retryable('FETCH_TOO_MANY_FAILURES', `${verdict.why}${example}; rerun the same run id to resume`);
      }
      return summary;
    }
  }
}
