import { Command } from 'commander';
import { z } from 'zod';
import { withInterval } from '../config/flags';
import { intervalOptions, runStep } from '../core/run-command';
import { runPublish } from '../publish/run-publish';

const flagsSchema = withInterval({
  replay: z.boolean().default(false),
  pageSize: z.coerce.number().int().min(1).max(50_000).default(5000),
});

/** `aqi publish`: the interval's staged readings -> Kafka (Avro), marking what the broker acknowledged. */
export function register(program: Command): void {
  intervalOptions(program.command('publish'))
    .description('publish the staged readings of an interval to Kafka (outbox: only unpublished rows unless --replay)')
    .option('--replay', 'republish every reading of the interval (backfill)', false)
    .option('--page-size <n>', 'rows read from PostgreSQL and sent per batch', '5000')
    .action(async (opts: Record<string, unknown>) => {
      process.exitCode = await runStep('publish', flagsSchema, opts, runPublish);
    });
}
