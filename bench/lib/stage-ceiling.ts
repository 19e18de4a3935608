/**
 * Stage's ceiling on this machine: what PostgreSQL alone takes to do stage's database
 * work for the same raw rows, with the parsing done beforehand and not timed. Like
 * classify's insert loop, it tells how much of stage's time is the database's own:
 * - read: the raw pages, one session, as stage's reader queries them;
 * - load: the parsed pages, two sessions taking alternate pages as stage's loaders do
 *   (COPY, merge into readings, outcomes, commit), into emptied readings and outcomes;
 * - both at once: the reads and the loads running side by side on their three sessions,
 *   as in stage, into emptied tables again. This is stage's speed if its own parsing
 *   cost nothing: the most any stage built on these queries can reach on this machine.
 */
import { Pool, type PoolClient } from 'pg';
import { postgresSection } from '../../tasks/config/sections';
import { LOADERS } from '../../tasks/ingest/stage';
import { stageBatch, type BatchResult, type StageRawRow } from '../../tasks/ingest/stage-batch';
import { createStageTables, loadPage, rawExtent, readRawPage, type StageScope } from '../../tasks/postgres/stage-store';

/** Stage's default page (AQI_PG_STAGE_BATCH_ROWS), as the benchmarked stage run uses it. */
const PAGE_ROWS = postgresSection.parse({}).stageBatchRows;

export interface StageCeiling {
  rawRows: number;
  readSeconds: number;
  loadSeconds: number;
  readAndLoadSeconds: number;
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/** Reads every raw page of the scope in id order, as stage's reader does; returns the time spent reading. */
async function readPages(client: PoolClient, scope: StageScope, onPage: (page: StageRawRow[]) => void = () => undefined): Promise<number> {
  const extent = await rawExtent(client, scope);
  let readSeconds = 0;
  for (let from = extent.minId; from <= extent.maxId; from += PAGE_ROWS) {
    const started = process.hrtime.bigint();
    const page = await readRawPage(client, scope, from, from + PAGE_ROWS);
    readSeconds += seconds(started);
    onPage(page);
  }
  return readSeconds;
}

/** Empties readings and outcomes first: run it after the measured stage runs. */
export async function stageCeiling(url: string, scope: StageScope): Promise<StageCeiling> {
  const pool = new Pool({ connectionString: url, max: LOADERS + 2 });
  // pool.end() resolves before its sessions' sockets close; the scratch database's forced
  // drop right after can reach one of them, and an unheard 'error' would kill the bench.
  pool.on('error', () => undefined);
  try {
    const reader = await pool.connect();
    const batches: BatchResult[] = [];
    let rawRows = 0;
    let readSeconds: number;
    try {
      // Parsed between reads, untimed: the loads below get stage's own batches.
      readSeconds = await readPages(reader, scope, (page) => {
        rawRows += page.length;
        if (page.length > 0) batches.push(stageBatch(page));
      });
      await reader.query('TRUNCATE readings, stage_outcomes');
    } finally {
      reader.release();
    }
    const loaders: PoolClient[] = [];
    for (let i = 0; i < LOADERS; i += 1) loaders.push(await pool.connect());
    const reread = await pool.connect();
    try {
      for (const loader of loaders) await createStageTables(loader);
      // Each loader takes every LOADERS-th page, in order, as stage hands them out.
      const loadAll = () => Promise.all(loaders.map(async (loader, slot) => {
        for (let i = slot; i < batches.length; i += LOADERS) {
          const batch = batches[i] as BatchResult;
          await loadPage(loader, scope, batch.readings, batch.outcomes);
        }
      }));
      let started = process.hrtime.bigint();
      await loadAll();
      const loadSeconds = seconds(started);
      await reread.query('TRUNCATE readings, stage_outcomes');
      started = process.hrtime.bigint();
      await Promise.all([loadAll(), readPages(reread, scope)]);
      return { rawRows, readSeconds, loadSeconds, readAndLoadSeconds: seconds(started) };
    } finally {
      for (const loader of loaders) loader.release();
      reread.release();
    }
  } finally {
    await pool.end();
  }
}
