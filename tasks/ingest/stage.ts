/**
 * `aqi stage`: turns the raw responses of an interval into typed readings. Pages of raw
 * rows are parsed by the pure stage-batch and bulk-loaded page by page, so memory stays
 * flat; every raw row gets an outcome, and a rerun over the same rows changes nothing.
 */
import type { Pool } from 'pg';
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
}

export async function runStage(deps: StageDeps, s: StageSettings): Promise<Record<string, unknown>> {
  await migratePostgres(deps.pool);
  // Two sessions, so PostgreSQL reads the next page while it loads the previous one and
  // this process parses in between: the three stages overlap on separate cores.
  const reader = await deps.pool.connect();
  const loader = await deps.pool.connect();
  try {
    const extent = await rawExtent(reader, s);
    if (extent.rows === 0) {
      throw nothingToDo('NO_RAW_ROWS', `no raw responses in ${s.intervalStart.toISOString()}/${s.intervalEnd.toISOString()}`);
    }
    await createStageTables(loader);
    const progress = createProgress('stage', extent.rows, deps.log);
    const tally = new StageTally();
    const heap = heapBudget(HEAP_BUDGET_MB);
    const read = (from: number) => readRawPage(reader, s, from, from + s.pageRows);
    let loading: Promise<void> = Promise.resolve();
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
        await loading;
        loading = loadPage(loader, s, batch.readings, batch.outcomes).then((counts) => {
          tally.add(rows, batch.outcomes, counts);
          progress.tick(rows);
          heap.check();
        });
        loading.catch(() => undefined);
      }
      page = await nextPage;
    }
    await loading;
    progress.done();
    return tally.summary();
  } finally {
    reader.release();
    loader.release();
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
