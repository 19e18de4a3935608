import { Command } from 'commander';
import { z } from 'zod';
import { runStep } from '../core/run-command';
import { runClassify } from '../classify/run-classify';

export const classifyFlags = z.object({
  group: z.string().regex(/^[a-zA-Z0-9._-]{1,200}$/, 'letters, digits, . _ -'),
  maxWaitMs: z.coerce.number().int().min(1000).default(30 * 60 * 1000),
  pollMs: z.coerce.number().int().min(50).max(60_000).default(500),
  fetchBytes: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(512 * 1024),
  chunkSize: z.coerce.number().int().min(1).max(50_000).default(2000),
});

/** `aqi classify`: one bounded consumer-group batch, Kafka -> EPA categories -> Cassandra. */
export function register(program: Command): void {
  program
    .command('classify')
    .description('consume the readings topic up to its end offsets at start, classify (US EPA) and write to Cassandra')
    .option('--group <id>', 'consumer group; parallel workers share one', 'aqi-classify')
    .option('--max-wait-ms <ms>', 'give up (retryable) if the snapshot is not reached by then', String(30 * 60 * 1000))
    .option('--poll-ms <ms>', 'how often the group position is checked against the snapshot', '500')
    .option('--fetch-bytes <n>', 'compressed bytes fetched per partition at a time (bounds memory)', String(512 * 1024))
    .option('--chunk-size <n>', 'messages decoded, written and committed at a time', '2000')
    .action(async (opts: Record<string, unknown>) => {
      process.exitCode = await runStep('classify', classifyFlags, opts, runClassify);
    });
}
