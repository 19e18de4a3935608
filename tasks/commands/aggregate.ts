import { Command } from 'commander';
import { applyCassandraSchema } from '../cassandra/schema';
import { createCassandraClient } from '../cassandra/client';
import { withInterval } from '../config/flags';
import { createProgress } from '../core/progress';
import { intervalOptions, runStep } from '../core/run-command';
import { createPgPool } from '../postgres/pool';
import { migratePostgres } from '../postgres/migrate';
import { aggregateTouched } from '../analytics/aggregate';
import { intervalReadings } from '../analytics/interval-readings';
import { touchedWindows } from '../analytics/plan';
import { cassandraWindowStore } from '../analytics/window-store';

/** `aqi aggregate`: hourly and daily AQI windows for the windows the interval's readings touch. */
export function register(program: Command): void {
  intervalOptions(
    program
      .command('aggregate')
      .description('recompute the hourly (UTC) and daily (local date) windows touched by the interval\'s readings, per station, city and country'),
  ).action(async (opts: Record<string, unknown>) => {
    process.exitCode = await runStep('aggregate', withInterval({}), opts, async ({ config, log }) => {
      const { intervalStart, intervalEnd } = config.flags;
      const pool = createPgPool(config.postgres, 'aggregate');
      const cassandra = createCassandraClient(config.cassandra, 'aggregate');
      try {
        await migratePostgres(pool);
        await applyCassandraSchema(cassandra, config.cassandra.keyspace, config.cassandra.replication);
        const touched = new Map();
        let intervalReadingCount = 0;
        for await (const page of intervalReadings(pool, intervalStart, intervalEnd)) {
          intervalReadingCount += page.length;
          touchedWindows(page, touched);
        }
        log.info('windows to recompute', { stations: touched.size, readings: intervalReadingCount });
        const started = Date.now();
        const progress = createProgress('windows', undefined, log);
        const store = cassandraWindowStore(cassandra, config.cassandra.keyspace);
        const result = await aggregateTouched(touched, store, config.cassandra.concurrency, progress);
        progress.done();
        const windows = result.stationWindows + result.cityWindows + result.countryWindows;
        const secs = (Date.now() - started) / 1000;
        return {
          intervalStart: intervalStart.toISOString(),
          intervalEnd: intervalEnd.toISOString(),
          intervalReadings: intervalReadingCount,
          ...result,
          windows,
          windowsPerSec: secs > 0 ? Math.round(windows / secs) : windows,
        };
      } finally {
        await Promise.allSettled([pool.end(), cassandra.shutdown()]);
      }
    });
  });
}
