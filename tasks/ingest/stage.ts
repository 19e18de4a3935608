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
import { countRaw, createStageTables, loadPage, readRawPage, type StageScope } from '../postgres/stage-store';
import { stageBatch } from './stage-batch';

export interface StageDeps {
  pool: Pool;
  log: Logger;
  signal: AbortSignal;
}

export interface StageSettings extends StageScope {
  pageRows: number;
}

const add = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
};

export async function runStage(deps: StageDeps, s: StageSettings): Promise<Record<string, unknown>> {
  await migratePostgres(deps.pool);
  const client = await deps.pool.connect();
  try {
    const total = await countRaw(client, s);
    if (total === 0) {
      throw nothingToDo('NO_RAW_ROWS', `no raw responses in ${s.intervalStart.toISOString()}/${s.intervalEnd.toISOString()}`);
    }
    await createStageTables(client);
    const progress = createProgress('stage', total, deps.log);
    const outcomes: Record<string, number> = {};
    const rejects: Record<string, number> = {};
    let rawRows = 0;
    let inserted = 0;
    let updated = 0;
    let outcomesChanged = 0;
    let afterId = 0;
    for (;;) {
      if (deps.signal.aborted) throw deps.signal.reason ?? new Error('stage interrupted');
      const page = await readRawPage(client, s, afterId, s.pageRows);
      if (page.length === 0) break;
      afterId = page[page.length - 1]?.id ?? afterId;
      const batch = stageBatch(page);
      for (const o of batch.outcomes) if (o.reason) rejects[o.reason] = (rejects[o.reason] ?? 0) + 1;
      const counts = await loadPage(client, s, batch.readings, batch.outcomes);
      rawRows += page.length;
      inserted += counts.inserted;
      updated += counts.updated;
      outcomesChanged += counts.outcomesChanged;
      add(outcomes, counts.byOutcome);
      progress.tick(page.length);
    }
    progress.done();
    return { rawRows, outcomes, rejects, readingsInserted: inserted, readingsUpdated: updated, outcomesChanged };
  } finally {
    client.release();
  }
}
