#!/usr/bin/env node
/**
 * `aqi`: one CLI for every pipeline step. Each file in commands/ is one command named
 * like the file and exports `register(program)`; this entry only discovers them.
 */
// First: they must be in place before any command loads kafkajs (see the files).
import './kafka/linear-grouping';
import './kafka/record-encoding';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { EXIT } from './core/exit-codes';
import { printSummary } from './core/run-command';
import { projectRoot } from './core/paths';

export interface CommandModule {
  register(program: Command): void;
}

function buildProgram(): Command {
  const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string };
  const program = new Command('aqi')
    // `aqi --version`: the bare version (the image's smoke check); `aqi version` prints it as JSON.
    .version(pkg.version, '-V, --version', 'print the version')
    .description('Real-time air-quality pipeline steps (WAQI -> PostgreSQL -> Kafka -> Cassandra)')
    .addHelpText(
      'after',
      `\nExit codes: ${EXIT.OK} ok, ${EXIT.FATAL} fatal, ${EXIT.CONFIG} bad configuration, ` +
        `${EXIT.RETRYABLE} retryable failure, ${EXIT.NOTHING_TO_DO} nothing to do.\n` +
        'Every command prints one JSON summary line on stdout; logs go to stderr as JSON.',
    );
  // Before the commands are added, so that each inherits it: commander's own usage errors
  // (an unknown option or command, a missing required one) are configuration errors (64)
  // with the one-line JSON summary every command ends with, not exit 1 and bare text.
  program.exitOverride((err) => {
    if (err.exitCode === 0) process.exit(EXIT.OK); // --help, --version
    printSummary({
      step: process.argv[2] && !process.argv[2].startsWith('-') ? process.argv[2] : 'aqi',
      status: 'failed',
      error: { code: 'USAGE_INVALID', message: `${err.message.replace(/^error: /, '')} (see --help)`, retryable: false },
    });
    process.exit(EXIT.CONFIG);
  });
  const dir = join(__dirname, 'commands');
  const files = readdirSync(dir).filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts') && !f.endsWith('.map'));
  // Load only the command being run (each pulls in its own drivers: kafkajs, pg,
  // cassandra-driver...), which saves start-up time and tens of MB of RSS per step.
  // Help, or an unknown command, loads them all so commander can list them.
  const wanted = process.argv[2];
  const own = files.filter((f) => f.replace(/\.(js|ts)$/, '') === wanted);
  for (const file of (own.length === 1 ? own : files).sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(dir, file)) as CommandModule;
    mod.register(program);
  }
  return program;
}

async function main(): Promise<void> {
  const program = buildProgram();
  await program.parseAsync(process.argv);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
  process.exit(EXIT.FATAL);
});
