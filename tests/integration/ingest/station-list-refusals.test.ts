/**
 * A station list that names no station is refused before any request or write: an empty
 * --stations (an unset shell variable) used to sweep the whole world, ~12,000 requests.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../../tasks/simulator/server';
import { freshDatabase, runAqi } from '../support/stack';
import { count, currentHour, fetchEnv } from './helpers';

const hour = currentHour();

describe('fetch refuses a station list that names no station', () => {
  let db: { url: string; drop: () => Promise<void> };
  let sim: RunningSimulator;
  const dir = mkdtempSync(join(tmpdir(), 'aqi-stations-'));
  beforeAll(async () => {
    db = await freshDatabase();
    sim = await startSimulator({ stations: 20 });
  });
  afterAll(async () => {
    await sim.close();
    await db.drop();
  });

  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it.each([
    ['an empty --stations', ['--stations', ''], 'lists no station (an unset shell variable?)'],
    ['blank entries only', ['--stations', ' , ,'], 'lists no station'],
    ['a point out of range', ['--stations', '1451,geo:999;999'], '"geo:999;999": a point is geo:lat;lng'],
    ['junk', ['--stations', '$HOME/list'], 'not a station id, a point or a city name'],
    ['a file of comments only', ['--stations-file', file('comments.txt', '# nothing yet\n')], 'comments.txt: lists no station'],
    ['a file with a bad entry', ['--stations-file', file('bad.txt', '1451\n@abc\n')], 'bad.txt: "@abc": a station id is a non-zero integer'],
  ])('%s: exit 64, the reason, nothing asked or written', async (_name, args, reason) => {
    const res = await runAqi(['fetch', ...hour.args, '--run-id', 'refused', ...args], fetchEnv(db.url, sim.url));
    expect(res.code).toBe(64);
    expect(res.summary).toMatchObject({ status: 'failed', error: { code: 'CONFIG_INVALID' } });
    expect(String((res.summary?.error as { message: string }).message)).toContain(reason);
    expect(sim.requests()).toBe(0);
    expect(await count(db.url, `SELECT count(*) AS n FROM pg_tables WHERE tablename = 'fetch_runs'`)).toBe(0);
  });
});
