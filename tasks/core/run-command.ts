import { Command } from 'commander';
import { z } from 'zod';
import { loadConfig, type Config } from '../config/load';
import { retryable, toAqiError } from './errors';
import { exitCodeFor, EXIT } from './exit-codes';
import { createLogger, type Logger } from './log';
import { endpointsOf, explainUnreachable, type Endpoint } from './service-errors';
import { redact, redactDeep } from './redact';

/** What a step returns: counts and facts for the summary line. Never payloads or secrets. */
export type Summary = Record<string, unknown>;

export interface StepContext<F> {
  config: Config<F>;
  log: Logger;
  /** Aborted on SIGINT/SIGTERM so a step can stop cleanly between batches. */
  signal: AbortSignal;
}

/**
 * The one runner every command goes through: validate flags and environment once, run
 * the step, print exactly one JSON line on stdout, and exit with a documented code.
 * The last stdout line is what DockerOperator and the local runner push to XCom.
 */
export async function runStep<S extends z.ZodType>(
  step: string,
  flagsSchema: S,
  rawFlags: unknown,
  body: (ctx: StepContext<z.infer<S>>) => Promise<Summary>,
): Promise<number> {
  const log = createLogger(step);
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    log.warn('stopping on signal', { signal: sig });
    // Retryable: every step stops between idempotent batches, so a rerun finishes the job
    // (Airflow sends SIGTERM when it times out or kills a task, and then retries it).
    controller.abort(retryable('INTERRUPTED', `received ${sig}; stopped between batches: rerun to finish`));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const started = Date.now();
  let endpoints: Endpoint[] = [];
  try {
    const config = loadConfig(flagsSchema, rawFlags);
    endpoints = endpointsOf(config);
    const summary = await body({ config, log, signal: controller.signal });
    printSummary({ step, status: 'ok', durationMs: Date.now() - started, ...summary });
    return EXIT.OK;
  } catch (thrown) {
    const err = toAqiError(thrown);
    // A refused or unresolved connection is said in the user's terms: service, variable, what to check.
    // Only for errors that are a connection failure as such: a step's own message (fetch's
    // verdict, say) keeps its numbers.
    const unreachable = err.retryable && /^TRANSIENT_|_UNREACHABLE$/.test(err.code) ? explainUnreachable(thrown, endpoints) : null;
    if (unreachable) err.message = unreachable;
    const code = exitCodeFor(err);
    const status = err.kind === 'nothing-to-do' ? 'skipped' : 'failed';
    if (status === 'failed') log.error(err.message, { code: err.code, retryable: err.retryable, cause: causeOf(err) });
    else log.info(err.message, { code: err.code });
    printSummary({
      step,
      status,
      durationMs: Date.now() - started,
      error: { code: err.code, message: err.message, retryable: err.retryable },
    });
    return code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function causeOf(err: Error): string | undefined {
  const cause = err.cause as { message?: string } | undefined;
  return cause?.message ? redact(cause.message) : undefined;
}

export function printSummary(summary: Summary): void {
  process.stdout.write(`${JSON.stringify(redactDeep(summary))}\n`);
}

/** Adds the shared `--interval-start/--interval-end` options to a command. */
export function intervalOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--interval-start <iso>', 'start of the data interval (inclusive), ISO 8601 with offset')
    .requiredOption('--interval-end <iso>', 'end of the data interval (exclusive), ISO 8601 with offset');
}
