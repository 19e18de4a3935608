/**
 * Fills the raw layer with the simulator's feed answers for `stations` stations, as fetch
 * would have stored them (one 'answer' row each), without an HTTP round trip. Used by the
 * stage tests and the stage benchmark; depends on nothing but pg and the simulator.
 */
import { Pool } from 'pg';
import { migratePostgres } from '../../../tasks/postgres/migrate';
import { insertRawBatch, type RawRow, type RunScope } from '../../../tasks/postgres/raw-store';
import { feedBody, type ContentOptions } from '../../../tasks/simulator/responses';
import { StationTable } from '../../../tasks/simulator/stations';

/** `reversed` stores the stations in the opposite order (ids ascending the other way). */
export async function seedRawFeeds(
  dbUrl: string, scope: RunScope, stations: number, opts: ContentOptions, fetchedAt: Date, order: 'table' | 'reversed' = 'table',
): Promise<void> {
  const pool = new Pool({ connectionString: dbUrl, max: 1 });
  try {
    await migratePostgres(pool);
    const list = new StationTable(opts.seed, stations).list;
    let batch: RawRow[] = [];
    for (const s of order === 'reversed' ? [...list].reverse() : list) {
      batch.push({
        endpoint: 'feed', stationRef: `@${s.uid}`, requestTarget: `/feed/@${s.uid}/?token=REDACTED`, attempt: 1, httpStatus: 200,
        body: JSON.stringify(feedBody(s, fetchedAt.getTime(), opts)), bodyText: null, error: null,
        fetchOutcome: 'answer', fetchedAt, durationMs: 1,
      });
      if (batch.length === 2000) {
        await insertRawBatch(pool, scope, batch);
        batch = [];
      }
    }
    await insertRawBatch(pool, scope, batch);
  } finally {
    await pool.end();
  }
}
