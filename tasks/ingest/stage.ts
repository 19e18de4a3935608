/**
 * `aqi stage`: turns the raw responses of an interval into typed readings. Pages of raw
 * rows are parsed by the pure stage-batch and bulk-loaded page by page, so memory stays
 * flat; every raw row gets an outcome, and a rerun over the same rows changes nothing.
 */
import type { Pool, PoolClient } from 'pg';
import { nothingToDo } from '../core/errors';
import type { Logger } from '../core/log';
import { createProgress } from '../core/progress';
import { migratePostgres } from '../postgres/migrate';
import { rawExtent, createStageTables, loadPage, readRawPage, type PageCounts, type StageScope } from '../postgres/stage-store';
import { heapBudget } from '../core/heap-budget';
import { stageBatch, type OutcomeRow } from './stage-batch';

/** Two pages in flight stay far below this; garbage above it is collected (see heap-budget.ts). */
const HEAP_BUDGET_MB = 80;

export interface StageDeps {
  pool: Pool;
  log: Logger;
  signal: AbortSignal;
}

export interface StageSettings extends StageScope {
  pageRows: number;
  /** The pool's size: stage holds a reader and up to LOADERS loaders at once. */
  poolSize: number;
}

/**
 * Pages loaded at once, each by its own session. One loader was the critical path (a
 * page's COPY, merge and outcomes took longer than reading and parsing the next one) and
 * left a third of both cores idle. The merge takes row locks in key order, so two pages
 * that share a reading wait for each other instead of deadlocking.
 */
export const LOADERS = 2;

export async function runStage(deps: StageDeps, s: StageSettings): Promise<Record<string, unknown>> {
  await migratePostgres(deps.pool);
  // Separate sessions, so PostgreSQL reads the next page while it loads earlier ones and
  // this process parses in between: the stages overlap on separate cores.
  const reader = await deps.pool.connect();
  const loaders: PoolClient[] = [];
  // The load in flight on each loader; page n goes to loader n % loaders.length.
  const loading: Promise<void>[] = [];
  try {
    // The configuration guarantees a pool of at least 2: the reader and one loader.
    for (let i = 0; i < Math.min(LOADERS, s.poolSize - 1); i += 1) {
      loaders.push(await deps.pool.connect());
      loading.push(Promise.resolve());
    }
    const extent = await rawExtent(reader, s);
    if (extent.rows === 0) {
      throw nothingToDo('NO_RAW_ROWS', `no raw responses in ${s.intervalStart.toISOString()}/${s.intervalEnd.toISOString()}`);
    }
    for (const loader of loaders) await createStageTables(loader);
    const progress = createProgress('stage', extent.rows, deps.log);
    const tally = new StageTally();
    const heap = heapBudget(HEAP_BUDGET_MB);
    const read = (from: number) => readRawPage(reader, s, from, from + s.pageRows);
    let pageNo = 0;
    let from = extent.minId;
    let page = await read(from);
    while (from <= extent.maxId) {
      // The reason is run-command's retryable INTERRUPTED: loaded pages stay, a rerun finishes.
      if (deps.signal.aborted) throw deps.signal.reason;
      from += s.pageRows;
      const nextPage = from <= extent.maxId ? read(from) : Promise.resolve([]);
      nextPage.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
      if (page.length > 0) {
        const batch = stageBatch(page);
        const rows = page.length;
        const slot = pageNo % loaders.length;
        pageNo += 1;
        await loading[slot];
        const load = loadPage(loaders[slot] as PoolClient, s, batch.readings, batch.outcomes).then((counts) => {
          tally.add(rows, batch.outcomes, counts);
          progress.tick(rows);
          heap.check();
        });
        load.catch(() => undefined); // awaited when its loader is next needed, or at the end
        loading[slot] = load;
      }
      page = await nextPage;
    }
    // The first failure is raised; the finally below lets the other loader settle first.
    await Promise.all(loading);
    progress.done();
    return tally.summary();
  } finally {
    // Every load settles before the sessions go back to the pool: after a failure the other
    // loader may still be mid-page.
    await Promise.allSettled(loading);
    reader.release();
    for (const loader of loaders) loader.release();
  }
}

class StageTally {
  private rawRows = 0;
  private inserted = 0;
  private updated = 0;
  private outcomesChanged = 0;
  private readonly outcomes: Record<string, number> = {};
  private readonly rejects: Record<string, number> = {};

  add(rows: number, others: OutcomeRow[], counts: PageCounts): void {
    this.rawRows += rows;
    this.inserted += counts.inserted;
    this.updated += counts.updated;
    this.outcomesChanged += counts.outcomesChanged;
    for (const [k, v] of Object.entries(counts.byOutcome)) this.outcomes[k] = (this.outcomes[k] ?? 0) + v;
    for (const o of others) if (o.reason) this.rejects[o.reason] = (this.rejects[o.reason] ?? 0) + 1;
  }

  summary(): Record<string, unknown> {
    return {
      rawRows: this.rawRows, outcomes: this.outcomes, rejects: this.rejects,
      readingsInserted: this.inserted, readingsUpdated: this.updated, outcomesChanged: this.outcomesChanged,
    };
  }
}
