/**
 * `make chaos`, WAQI side: every fault case ends, after the pipeline's own retries and
 * reruns, with every station in Cassandra exactly once. The invalid-key case first fails
 * fatally (exit 1, no retries), loses nothing, and completes once the token is fixed.
 */
import { CHAOS_STATIONS, formatTable, runWaqiCase, WAQI_CASES, type CaseRow } from './waqi-cases';

jest.setTimeout(300_000);

const rows: CaseRow[] = [];

afterAll(() => {
  // The table is the deliverable of `make chaos`; jest shows it once at the end.
  if (rows.length > 0) process.stdout.write(`\n${formatTable(rows)}\n`);
});

it.each(WAQI_CASES.map((c) => [c.name, c] as const))('%s: 0 lost, 0 duplicated', async (_name, c) => {
  const row = await runWaqiCase(c);
  rows.push(row);
  expect({ lost: row.lost, duplicated: row.duplicated }).toEqual({ lost: 0, duplicated: 0 });
  expect(row.cassandra).toBe(CHAOS_STATIONS);
  expect(row.staged).toBe(CHAOS_STATIONS);
  if (c.firstToken) expect(row.exitCodes.split(',')[0]).toBe('1');
});
