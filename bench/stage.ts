/**
 * Stage throughput: `aqi stage` over 50,000 raw feed responses (the simulator's bodies,
 * written straight into the raw layer of a scratch database), then a rerun that must
 * change nothing. Prints readings/s and the stage process's peak RSS, then PostgreSQL's
 * share alone (see lib/stage-ceiling.ts): stage cannot be faster than its own loads.
 * Targets: >= 50,000 readings/s and <= 200 MB. Env: BENCH_STATIONS (default 50000), AQI_PG_URL.
 */
import { loadavg } from 'node:os';
import { seedRawFeeds } from '../tests/integration/ingest/seed-raw-feeds';
import { currentHourArgs, runMeasured, scratchDatabase } from './fetch';
import { stageCeiling } from './lib/stage-ceiling';
import { cpuBoundRate, serviceCpuDuring } from './lib/service-cpu';

async function fillRawLayer(url: string, stations: number, interval: { start: Date; end: Date }): Promise<void> {
  const scope = { runId: 'bench-stage', intervalStart: interval.start, intervalEnd: interval.end };
  await seedRawFeeds(url, scope, stations, { seed: 3, dashShare: 0.02, unknownShare: 0.01 }, new Date(interval.start.getTime() + 1_800_000));
}

async function main(): Promise<void> {
  const stations = Number(process.env.BENCH_STATIONS ?? 50_000);
  const args = currentHourArgs();
  const interval = { start: new Date(args[1] ?? ''), end: new Date(args[3] ?? '') };
  const db = await scratchDatabase();
  try {
    await fillRawLayer(db.url, stations, interval);
    const env = { AQI_PG_URL: db.url };
    // PostgreSQL's CPU while the stage process lives (its backends, and the background work
    // its writes cause: WAL writer, checkpointer, autovacuum): stage's cost is both.
    const { result: first, cpuSeconds: postgresCpuSeconds } = await serviceCpuDuring('postgres', () => runMeasured(['stage', ...args], env));
    if (first.code !== 0) throw new Error(`stage failed: ${JSON.stringify(first.summary)}`);
    const rerun = await runMeasured(['stage', ...args], env);
    const ceiling = await stageCeiling(db.url, { intervalStart: interval.start, intervalEnd: interval.end });
    const seconds = Number(first.summary.durationMs) / 1000;
    const outcomes = first.summary.outcomes as Record<string, number>;
    console.log(JSON.stringify({
      bench: 'stage', rawRows: first.summary.rawRows, readings: outcomes.reading, rejects: outcomes.reject ?? 0,
      seconds: Number(seconds.toFixed(2)), readingsPerSec: Math.round(Number(first.summary.rawRows) / seconds),
      peakRssMb: Math.round(first.peakRssMb),
      stageCpuSeconds: first.cpuSeconds, readingsPerCpuSec: Math.round(Number(first.summary.rawRows) / first.cpuSeconds),
      // The whole command (start-up and migration check included), and the rate its CPU
      // and PostgreSQL's, spread perfectly over every core, would allow: no overlap beats it.
      wholeCommandReadingsPerSec: Math.round(Number(first.summary.rawRows) / (first.wallMs / 1000)),
      ...(postgresCpuSeconds !== null && {
        postgresCpuSeconds,
        wholeCommandCpuBoundReadingsPerSec: cpuBoundRate(Number(first.summary.rawRows), first.cpuSeconds + postgresCpuSeconds),
      }),
      loadAverage: loadavg()[0],
      rerun: {
        seconds: Number((Number(rerun.summary.durationMs) / 1000).toFixed(2)),
        readingsInserted: rerun.summary.readingsInserted, readingsUpdated: rerun.summary.readingsUpdated,
        outcomesChanged: rerun.summary.outcomesChanged,
      },
      // PostgreSQL alone, parsing done beforehand: the reads on one session, the loads on
      // two, then both at once (stage's speed if its parsing cost nothing).
      databaseOnly: {
        readReadingsPerSec: Math.round(ceiling.rawRows / ceiling.readSeconds),
        loadReadingsPerSec: Math.round(ceiling.rawRows / ceiling.loadSeconds),
        readAndLoadReadingsPerSec: Math.round(ceiling.rawRows / ceiling.readAndLoadSeconds),
        stageShareOfLoadRate: Number((Number(first.summary.rawRows) / seconds / (ceiling.rawRows / ceiling.loadSeconds)).toFixed(3)),
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
