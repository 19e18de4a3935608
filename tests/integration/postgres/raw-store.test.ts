/**
 * The raw layer keeps every attempt in the order it happened, whatever its size: large
 * bodies (map listings of crowded tiles) are written in statements of their own, and a
 * body PostgreSQL refuses is still kept, as text with the refusal as its error.
 */
import { Pool } from 'pg';
import { migratePostgres } from '../../../tasks/postgres/migrate';
import { insertRawBatch, type RawRow } from '../../../tasks/postgres/raw-store';
import { freshDatabase } from '../support/stack';

const scope = { runId: 'raw-store', intervalStart: new Date('2026-11-24T00:00:00Z'), intervalEnd: new Date('2026-11-24T01:00:00Z') };

function row(stationRef: string, body: string | null, endpoint: RawRow['endpoint'] = 'feed'): RawRow {
  return {
    endpoint, stationRef, requestTarget: `/x/${stationRef}?token=REDACTED`, attempt: 1, httpStatus: 200, body, bodyText: null,
    error: null, fetchOutcome: 'answer', fetchedAt: new Date('2026-11-24T00:10:00Z'), durationMs: 5,
  };
}

/** A /map/bounds answer of about 600 KB: far above the large-body threshold. */
const listing = JSON.stringify({
  status: 'ok',
  data: Array.from({ length: 6000 }, (_, i) => ({ lat: i / 100, lon: -i / 100, uid: i, aqi: String(i % 300), station: { name: `Station "${i}" \\ quoted`, time: '2026-11-24T00:00:00+00:00' } })),
});

describe('raw layer batches', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let pool: Pool;
  beforeAll(async () => {
    db = await freshDatabase();
    pool = new Pool({ connectionString: db.url, max: 2 });
    await migratePostgres(pool);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('stores small and large bodies intact, in the order of the batch', async () => {
    const rows = [
      row('@1', '{"status":"ok","data":{"aqi":1}}'),
      row('box-a', listing, 'map_bounds'),
      row('@2', '{"status":"ok","data":{"aqi":2}}'),
      row('@3', '{"status":"ok","data":{"aqi":3}}'),
      row('box-b', listing, 'map_bounds'),
    ];
    await insertRawBatch(pool, scope, rows);
    const { rows: stored } = await pool.query<{ station_ref: string; same: boolean }>(
      `SELECT station_ref, body = $1::jsonb AS same FROM raw_responses WHERE run_id = 'raw-store' ORDER BY id`, [listing],
    );
    expect(stored.map((r) => r.station_ref)).toEqual(['@1', 'box-a', '@2', '@3', 'box-b']);
    expect(stored.map((r) => r.same)).toEqual([false, true, false, false, true]);
  });

  it('keeps a large body that jsonb refuses as text, with the reason', async () => {
    // Valid JSON for JavaScript, refused by jsonb: a lone surrogate escape.
    const refused = listing.replace('"ok"', '"\\ud800"');
    await insertRawBatch(pool, { ...scope, runId: 'refused' }, [row('box-c', refused, 'map_bounds')]);
    const { rows } = await pool.query<{ body: unknown; body_text: string; error: string }>(
      `SELECT body, body_text, error FROM raw_responses WHERE run_id = 'refused'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.body).toBeNull();
    expect(rows[0]?.body_text.length).toBe(64 * 1024);
    expect(rows[0]?.error).toMatch(/^not storable as jsonb: /);
  });
});
