/**
 * The simulator over HTTP: every WAQI endpoint answers in the documented shape, a wrong
 * token is refused, faults switch on, and `aqi simulate` serves until SIGTERM.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'undici';
import { startSimulator, type RunningSimulator } from '../../../tasks/simulator/server';
import { ROOT } from '../support/stack';

jest.setTimeout(60_000);

async function get(base: string, path: string): Promise<{ status: number; type: string; text: string; json: unknown }> {
  const res = await request(`${base}${path}`);
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, type: String(res.headers['content-type']), text, json };
}

describe('simulator endpoints', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ stations: 500, seed: 2, token: 'tok-123', unknownShare: 0 });
  });
  afterAll(() => sim.close());

  it.each([
    ['/feed/@1000/?token=tok-123', 'ok'],
    ['/feed/shanghai/?token=tok-123', 'ok'],
    ['/feed/geo:52.1;5.1/?token=tok-123', 'ok'],
    ['/feed/here/?token=tok-123', 'ok'],
  ])('%s is a feed', async (path) => {
    const res = await get(sim.url, path);
    const body = res.json as { status: string; data: { idx: number; time: { s: string; tz: string; v: number }; city: { url: string } } };
    expect(body.status).toBe('ok');
    expect(Number.isInteger(body.data.idx)).toBe(true);
    expect(body.data.city.url).toMatch(/^https:\/\/aqicn\.org\/city\/[a-z-]+\/[a-z0-9-]+\/[a-z0-9-]+$/);
    expect(body.data.time.s).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:00:00$/);
  });

  it('geo finds the nearest station', async () => {
    const body = (await get(sim.url, '/feed/geo:52.09;5.12/?token=tok-123')).json as { data: { city: { name: string } } };
    expect(body.data.city.name).toMatch(/Utrecht$/);
  });

  it('an unknown @idx errs inside an ok envelope; an unknown city does not', async () => {
    expect((await get(sim.url, '/feed/@7/?token=tok-123')).json).toEqual({ status: 'ok', data: { status: 'error', msg: 'Unknown ID' } });
    expect((await get(sim.url, '/feed/atlantis/?token=tok-123')).json).toEqual({ status: 'error', data: 'Unknown station' });
  });

  it('map bounds lists stations with string aqi, search finds by name', async () => {
    const map = (await get(sim.url, '/map/bounds/?latlng=-90,-180,90,180&token=tok-123')).json as { data: { uid: number; aqi: string }[] };
    expect(map.data).toHaveLength(500);
    expect(map.data.every((e) => typeof e.aqi === 'string')).toBe(true);
    expect(map.data.some((e) => e.uid < 0)).toBe(true);
    const search = (await get(sim.url, '/search/?keyword=utrecht&token=tok-123')).json as { data: { station: { name: string } }[] };
    expect(search.data.length).toBeGreaterThan(0);
    expect(search.data.every((e) => /Utrecht/.test(e.station.name))).toBe(true);
    expect((await get(sim.url, '/search/?keyword=zzzz&token=tok-123')).json).toEqual({ status: 'ok', data: [] });
    expect((await get(sim.url, '/map/bounds/?latlng=1,2&token=tok-123')).json).toEqual({ status: 'error', data: 'Invalid query' });
  });

  it('a wrong or missing token is "Invalid key"', async () => {
    expect((await get(sim.url, '/feed/@1000/?token=nope')).json).toEqual({ status: 'error', data: 'Invalid key' });
    expect((await get(sim.url, '/feed/@1000/')).json).toEqual({ status: 'error', data: 'Invalid key' });
  });
});

describe('simulator faults', () => {
  it('serves HTML pages, 503s, truncated JSON and Over quota bursts when asked', async () => {
    const sim = await startSimulator({ stations: 50, seed: 4, htmlShare: 0.2, error5xxShare: 0.2, malformedShare: 0.2, overQuotaEvery: 10, overQuotaBurst: 2 });
    try {
      const seen = new Set<string>();
      for (let i = 0; i < 120; i += 1) {
        const res = await get(sim.url, '/feed/@1000/');
        if (res.status === 503) seen.add('503');
        else if (res.type.startsWith('text/html')) seen.add('html');
        else if (res.json === undefined) seen.add('truncated');
        else if ((res.json as { data: unknown }).data === 'Over quota') seen.add('quota');
        else seen.add('ok');
      }
      expect([...seen].sort()).toEqual(['503', 'html', 'ok', 'quota', 'truncated']);
    } finally {
      await sim.close();
    }
  });
});

describe('aqi simulate', () => {
  it('serves until SIGTERM, then prints its summary and exits 0', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'tasks', 'cli.js'), 'simulate', '--port', '0', '--stations', '20'], {
      env: { PATH: process.env.PATH ?? '', AQI_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(err);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', () => reject(new Error(err)));
    });
    expect(((await get(url, '/feed/@1000/')).json as { status: string }).status).toBe('ok');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(JSON.parse(stdout.trim())).toMatchObject({ step: 'simulate', status: 'ok', requests: 1 });
  });
});
