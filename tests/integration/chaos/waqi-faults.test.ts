/**
 * `make chaos`, WAQI side: every fault case ends, after the pipeline's own retries and
 * reruns, with every station in Cassandra exactly once. The invalid-key case first fails
 * fatally (exit 1, no retries), loses nothing, and completes once the token is fixed.
 */
import { formatReport, type CaseRow } from './report';
import { CHAOS_STATIONS, runWaqiCase, WAQI_CASES } from './waqi-cases';

jest.setTimeout(300_000);

const rows: CaseRow[] = [];

afterAll(() => {
  // The table and what the user saw are the deliverable of `make chaos`; jest shows them once at the end.
  if (rows.length > 0) process.stdout.write(`\n${formatReport(rows)}\n`);
});

it.each(WAQI_CASES.map((c) => [c.name, c] as const))('%s: 0 lost, 0 duplicated', async (_name, c) => {
  const row = await runWaqiCase(c);
  rows.push(row);
  expect({ lost: row.lost, duplicated: row.duplicated }).toEqual({ lost: 0, duplicated: 0 });
  expect(row.cassandra).toBe(CHAOS_STATIONS);
  expect(row.staged).toBe(CHAOS_STATIONS);
  if (c.firstToken) expect(row.exitCodes.split(',')[0]).toBe('1');
});
