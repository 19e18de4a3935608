/**
 * commander's own usage errors end like every other bad input: exit 64 and the one-line
 * JSON summary on stdout (Airflow and scripts read it), not exit 1 with bare text.
 */
import { runAqi } from '../support/stack';

it.each([
  ['a missing required option', ['stage'], "required option '--interval-start <iso>' not specified"],
  ['an unknown option', ['fetch', '--interval-start', '2026-12-07T15:00:00Z', '--interval-end', '2026-12-07T16:00:00Z', '--run-id', 'x', '--statoins', '1'], "unknown option '--statoins'"],
  ['an unknown command', ['stagee'], "unknown command 'stagee'"],
  ['an option without its value', ['query', 'latest', '--limit'], "option '--limit <n>' argument missing"],
])('%s: exit 64 and a JSON summary', async (_name, args, message) => {
  const res = await runAqi(args, {});
  expect(res.code).toBe(64);
  expect(res.summary).toMatchObject({ status: 'failed', error: { code: 'USAGE_INVALID', retryable: false } });
  expect(String((res.summary?.error as { message: string }).message)).toContain(message);
});

it('--help still exits 0', async () => {
  const res = await runAqi(['stage', '--help'], {});
  expect(res.code).toBe(0);
  expect(res.stdout).toContain('--interval-start');
});
