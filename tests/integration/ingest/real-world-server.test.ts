/**
 * fetch + stage against a WAQI-compatible server that is not the simulator, answering
 * with real-world bodies byte for byte (real-world-bodies.ts): every oddity of the
 * reference becomes the right reading or a reject with its reason, every request is one
 * raw row, nothing is lost or duplicated, and the token is stored nowhere.
 */
import { freshDatabase, runAqi } from '../support/stack';
import { startCannedWaqi, type CannedServer } from './canned-waqi';
import { count, currentHour, fetchEnv, query, readingsFingerprint } from './helpers';
import { LISTED_OUTCOMES, ROUTES } from './real-world-bodies';

// jest.config's testTimeout is not applied per project, so each file sets its own bound.
jest.setTimeout(120_000);

const TOKEN = 'canned-secret-9c1f';
const hour = currentHour();

/** Each station_ref of a run -> its raw rows' stage outcomes in fetch order. */
async function outcomesByRef(url: string, runId: string): Promise<Record<string, string[]>> {
  const rows = await query<{ station_ref: string; outcome: string; reason: string | null }>(
    url,
    `SELECT r.station_ref, o.outcome, o.reason FROM raw_responses r JOIN stage_outcomes o ON o.raw_id = r.id
      WHERE r.run_id = $1 ORDER BY r.id`,
    [runId],
  );
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.station_ref] ??= []).push(r.reason ? `${r.outcome}:${r.reason}` : r.outcome);
  return out;
}

describe('fetch + stage against a WAQI-compatible server with real-world bodies', () => {
  let db: { url: string; drop: () => Promise<void> };
  let waqi: CannedServer;
  // Two stations of eighteen give up for good (a cut-off body, "Unknown error"): with the
  // default failure rule (fetch-verdict.ts) the run still completes.
  const listed = ['@4584', 'utrecht', 'geo:52.105;5.124', ...Object.keys(LISTED_OUTCOMES)].join(',');
  const env = () => fetchEnv(db.url, waqi.url, { WAQI_TOKEN: TOKEN, AQI_WAQI_MAX_RETRIES: '2' });

  beforeAll(async () => {
    db = await freshDatabase();
    waqi = await startCannedWaqi(TOKEN, ROUTES);
  });
  afterAll(async () => {
    await waqi.close();
    await db.drop();
  });

  it('fetches a station list and a bounds sweep: one raw row per request, the token nowhere', async () => {
    const first = await runAqi(['fetch', ...hour.args, '--run-id', 'listed', '--stations', listed], env());
    expect(first.code).toBe(0);
    expect(first.summary).toMatchObject({ status: 'ok', stations: 18, listings: 0, gaveUp: 2, gaveUpBy: { not_json: 1, waqi_error: 1 } });
    const sweep = await runAqi(['fetch', ...hour.args, '--run-id', 'sweep', '--bounds', '37,126,39,128'], env());
    expect(sweep.code).toBe(0);
    expect(sweep.summary).toMatchObject({ status: 'ok', stations: 3, listings: 1 });

    const raw = await count(db.url, 'SELECT count(*) AS n FROM raw_responses');
    expect(raw).toBe(waqi.requests());
    // 18 stations; a second attempt for the 4 that failed first, two more for the 2 that never answer; 1 listing + 3 feeds.
    expect(raw).toBe(18 + 4 + 2 * 2 + 4);
    expect(waqi.hits('/feed/@1004/')).toBe(3);
    expect(`${first.stdout}${first.stderr}${sweep.stdout}${sweep.stderr}`).not.toContain(TOKEN);
    const leaked = await count(db.url, `SELECT count(*) AS n FROM raw_responses WHERE position($1 in concat(request_target, body::text, body_text, error)) > 0`, [TOKEN]);
    expect(leaked).toBe(0);
    // The HTML page is kept as text, the cut-off JSON too: the raw layer is the whole audit log.
    const notJson = await query<{ station_ref: string; http_status: number; has_text: boolean }>(
      db.url,
      `SELECT station_ref, http_status, body_text IS NOT NULL AS has_text FROM raw_responses WHERE body IS NULL ORDER BY id`,
    );
    expect(notJson.filter((r) => r.station_ref === '@1004')).toHaveLength(3);
    expect(notJson.every((r) => r.has_text)).toBe(true);
  });

  it('stages every attempt into the outcome the reference calls for', async () => {
    const res = await runAqi(['stage', ...hour.args], env());
    expect(res.code).toBe(0);
    const { '@4584': byId, utrecht: byName, 'geo:52.105;5.124': byPoint, ...others } = await outcomesByRef(db.url, 'listed');
    // The id, the city name and the point answer with the same observation: one reading, two duplicates.
    expect([byId, byName, byPoint].flat().sort()).toEqual(['duplicate', 'duplicate', 'reading']);
    expect(others).toEqual(LISTED_OUTCOMES);
    // Gangnam again through the sweep: the same observation as the listed run's.
    expect(await outcomesByRef(db.url, 'sweep')).toEqual({
      '37,126,39,128': ['listing'],
      '@11491': ['reading'],
      '@-104161': ['duplicate'],
      '@9079': ['reject:unknown_station'],
    });
    const raw = await count(db.url, 'SELECT count(*) AS n FROM raw_responses');
    expect(await count(db.url, 'SELECT count(*) AS n FROM stage_outcomes')).toBe(raw);
    // 4584, -104161, 1437, 10491, 1001, 1002, 1003, 1005, 1006, 1008 and 11491.
    expect(await count(db.url, 'SELECT count(*) AS n FROM readings')).toBe(11);
  });

  it('takes each field from where the reference says, whatever its odd form', async () => {
    const rows = await query(
      db.url,
      `SELECT station_id, observed_at, source_tz, aqi, dominant_pollutant, city, country, lat, lon, pm25, co, so2, neph,
              temperature_c, dew_c, jsonb_array_length(attributions) AS attributions, attributions->0->>'name' AS first_source
         FROM readings WHERE station_id IN (4584, -104161, 1437, 10491) ORDER BY station_id`,
    );
    expect(rows).toEqual([
      // aqi "-" is a reading without an AQI; no iso: time.s + time.tz; no /city/ URL: place from the name.
      { station_id: -104161, observed_at: new Date('2022-05-28T17:00:00Z'), source_tz: '+09:00', aqi: null, dominant_pollutant: null,
        city: 'seoul', country: 'south korea', lat: 37.5, lon: 127, pm25: null, co: null, so2: null, neph: null,
        temperature_c: 18.2, dew_c: null, attributions: 2, first_source: 'South Korea Air Korea Environment Corporation' },
      { station_id: 1437, observed_at: new Date('2023-11-20T13:00:00Z'), source_tz: '+08:00', aqi: 57, dominant_pollutant: 'pm25',
        city: 'shanghai', country: null, lat: 31.2047372, lon: 121.4489017, pm25: 57, co: 4.6, so2: 3.1, neph: null,
        temperature_c: 14, dew_c: null, attributions: 2, first_source: 'Shanghai Environment Monitoring Center(上海市环境监测中心)' },
      // time.v says 17:00Z; the instant is 15:00Z.
      { station_id: 4584, observed_at: new Date('2023-08-07T15:00:00Z'), source_tz: '+02:00', aqi: 29, dominant_pollutant: 'o3',
        city: 'utrecht', country: 'netherland', lat: 52.105031, lon: 5.124464, pm25: 17, co: null, so2: null, neph: null,
        temperature_c: 16, dew_c: null, attributions: 2, first_source: 'RIVM - Rijksinstituut voor Volksgezondheid en Milieu' },
      { station_id: 10491, observed_at: new Date('2023-11-20T03:15:00Z'), source_tz: '+05:45', aqi: 153, dominant_pollutant: 'neph',
        city: 'kathmandu', country: 'nepal', lat: 27.7172, lon: 85.324, pm25: 141, co: null, so2: null, neph: 153,
        temperature_c: 14, dew_c: 4, attributions: 1, first_source: 'Air Now - US EPA' },
    ]);
    // The stations that failed first were staged from their good answer, the BOM one too.
    const recovered = await query<{ station_id: number; aqi: number }>(db.url, 'SELECT station_id, aqi FROM readings WHERE station_id > 1000 AND station_id < 1010 ORDER BY 1');
    expect(recovered).toEqual([1001, 1002, 1003, 1005, 1006, 1008].map((id) => ({ station_id: id, aqi: 29 })));
    // Broken weather sensors cost the reading its weather, not its AQI, and its outcome says why.
    const broken = await query(
      db.url,
      `SELECT r.humidity_pct, r.pressure_hpa, r.temperature_c, o.outcome, o.detail FROM readings r
         JOIN stage_outcomes o ON o.raw_id = r.raw_id WHERE r.station_id = 1008`,
    );
    expect(broken).toEqual([{
      humidity_pct: null, pressure_hpa: null, temperature_c: 16, outcome: 'reading',
      detail: 'iaqi.h 140 is outside [0, 100]: stored as null; iaqi.p 0 is outside [300, 1100]: stored as null',
    }]);
  });

  it('a rerun of fetch asks only what was given up, and a rerun of stage changes nothing', async () => {
    const before = await readingsFingerprint(db.url);
    const again = await runAqi(['fetch', ...hour.args, '--run-id', 'listed', '--stations', listed], env());
    // Only the two stations given up are asked again; they give up again, which is 2 of
    // the run's 18 (not "2 of 2"): the run stays complete.
    expect(again.code).toBe(0);
    expect(again.summary).toMatchObject({ status: 'ok', resumed: true, planned: 18, stations: 2, skippedSettled: 16, gaveUp: 2 });
    expect(waqi.hits('/feed/@1004/')).toBe(6);
    expect(waqi.hits('/feed/@4584/')).toBe(1);
    expect(waqi.hits('/feed/@1001/')).toBe(2);
    const res = await runAqi(['stage', ...hour.args], env());
    expect(res.code).toBe(0);
    expect(res.summary).toMatchObject({ readingsInserted: 0, readingsUpdated: 0 });
    expect(await readingsFingerprint(db.url)).toBe(before);
    const raw = await count(db.url, 'SELECT count(*) AS n FROM raw_responses');
    expect(raw).toBe(waqi.requests());
    expect(await count(db.url, 'SELECT count(*) AS n FROM stage_outcomes')).toBe(raw);
  });
});
