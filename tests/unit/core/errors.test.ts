import { AqiError, fatal, nothingToDo, retryable, toAqiError, ConfigError } from '../../../tasks/core/errors';
import { EXIT, exitCodeFor } from '../../../tasks/core/exit-codes';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const named = (message: string, name: string) => Object.assign(new Error(message), { name });

describe('toAqiError decides what Airflow may retry', () => {
  it.each([
    ['ECONNREFUSED from a socket', withCode('connect ECONNREFUSED 127.0.0.1:15432', 'ECONNREFUSED'), true],
    ['PostgreSQL admin shutdown (57P01)', withCode('terminating connection due to administrator command', '57P01'), true],
    ['pg session lost without a code', new Error('Connection terminated unexpectedly'), true],
    ['pg client already broken', new Error('Client has encountered a connection error and is not queryable'), true],
    ['PostgreSQL starting up', withCode('the database system is starting up', '57P03'), true],
    ['pg pool connect timeout', new Error('timeout exceeded when trying to connect'), true],
    ['kafkajs connection error', named('Connection error: connect ECONNREFUSED', 'KafkaJSConnectionError'), true],
    ['cassandra no host', named('All host(s) tried for query failed', 'NoHostAvailableError'), true],
    ['undici header timeout', withCode('Headers Timeout Error', 'UND_ERR_HEADERS_TIMEOUT'), true],
    ['a syntax error in SQL', withCode('syntax error at or near "SELEC"', '42601'), false],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'x')"), false],
    ['a thrown string', 'boom', false],
  ])('%s -> retryable %s', (_label, thrown, expected) => {
    const err = toAqiError(thrown);
    expect(err).toBeInstanceOf(AqiError);
    expect(err.retryable).toBe(expected);
    expect(exitCodeFor(err)).toBe(expected ? EXIT.RETRYABLE : EXIT.FATAL);
  });

  it('keeps an AqiError as it is', () => {
    const original = fatal('WAQI_INVALID_KEY', 'WAQI rejected WAQI_TOKEN');
    expect(toAqiError(original)).toBe(original);
  });
});

describe('exit codes', () => {
  it.each([
    [retryable('X', 'x'), EXIT.RETRYABLE, 75],
    [fatal('X', 'x'), EXIT.FATAL, 1],
    [nothingToDo('X', 'x'), EXIT.NOTHING_TO_DO, 99],
    [new ConfigError(['AQI_PG_URL: expected a postgres:// URL', '--interval-end: must be after --interval-start']), EXIT.CONFIG, 64],
  ])('%s maps to %i', (err, code, literal) => {
    expect(exitCodeFor(err)).toBe(code);
    expect(code).toBe(literal);
  });

  it('a configuration error lists every problem at once', () => {
    const err = new ConfigError(['AQI_PG_URL: bad', 'WAQI_BASE_URL: bad']);
    expect(err.message).toContain('AQI_PG_URL: bad');
    expect(err.message).toContain('WAQI_BASE_URL: bad');
  });
});
