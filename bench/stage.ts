/**
 * Stage throughput: `aqi stage` over 50,000 raw feed responses (the simulator's bodies,
 * written straight into the raw layer of a scratch database), then a rerun that must
 * change nothing. Prints readings/s and the stage process's peak RSS. Targets:
 * >= 50,000 readings/s and <= 200 MB. Env: BENCH_STATIONS (default 50000), AQI_PG_URL.
 */
import { loadavg } from 'node:os';
import { Pool } from 'pg';
import { migratePostgres } from '../tasks/postgres/migrate';
import { insertRawBatch, type RawRow } from '../tasks/postgres/raw-store';
import { feedBody } from '../tasks/simulator/responses';
import { StationTable } from '../tasks/simulator/stations';
import { currentHourArgs, runMeasured, scratchDatabase } from './fetch';

async function fillRawLayer(url: string, stations: number, interval: { start: Date; end: Date }): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 2 });
  try {
    await migratePostgres(pool);
    const table = new StationTable(3, stations);
    const now = interval.start.getTime() + 1_800_000;
    const scope = { runId: 'bench-stage', intervalStart: interval.start, intervalEnd: interval.end };
    let batch: RawRow[] = [];
    for (const s of table.list) {
      batch.push({
        endpoint: 'feed', stationRef: `@${s.uid}`, requestTarget: `/feed/@${s.uid}/?token=REDACTED`, attempt: 1, httpStatus: 200,
        body: JSON.stringify(feedBody(s, now, { seed: 3, dashShare: 0.02, unknownShare: 0.01 })), bodyText: null, error: null,
        fetchOutcome: 'answer', fetchedAt: new Date(now), durationMs: 3,
      });
      if (batch.length === 1000) {
        await insertRawBatch(pool, scope, batch);
        batch = [];
      }
    }
    await insertRawBatch(pool, scope, batch);
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  const stations = Number(process.env.BENCH_STATIONS ?? 50_000);
  const args = currentHourArgs();
  const interval = { start: new Date(args[1] ?? ''), end: new Date(args[3] ?? '') };
  const db = await scratchDatabase();
  try {
    await fillRawLayer(db.url, stations, interval);
    const env = { AQI_PG_URL: db.url };
    const first = await runMeasured(['stage', ...args], env);
    if (first.code !== 0) throw new Error(`stage failed: ${JSON.stringify(first.summary)}`);
    const rerun = await runMeasured(['stage', ...args], env);
    const seconds = Number(first.summary.durationMs) / 1000;
    const outcomes = first.summary.outcomes as Record<string, number>;
    console.log(JSON.stringify({
      bench: 'stage', rawRows: first.summary.rawRows, readings: outcomes.reading, rejects: outcomes.reject ?? 0,
      seconds: Number(seconds.toFixed(2)), readingsPerSec: Math.round(Number(first.summary.rawRows) / seconds),
      peakRssMb: Math.round(first.peakRssMb),
      stageCpuSeconds: first.cpuSeconds, readingsPerCpuSec: Math.round(Number(first.summary.rawRows) / first.cpuSeconds),
      loadAverage: loadavg()[0],
      rerun: {
        seconds: Number((Number(rerun.summary.durationMs) / 1000).toFixed(2)),
        readingsInserted: rerun.summary.readingsInserted, readingsUpdated: rerun.summary.readingsUpdated,
        outcomesChanged: rerun.summary.outcomesChanged,
      },
      targets: { readingsPerSec: 50_000, peakRssMb: 200 },
    }));
  } finally {
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
