import { AqiError } from './errors';

/**
 * The documented exit codes of every `aqi` command. The Airflow runners map them:
 * RETRYABLE -> retry, FATAL/CONFIG -> fail without retry, NOTHING_TO_DO -> skipped.
 * 75 is sysexits' EX_TEMPFAIL; 99 is Airflow's default skip exit code.
 */
export const EXIT = {
  OK: 0,
  FATAL: 1,
  CONFIG: 64,
  RETRYABLE: 75,
  NOTHING_TO_DO: 99,
} as const;

export function exitCodeFor(err: AqiError): number {
  switch (err.kind) {
    case 'retryable':
      return EXIT.RETRYABLE;
    case 'config':
      return EXIT.CONFIG;
    case 'nothing-to-do':
      return EXIT.NOTHING_TO_DO;
    default:
      return EXIT.FATAL;
  }
}
