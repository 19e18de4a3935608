/**
 * Stage has PostgreSQL leave data.forecast out of the bodies it reads (see BODY_AS_STAGED
 * in stage-store.ts). That must neither change a reading nor fail on a body whose `data`
 * is not an object: `#-` raises on arrays and scalars, which would fail the whole page.
 */
import { Pool } from 'pg';
import { migratePostgres } from '../../../tasks/postgres/migrate';
import { insertRawBatch, type RawRow } from '../../../tasks/postgres/raw-store';
import { feedBody } from '../../../tasks/simulator/responses';
import { StationTable } from '../../../tasks/simulator/stations';
import { freshDatabase, runAqi, stackEnv } from '../support/stack';
import { currentHour, query } from './helpers';

const hour = currentHour();
const fetchedAt = new Date(Date.parse(hour.start) + 600_000);
const CONTENT = { seed: 11, dashShare: 0, unknownShare: 0 };

function raw(stationRef: string, body: string): RawRow {
  return {
    endpoint: 'feed', stationRef, requestTarget: `/feed/${stationRef}/?token=REDACTED`, attempt: 1, httpStatus: 200, body,
    bodyText: null, error: null, fetchOutcome: 'answer', fetchedAt, durationMs: 1,
  };
}

describe('stage reads feed bodies without their forecast', () => {
  let db: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    db = await freshDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('stages the same reading whatever the forecast, and rejects bodies whose data is no object', async () => {
    const [a, b] = new StationTable(CONTENT.seed, 2).list;
    if (!a || !b) throw new Error('the simulator made fewer than 2 stations');
    const body = feedBody(a, fetchedAt.getTime(), CONTENT) as { data: Record<string, unknown> };
    expect(body.data.forecast).toBeDefined(); // the case under test: a body with a forecast
    const { forecast: _dropped, ...dataWithoutForecast } = body.data;
    // Run by run, as fetch would store them: one attempt per station and run.
    const runs: RawRow[][] = [
      [
        raw(`@${a.uid}`, JSON.stringify(body)),
        raw(`@${b.uid}`, JSON.stringify(feedBody(b, fetchedAt.getTime(), CONTENT))),
        raw('@-1', JSON.stringify({ status: 'ok', data: [1, 2] })),
        raw('@-2', JSON.stringify({ status: 'ok', data: 'Unknown ID' })),
        raw('@-3', JSON.stringify([{ status: 'ok' }])),
        raw('@-4', JSON.stringify('Over quota')),
      ],
      // The same observation again, with a forecast of the wrong shape, then with none.
      [raw(`@${a.uid}`, JSON.stringify({ ...body, data: { ...body.data, forecast: 'not a forecast' } }))],
      [raw(`@${a.uid}`, JSON.stringify({ ...body, data: dataWithoutForecast }))],
    ];
    const pool = new Pool({ connectionString: db.url, max: 1 });
    try {
      await migratePostgres(pool);
      const scope = { intervalStart: new Date(hour.start), intervalEnd: new Date(hour.end) };
      for (const [i, rows] of runs.entries()) await insertRawBatch(pool, { runId: `shapes-${i}`, ...scope }, rows);
    } finally {
      await pool.end();
    }

    const staged = await runAqi(['stage', ...hour.args], stackEnv({ AQI_PG_URL: db.url }));
    expect(staged.code).toBe(0);
    const outcomes = await query<{ station_ref: string; outcome: string }>(
      db.url,
      `SELECT r.station_ref, o.outcome FROM raw_responses r JOIN stage_outcomes o ON o.raw_id = r.id ORDER BY r.id`,
    );
    expect(outcomes.map((o) => `${o.station_ref} ${o.outcome}`)).toEqual([
      `@${a.uid} reading`,
      `@${b.uid} reading`,
      '@-1 reject',
      '@-2 reject',
      '@-3 reject',
      '@-4 reject',
      `@${a.uid} duplicate`, // the forecasts differ, the readings do not
      `@${a.uid} duplicate`,
    ]);
    expect(await query(db.url, 'SELECT count(*)::int AS n FROM readings')).toEqual([{ n: 2 }]);
  }, 60_000);
});
