import { Command } from 'commander';
import { intervalOptions, runStep } from '../core/run-command';
import { withInterval } from '../config/flags';
import { runStage } from '../ingest/stage';
import { createPgPool } from '../postgres/pool';

const flags = withInterval({});

/** `aqi stage`: raw_responses of an interval -> readings + stage_outcomes (see tasks/ingest/stage.ts). */
export function register(program: Command): void {
  intervalOptions(
    program
      .command('stage')
      .description('parse and validate the raw WAQI responses of an interval into typed readings (rejects keep their reason)'),
  )
    .addHelpText('after', '\nRaw rows whose fetch interval lies within the given interval are staged; exit 99 when there are none.')
    .action(async (opts: Record<string, unknown>) => {
      process.exitCode = await runStep('stage', flags, opts, async ({ config, log, signal }) => {
        const pool = createPgPool(config.postgres, 'stage');
        try {
          return await runStage(
            { pool, log, signal },
            { intervalStart: config.flags.intervalStart, intervalEnd: config.flags.intervalEnd, pageRows: config.postgres.stageBatchRows,
              poolSize: config.postgres.poolSize },
          );
        } finally {
          await pool.end();
        }
      });
    });
}
