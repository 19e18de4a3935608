/**
 * Every failure the pipeline knows about is an AqiError with a stable `code` and a
 * `retryable` flag. Exit codes are derived from those in one place (exit-codes.ts), so
 * Airflow retries what can succeed later and fails fast on what cannot.
 */
export type ErrorKind = 'retryable' | 'fatal' | 'config' | 'nothing-to-do';

export class AqiError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;

  constructor(code: string, message: string, kind: ErrorKind, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AqiError';
    this.code = code;
    this.kind = kind;
  }

  get retryable(): boolean {
    return this.kind === 'retryable';
  }
}

/** A fault that may pass: network, timeouts, 5xx, quota, a broker or database restarting. */
export const retryable = (code: string, message: string, cause?: unknown) =>
  new AqiError(code, message, 'retryable', { cause });

/** A fault that will not pass by retrying: a bad token, a broken contract. */
export const fatal = (code: string, message: string, cause?: unknown) =>
  new AqiError(code, message, 'fatal', { cause });

/** Nothing to do for this interval (e.g. fetch asked for a past interval). Not a failure. */
export const nothingToDo = (code: string, message: string) => new AqiError(code, message, 'nothing-to-do');

export class ConfigError extends AqiError {
  readonly problems: string[];

  constructor(problems: string[]) {
    super('CONFIG_INVALID', `invalid configuration:\n  - ${problems.join('\n  - ')}`, 'config');
    this.problems = problems;
  }
}

/** Errors from libraries (pg, kafkajs, cassandra-driver) that are known to be transient. */
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
  '57P01', '57P02', '57P03', '08000', '08003', '08006', '40001', '40P01', '53300',
]);

const TRANSIENT_NAMES = new Set([
  'KafkaJSConnectionError', 'KafkaJSNumberOfRetriesExceeded', 'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound', 'KafkaJSLockTimeout', 'KafkaJSNonRetriableError',
  'NoHostAvailableError', 'OperationTimedOutError', 'BusyConnectionError',
]);

/**
 * node-postgres reports a lost server (a restart, a failover) on the other sessions with
 * plain Errors that carry no SQLSTATE, so they are recognised by their messages.
 */
const TRANSIENT_MESSAGES = [
  /Connection terminated/i,
  /connection error and is not queryable/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /timeout exceeded when trying to connect/i,
  /Client was closed and is not queryable/i,
];

/** Wraps anything thrown into an AqiError, deciding retryability from what it is. */
export function toAqiError(err: unknown): AqiError {
  if (err instanceof AqiError) return err;
  const e = err as { code?: unknown; name?: unknown; message?: unknown; retriable?: unknown } | undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const name = typeof e?.name === 'string' ? e.name : 'Error';
  if (
    (code && TRANSIENT_NODE_CODES.has(code)) ||
    TRANSIENT_NAMES.has(name) ||
    e?.retriable === true ||
    TRANSIENT_MESSAGES.some((re) => re.test(message))
  ) {
    return retryable(`TRANSIENT_${code ?? name}`, message, err);
  }
  return fatal(`UNEXPECTED_${code ?? name}`, message, err);
}
