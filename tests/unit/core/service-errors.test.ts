import { endpointsOf, explainUnreachable } from '../../../tasks/core/service-errors';

const endpoints = endpointsOf({
  postgres: { url: 'postgres://aqi@127.0.0.1:15432/aqi' },
  kafka: { brokers: ['127.0.0.1:19092'] },
  registry: { url: 'http://127.0.0.1:18081/apis/ccompat/v7' },
  cassandra: { contactPoints: ['127.0.0.1:19042'] },
  waqi: { baseUrl: 'https://api.waqi.info' },
});

// Shaped as the drivers throw them.
const netError = (code: string, address: string, port?: number) =>
  Object.assign(new Error(`connect ${code} ${address}${port ? `:${port}` : ''}`), { code, address, port, syscall: 'connect' });

describe('explainUnreachable', () => {
  it.each([
    ['pg: a refused connection', netError('ECONNREFUSED', '127.0.0.1', 15432), /^PostgreSQL at 127\.0\.0\.1:15432 \(AQI_PG_URL\) refused the connection \(ECONNREFUSED\)/],
    ['kafkajs: the broker named in its message only', Object.assign(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:19092'), { name: 'KafkaJSNumberOfRetriesExceeded' }), /^Kafka at 127\.0\.0\.1:19092 \(AQI_KAFKA_BROKERS\)/],
    ['cassandra-driver: NoHostAvailable with inner errors by host', Object.assign(new Error('All host(s) tried for query failed. First host tried, 127.0.0.1:19042: Error: connect...'), {
      name: 'NoHostAvailableError', innerErrors: { '127.0.0.1:19042': netError('ECONNREFUSED', '127.0.0.1', 19042) },
    }), /^Cassandra at 127\.0\.0\.1:19042 \(AQI_CASSANDRA_CONTACT_POINTS\)/],
    ['undici: the cause of a fetch failure', Object.assign(new Error('fetch failed'), { cause: netError('ECONNREFUSED', '127.0.0.1', 18081) }), /^the schema registry at 127\.0\.0\.1:18081 \(AQI_REGISTRY_URL\)/],
    ['a host that does not resolve', Object.assign(new Error('getaddrinfo ENOTFOUND api.waqi.info'), { code: 'ENOTFOUND', hostname: 'api.waqi.info' }), /^the WAQI API at api\.waqi\.info \(WAQI_BASE_URL\) has a host name that does not resolve/],
    ['an address no setting names', netError('ECONNREFUSED', '10.1.2.3', 5), /^10\.1\.2\.3:5 refused the connection \(ECONNREFUSED\)$/],
  ])('%s', (_name, err, expected) => {
    expect(explainUnreachable(err, endpoints)).toMatch(expected);
  });

  it('says what to check', () => {
    expect(explainUnreachable(netError('ECONNREFUSED', '127.0.0.1', 15432), endpoints)).toContain("is it running and is AQI_PG_URL right? 'make status' shows the local stack");
  });

  it('is silent about errors that are no connection failure', () => {
    expect(explainUnreachable(new Error('relation "readings" does not exist'), endpoints)).toBeNull();
    expect(explainUnreachable(undefined, endpoints)).toBeNull();
  });

  it('survives a cause chain that loops', () => {
    const a: Record<string, unknown> = { message: 'x' };
    a.cause = a;
    expect(explainUnreachable(a, endpoints)).toBeNull();
  });
});
