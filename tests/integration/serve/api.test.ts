import { categoryOf } from '../../../tasks/classify/epa';
import { READING_COLUMNS, WINDOW_COLUMNS } from '../../../tasks/serve/export-columns';
import { startSeededDashboard, type SeededDashboard } from './harness';
import { aqiAt, SEED_DAY, SEED_FETCH_RUN, SEED_STATIONS, hourInstant } from './seed';

let dash: SeededDashboard;
// Explicit hook timeouts: seeding a keyspace (schema agreement) takes tens of seconds on 2 cores.
jest.setTimeout(120_000);
beforeAll(async () => {
  dash = await startSeededDashboard();
}, 180_000);
afterAll(async () => {
  await dash?.stop();
}, 120_000);

const get = (path: string, init?: RequestInit) => fetch(new URL(path, dash.url), init);
const getJson = async (path: string) => {
  const res = await get(path);
  expect(res.status).toBe(200);
  return (await res.json()) as any;
};
const cat = (aqi: number) => categoryOf(aqi)!.id;
const worstOf = (s: (typeof SEED_STATIONS)[number], hours: number[]) => Math.max(...hours.map((h) => aqiAt(s, h)));
const ALL_HOURS = Array.from({ length: 24 }, (_, h) => h);
const DAY_FROM = `${SEED_DAY}T00:00:00Z`;
const DAY_TO = new Date(hourInstant(0).getTime() + 86_400_000).toISOString();

test('the page and its assets come from this server only', async () => {
  const res = await get('/');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/html');
  expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  const html = await res.text();
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  const js = await get('/assets/app.js');
  expect(js.status).toBe(200);
  expect(js.headers.get('cache-control')).toBe('public, max-age=3600');
});

test('stations per category by country: each station once, at its worst reading of the day', async () => {
  const body = await getJson(`/api/categories?day=${SEED_DAY}&groupBy=country`);
  const expected = new Map<string, Record<string, number>>();
  for (const s of SEED_STATIONS) {
    const counts = expected.get(s.c.country) ?? {};
    const k = cat(worstOf(s, ALL_HOURS));
    counts[k] = (counts[k] ?? 0) + 1;
    expected.set(s.c.country, counts);
  }
  expect(Object.fromEntries(body.groups.map((g: any) => [g.group, g.counts]))).toEqual(Object.fromEntries(expected));
  for (const g of body.groups) expect(g.stations).toBe(SEED_STATIONS.filter((s) => s.c.country === g.group).length);
});

test('stations per category by city for one hour of one country', async () => {
  const res = await get(`/api/categories?day=${SEED_DAY}&hour=5&groupBy=city&country=india`);
  expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  const body = (await res.json()) as any;
  const india = SEED_STATIONS.filter((s) => s.c.country === 'india');
  const expected: Record<string, Record<string, number>> = {};
  for (const s of india) {
    const counts = (expected[s.c.city] ??= {});
    counts[cat(aqiAt(s, 5))] = (counts[cat(aqiAt(s, 5))] ?? 0) + 1;
  }
  expect(Object.fromEntries(body.groups.map((g: any) => [g.group, g.counts]))).toEqual(expected);
});

test('latest reading of every station, with its category', async () => {
  const res = await get('/api/latest');
  expect(res.headers.get('cache-control')).toBe('no-cache');
  const { stations } = (await res.json()) as any;
  expect(stations).toHaveLength(SEED_STATIONS.length);
  for (const s of SEED_STATIONS) {
    const got = stations.find((x: any) => x.stationId === s.id);
    expect(got).toMatchObject({ aqi: aqiAt(s, 23), category: cat(aqiAt(s, 23)), city: s.c.city, observedAt: hourInstant(23).toISOString() });
  }
  const hazardous = await getJson('/api/latest?category=hazardous');
  expect(hazardous.stations.length).toBe(SEED_STATIONS.filter((s) => cat(aqiAt(s, 23)) === 'hazardous').length);
});

test('attributions name WAQI first and every agency once', async () => {
  const { attributions } = await getJson('/api/attributions');
  expect(attributions[0].name).toBe('World Air Quality Index Project');
  expect(attributions.slice(1).map((a: any) => a.name)).toEqual([...new Set(SEED_STATIONS.map((s) => s.c.agency))].sort());
});

test('hourly trend of a city is the mean of its stations per hour', async () => {
  const body = await getJson(`/api/trends?scope=city&id=france/paris&grain=hour&pollutant=aqi&from=${DAY_FROM}&to=${DAY_TO}`);
  const paris = SEED_STATIONS.filter((s) => s.c.city === 'paris');
  expect(body.points).toHaveLength(24);
  for (const p of body.points) {
    const h = new Date(p.t).getUTCHours();
    const values = paris.map((s) => aqiAt(s, h));
    expect(p.value).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
    expect([p.min, p.max]).toEqual([Math.min(...values), Math.max(...values)]);
  }
});

test('country and city filters match whatever the case typed, as the help says', async () => {
  const strip = (b: any) => JSON.stringify({ ...b, country: undefined });
  expect(strip(await getJson(`/api/categories?day=${SEED_DAY}&hour=5&groupBy=city&country=INDIA`)))
    .toBe(strip(await getJson(`/api/categories?day=${SEED_DAY}&hour=5&groupBy=city&country=india`)));
  const latest = await getJson('/api/latest?country=France');
  expect(latest.stations.length).toBe(SEED_STATIONS.filter((s) => s.c.country === 'france').length);
  const trend = await getJson(`/api/trends?scope=city&id=France/Paris&grain=hour&pollutant=aqi&from=${DAY_FROM}&to=${DAY_TO}`);
  expect(trend.points).toHaveLength(24);
});

test('alerts: every event of the day, and the episodes still open', async () => {
  const all = await getJson('/api/alerts?status=all&limit=1000');
  expect(all.alerts).toHaveLength(dash.seeded.alertEvents);
  expect(all.alerts.length).toBeGreaterThan(0);
  const open = await getJson('/api/alerts?status=open');
  const openStations = new Set(all.alerts.filter((a: any) => a.open).map((a: any) => a.stationId));
  expect(new Set(open.alerts.map((a: any) => a.stationId))).toEqual(openStations);
});

test('pipeline health: lag per partition, dead letters, schemas, stage rows, fetch runs', async () => {
  const h = await getJson('/api/health');
  expect(h.consumerLag.ok).toBe(true);
  const lag = h.consumerLag.value.filter((p: any) => p.group === dash.topics.group);
  expect(lag.map((p: any) => [p.partition, p.committed, p.end, p.lag])).toEqual([[0, 10, 10, 0], [1, 4, 10, 6], [2, 0, 10, 10]]);
  expect(h.deadLetters).toEqual({ ok: true, value: { topic: dash.topics.deadLetters, messages: 2 } });
  expect(h.schemas.ok).toBe(true);
  expect(h.stageRows).toMatchObject({ ok: true, value: { raw_responses: 0, readings_staged: 0, cassandra_latest_stations: SEED_STATIONS.length } });
  expect(h).toHaveProperty('dagRuns');
  // The station a complete run gave up on is shown with its reason.
  expect(h.fetchRuns).toEqual({ ok: true, value: [expect.objectContaining({ runId: SEED_FETCH_RUN.runId, status: 'complete', planned: 15, gaveUp: 1, gaveUpTargets: SEED_FETCH_RUN.gaveUpTargets })] });
});

describe('bad input is refused with 400 and a reason, never a 500', () => {
  test.each([
    ['/api/categories', 'day: required'],
    ['/api/categories?day=2026-13-01', 'day:'],
    ['/api/categories?day=2026-11-20&hour=25', 'hour:'],
    ['/api/categories?day=2026-11-20&groupBy=planet', 'groupBy:'],
    ['/api/categories?day=2026-11-20&day=2026-11-21', 'day: given 2 times'],
    ['/api/latest?contry=france', 'unknown parameter contry'],
    ['/api/trends?scope=city&id=x&from=2026-11-20T00:00:00Z&to=2026-11-19T00:00:00Z', 'to: must be after from'],
    ['/api/alerts?limit=-1', 'limit:'],
    ["/api/alerts?station=1%27%20OR%201=1", 'station:'],
    ['/export/readings.csv?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'range longer than 366 days'],
    ['/export/windows.json?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z', 'grain:'],
    ['/api/health?verbose=1', 'unknown parameter verbose'],
    ['/assets/app.js?v=1', 'unknown parameter v'],
  ])('%s', async (path, reason) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as any;
    expect(body.error.message).toContain(reason);
    expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  test('unknown path is a 404, a write method a 405', async () => {
    expect((await get('/api/nope')).status).toBe(404);
    const res = await get('/api/latest', { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('exports', () => {
  test('readings of the day as CSV: header, one row per reading, streamed as an attachment', async () => {
    const res = await get(`/export/readings.csv?from=${DAY_FROM}&to=${DAY_TO}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="readings.csv"');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(READING_COLUMNS.map((c) => c.name).join(','));
    expect(lines).toHaveLength(1 + SEED_STATIONS.length * 24);
  });

  test('readings as JSON with filters', async () => {
    const rows = (await getJson(`/export/readings.json?from=${DAY_FROM}&to=${DAY_TO}&country=india&category=hazardous`)) as any[];
    const expected = SEED_STATIONS.filter((s) => s.c.country === 'india').flatMap((s) => ALL_HOURS.filter((h) => cat(aqiAt(s, h)) === 'hazardous'));
    expect(rows).toHaveLength(expected.length);
    expect(rows.every((r) => r.country === 'india' && r.category === 'hazardous' && r.aqi > 300)).toBe(true);
  });

  test('hourly windows per country as CSV', async () => {
    const res = await get(`/export/windows.csv?grain=hour&scope=country&from=${DAY_FROM}&to=${DAY_TO}`);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(WINDOW_COLUMNS.map((c) => c.name).join(','));
    expect(lines).toHaveLength(1 + new Set(SEED_STATIONS.map((s) => s.c.country)).size * 24);
  });

  test('alert events as JSON, oldest first', async () => {
    const rows = (await getJson(`/export/alerts.json?from=${DAY_FROM}&to=${DAY_TO}`)) as any[];
    expect(rows).toHaveLength(dash.seeded.alertEvents);
    const times = rows.map((r) => r.occurred_at);
    expect(times).toEqual([...times].sort());
  });

  test('an empty period still gives a well-formed file', async () => {
    const res = await get('/export/alerts.csv?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z');
    expect(await res.text()).toMatch(/^alert_id,station_id,.*\r\n$/);
  });
});
