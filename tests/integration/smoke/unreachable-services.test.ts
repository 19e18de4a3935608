/**
 * A step pointed at a service that is not there fails retryable with one line that names
 * the service, its address and the variable to check, not a driver's bare
 * "connect ECONNREFUSED 127.0.0.1:1" or a multi-line object dump.
 */
import { runAqi, stackEnv } from '../support/stack';

const interval = ['--interval-start', '2026-11-23T10:00:00Z', '--interval-end', '2026-11-23T11:00:00Z'];
const messageOf = (summary: Record<string, unknown> | undefined) => String((summary?.error as { message?: string } | undefined)?.message);

it.each([
  ['PostgreSQL', ['stage', ...interval], { AQI_PG_URL: 'postgres://aqi@127.0.0.1:1/aqi' },
    "PostgreSQL at 127.0.0.1:1 (AQI_PG_URL) refused the connection (ECONNREFUSED): is it running and is AQI_PG_URL right?"],
  ['Cassandra', ['aggregate', ...interval], { AQI_CASSANDRA_CONTACT_POINTS: '127.0.0.1:2' },
    'Cassandra at 127.0.0.1:2 (AQI_CASSANDRA_CONTACT_POINTS) refused the connection (ECONNREFUSED)'],
])('%s down: exit 75 and a message naming it', async (_service, args, env, expected) => {
  const res = await runAqi(args, stackEnv(env));
  expect(res.code).toBe(75);
  expect(res.summary).toMatchObject({ status: 'failed', error: { retryable: true } });
  expect(messageOf(res.summary)).toContain(expected);
  expect(messageOf(res.summary)).not.toContain('\n');
});
