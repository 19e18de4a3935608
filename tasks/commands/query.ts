import { Command } from 'commander';
import { createCassandraClient } from '../cassandra/client';
import { ConfigError } from '../core/errors';
import { runStep } from '../core/run-command';
import { COLUMNS } from '../query/columns';
import { queryFlags, timeRange } from '../query/filters';
import { querySources, type Row } from '../query/sources';
import { renderTable } from '../query/table';

type Kind = 'latest' | 'history' | 'windows' | 'alerts';

const HELP: Record<Kind, string> = {
  latest: 'the newest reading of each station, worst first',
  history: 'one station\'s readings (needs --station; default: the last 24 hours)',
  windows: 'hourly or daily windows of a station, a city (with --country) or a country (default: the last 7 days)',
  alerts: 'alert events (default: the last 7 days), or the episodes open now with --open',
};

/** `aqi query ...`: readable tables (or JSON lines with --json) for debugging and scripts. */
export function register(program: Command): void {
  const query = program.command('query').description('read the pipeline\'s Cassandra tables: latest, history, windows, alerts');
  for (const kind of Object.keys(HELP) as Kind[]) {
    const sub = query
      .command(kind)
      .description(HELP[kind])
      .option('--station <id>', 'WAQI station id')
      .option('--city <name>', 'city, as stored (case-insensitive)')
      .option('--country <name>', 'country, as stored (case-insensitive)')
      .option('--from <iso>', 'start of the time range, ISO 8601 with offset')
      .option('--to <iso>', 'end of the time range (exclusive), ISO 8601 with offset')
      .option('--category <id>', 'EPA category id: good, moderate, unhealthy_sensitive, unhealthy, very_unhealthy, hazardous')
      .option('--limit <n>', 'at most this many rows', '50')
      .option('--json', 'one JSON object per row instead of a table', false);
    if (kind === 'windows') sub.option('--granularity <g>', 'hour (UTC) or day (the station\'s local date)', 'hour');
    if (kind === 'alerts') sub.option('--open', 'the episodes open now', false);
    sub.action(async (opts: Record<string, unknown>) => {
      process.exitCode = await runStep(`query-${kind}`, queryFlags, opts, async ({ config }) => {
        const f = config.flags;
        const client = createCassandraClient(config.cassandra, 'query');
        try {
          const src = querySources(client, config.cassandra.keyspace);
          const now = new Date();
          let rows: Row[];
          if (kind === 'latest') rows = await src.latest(f);
          else if (kind === 'history') {
            if (f.station === undefined) throw new ConfigError(['--station: history is per station']);
            const range = timeRange(f, 1, now);
            rows = await src.history(f.station, range.from, range.to, f);
          } else if (kind === 'windows') {
            const range = timeRange(f, 7, now);
            rows = await src.windows(range.from, range.to, f);
          } else {
            const range = timeRange(f, 7, now);
            rows = await src.alerts(range.from, range.to, f);
          }
          if (f.json) for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
          else process.stdout.write(renderTable(COLUMNS[kind === 'alerts' && f.open ? 'open' : kind], rows));
          return { rows: rows.length, keyspace: config.cassandra.keyspace };
        } finally {
          await client.shutdown();
        }
      });
    });
  }
}
