import { Command } from 'commander';
import { z } from 'zod';
import { runStep } from '../core/run-command';
import { SIMULATOR_DEFAULTS, startSimulator } from '../simulator/server';

const share = z.coerce.number().min(0).max(1);
const count = z.coerce.number().int().min(0);
const flags = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  stations: z.coerce.number().int().min(1).max(1_000_000),
  seed: z.coerce.number().int(),
  clock: z.iso.datetime({ offset: true }).optional(),
  token: z.string().min(1).optional(),
  dashShare: share,
  unknownShare: share,
  overQuotaEvery: count,
  overQuotaBurst: count,
  error5xxShare: share,
  htmlShare: share,
  malformedShare: share,
  slowShare: share,
  slowMs: count,
  brokenStations: z.string().optional().transform((list, ctx) => {
    const ids = (list ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    const bad = ids.find((x) => !/^-?\d+$/.test(x));
    if (bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: `"${bad}" is not a station id (a comma-separated list of numbers, e.g. 1003,1007)` });
      return z.NEVER;
    }
    return ids.map(Number);
  }),
});

const d = SIMULATOR_DEFAULTS;

/** `aqi simulate`: a WAQI-compatible server on 127.0.0.1 (or --host) until SIGTERM/SIGINT. */
export function register(program: Command): void {
  program
    .command('simulate')
    .description('serve a WAQI-compatible API on 127.0.0.1 (or --host) (feed, map/bounds, search) with optional faults')
    .option('--port <port>', 'port (0 = any free port)', String(18090))
    .option('--host <host>', 'address to bind; loopback unless you mean to expose it (a compose network)', '127.0.0.1')
    .option('--stations <n>', 'number of stations', String(d.stations))
    .option('--seed <n>', 'seed: the same seed, station and hour give the same reading', String(d.seed))
    .option('--clock <iso>', 'a fixed "now" instead of the wall clock')
    .option('--token <token>', 'require this token (others get "Invalid key")')
    .option('--dash-share <0..1>', 'share of station-hours whose aqi is "-"', String(d.dashShare))
    .option('--unknown-share <0..1>', 'share of stations whose feed answers "Unknown ID"', String(d.unknownShare))
    .option('--over-quota-every <n>', 'every n requests, a burst answers "Over quota" (0 = never)', String(d.overQuotaEvery))
    .option('--over-quota-burst <n>', 'length of each "Over quota" burst', String(d.overQuotaBurst))
    .option('--error5xx-share <0..1>', 'share of requests answered 503', String(d.error5xxShare))
    .option('--html-share <0..1>', 'share of requests answered with an HTML page and status 200', String(d.htmlShare))
    .option('--malformed-share <0..1>', 'share of requests answered with truncated JSON', String(d.malformedShare))
    .option('--slow-share <0..1>', 'share of requests delayed by --slow-ms', String(d.slowShare))
    .option('--slow-ms <ms>', 'delay of slow requests', String(d.slowMs))
    .option('--broken-stations <ids>', 'station ids whose feed always answers a cut-off JSON body (comma-separated)')
    .action(async (opts: Record<string, unknown>) => {
      process.exitCode = await runStep('simulate', flags, opts, async ({ config, log, signal }) => {
        const f = config.flags;
        const clock = f.clock ? new Date(f.clock) : undefined;
        const sim = await startSimulator({ ...f, clock: clock ? () => clock : undefined });
        log.info('simulator listening', { url: sim.url, stations: f.stations, seed: f.seed });
        // The only stdout line before the summary would break the one-line contract, so the URL goes to the log.
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        await sim.close();
        return { url: sim.url, requests: sim.requests() };
      });
    });
}
