import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { z } from 'zod';
import { ConfigError, fatal, nothingToDo } from '../core/errors';
import { intervalOptions, runStep } from '../core/run-command';
import { runIdFlag, withInterval } from '../config/flags';
import { parseStationList, planStations, stationListProblems } from '../ingest/fetch-plan';
import { runFetch } from '../ingest/fetch';
import { openSource } from '../ingest/source';
import { createPgPool } from '../postgres/pool';
import { WaqiClient } from '../waqi/client';
import { parseBox, type Box } from '../waqi/targets';

const boxFlag = z.string().transform((text, ctx): Box => {
  const box = parseBox(text);
  if (typeof box === 'string') {
    ctx.addIssue({ code: 'custom', message: box });
    return z.NEVER;
  }
  return box;
});

const EMPTY_LIST = 'lists no station (an unset shell variable?): give ids, points or city names, e.g. 1451,@8397,geo:39.9;116.4,beijing, ' +
  'or leave the flag out to sweep --bounds or the whole world';

/** A given list must name stations: an empty one would otherwise mean "the whole world". */
const stationsFlag = z.string().superRefine((text, ctx) => {
  if (parseStationList(text).length === 0) ctx.addIssue({ code: 'custom', message: EMPTY_LIST });
  for (const problem of stationListProblems(text)) ctx.addIssue({ code: 'custom', message: problem });
});

export const fetchFlags = withInterval({
  runId: runIdFlag,
  stations: stationsFlag.optional(),
  stationsFile: z.string().min(1).optional(),
  bounds: boxFlag.optional(),
  backfill: z.boolean().default(false),
});

/** `aqi fetch`: WAQI -> raw_responses for one data interval (see tasks/ingest/fetch.ts). */
export function register(program: Command): void {
  intervalOptions(
    program
      .command('fetch')
      .description('fetch the current WAQI readings of the selected stations into the raw layer (PostgreSQL)'),
  )
    .requiredOption('--run-id <id>', 'the run this fetch belongs to (Airflow run id); a rerun resumes it')
    .option('--stations <list>', 'station ids (1234 or @1234), points (geo:52.1;5.12: the nearest station) or city names, comma-separated')
    .option('--stations-file <path>', 'file of station ids, points or city names, one per line or comma-separated, # comments')
    .option('--bounds <lat1,lng1,lat2,lng2>', 'sweep this box through /map/bounds (default: the whole world when no stations are listed)')
    .option('--backfill', 'part of a backfill: ask WAQI nothing (it serves only current readings) and exit 99; stage replays the raw layer')
    .addHelpText('after', '\nWithout WAQI_TOKEN and WAQI_BASE_URL the embedded simulator answers (logged as SIMULATING).')
    .action(async (opts: Record<string, unknown>) => {
      process.exitCode = await runStep('fetch', fetchFlags, opts, async ({ config, log, signal }) => {
        const f = config.flags;
        if (f.backfill) {
          throw nothingToDo('BACKFILL_REPLAYS_RAW', 'a backfill asks WAQI nothing (it serves only current readings): stage, publish --replay and classify reprocess the raw layer of the interval');
        }
        const fileText = f.stationsFile ? await readStationsFile(f.stationsFile) : '';
        if (f.stationsFile) {
          const problems = stationListProblems(fileText).map((p) => `--stations-file ${f.stationsFile}: ${p}`);
          if (parseStationList(fileText).length === 0) problems.unshift(`--stations-file ${f.stationsFile}: ${EMPTY_LIST}`);
          if (problems.length > 0) throw new ConfigError(problems);
        }
        const listed = parseStationList(`${f.stations ?? ''}\n${fileText}`);
        const w = config.waqi;
        const source = await openSource(w, log);
        const client = new WaqiClient({ baseUrl: source.baseUrl, token: source.token, connections: w.concurrency, timeoutMs: w.timeoutMs });
        const pool = createPgPool(config.postgres, 'fetch');
        try {
          const summary = await runFetch(
            { pool, client, log, signal },
            {
              runId: f.runId,
              interval: { start: f.intervalStart, end: f.intervalEnd },
              plan: planStations(listed, f.bounds, w.tileDegrees),
              now: new Date(),
              graceMs: w.graceMinutes * 60_000,
              concurrency: w.concurrency,
              ratePerMinute: w.ratePerMinute,
              burst: w.burst,
              maxRetries: w.maxRetries,
              backoff: { baseMs: w.retryBaseMs, capMs: w.retryCapMs },
              failureRule: { maxFailedShare: w.maxFailedShare, toleratedFailures: w.toleratedFailures },
              rawBatchRows: config.postgres.rawBatchRows,
            },
          );
          return { ...summary, simulated: source.simulated };
        } finally {
          await client.close();
          await pool.end();
          await source.close();
        }
      });
    });
}

async function readStationsFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw fatal('STATIONS_FILE_UNREADABLE', `cannot read --stations-file ${path}: ${(err as Error).message}`);
  }
}
