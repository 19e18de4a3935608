/**
 * Browser tests of the dashboard in headless Chromium (Debian's `chromium`, driven by
 * playwright-core): each view is loaded against a seeded keyspace, what it drew is
 * checked against the seed, and a screenshot is saved to var/screenshots/.
 * Run with `node tests/browser/run.mjs` after `npm run build` and `node web/build.mjs`.
 * Exits non-zero when a check fails; prints one JSON summary line.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { categoryOf } from '../../tasks/classify/epa';
import { startSeededDashboard } from '../integration/serve/harness';
import { aqiAt, SEED_DAY, SEED_STATIONS } from '../integration/serve/seed';
import { ROOT } from '../integration/support/stack';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(ROOT, 'var', 'screenshots');

interface Check { view: string; name: string; ok: boolean; detail?: string }
const checks: Check[] = [];
function check(view: string, name: string, ok: boolean, detail?: unknown): void {
  checks.push({ view, name, ok, ...(ok ? {} : { detail: JSON.stringify(detail) }) });
}

async function open(page: Page, base: string, hash: string, view: string): Promise<void> {
  await page.goto(`${base}#${hash}`);
  await page.waitForSelector(`[data-view="${view}"][data-state="ready"]`, { timeout: 30_000 });
}

async function shot(page: Page, name: string): Promise<string> {
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

async function main(): Promise<number> {
  mkdirSync(SHOTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'aqi-chromium-'));
  const dash = await startSeededDashboard();
  const shots: string[] = [];
  let browser: BrowserContext | undefined;
  try {
    // A fresh profile per run (Playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    const external: string[] = [];
    const consoleErrors: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith(dash.url) && !r.url().startsWith('data:')) external.push(r.url()); });
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    const cat = (aqi: number) => categoryOf(aqi)!.id;

    // Categories: one bar per (country, category) with stations, height as the count.
    await open(page, dash.url, `categories?day=${SEED_DAY}&groupBy=country`, 'categories');
    const bars = await page.$$eval('svg[data-chart="categories"] rect[data-group]', (els) =>
      els.map((e) => `${e.getAttribute('data-group')}|${e.getAttribute('data-category')}|${e.getAttribute('data-count')}`).sort());
    const expectedBars = new Map<string, number>();
    for (const s of SEED_STATIONS) {
      const key = `${s.c.country}|${cat(Math.max(...Array.from({ length: 24 }, (_, h) => aqiAt(s, h))))}`;
      expectedBars.set(key, (expectedBars.get(key) ?? 0) + 1);
    }
    check('categories', 'bars match the seed', JSON.stringify(bars) === JSON.stringify([...expectedBars].map(([k, n]) => `${k}|${n}`).sort()), bars);
    const legend = await page.$$eval('#legend [data-category]', (els) => els.length);
    check('categories', 'legend shows the six EPA categories', legend === 6, legend);
    shots.push(await shot(page, 'categories-by-country'));

    await open(page, dash.url, `categories?day=${SEED_DAY}&hour=12&groupBy=city&country=india`, 'categories');
    const cities = await page.$$eval('svg[data-chart="categories"] rect[data-group]', (els) => [...new Set(els.map((e) => e.getAttribute('data-group')))].sort());
    check('categories', 'city clusters of one country', JSON.stringify(cities) === JSON.stringify(['delhi', 'mumbai']), cities);
    shots.push(await shot(page, 'categories-india-by-city-12h'));

    // Map: one dot per station, colored by its latest category.
    await open(page, dash.url, 'map', 'map');
    const dots = await page.$$eval('svg[data-chart="map"] circle.station', (els) => els.map((e) => [Number(e.getAttribute('data-station')), e.getAttribute('data-category'), e.getAttribute('fill')]));
    check('map', 'one dot per station', dots.length === SEED_STATIONS.length, dots.length);
    const wrong = dots.filter(([id, c]) => { const s = SEED_STATIONS.find((x) => x.id === id); return !s || cat(aqiAt(s, 23)) !== c; });
    check('map', 'dot categories match the latest readings', wrong.length === 0, wrong);
    const hazardousFill = dots.find(([, c]) => c === 'hazardous')?.[2];
    check('map', 'hazardous dots in EPA maroon', hazardousFill === undefined || hazardousFill.toUpperCase() === '#7E0023', hazardousFill);
    const land = await page.$eval('svg[data-chart="map"] path.land', (e) => (e.getAttribute('d') ?? '').length);
    check('map', 'country shapes drawn from the bundled atlas', land > 10_000, land);
    shots.push(await shot(page, 'map-latest'));

    // Trends: 24 hourly points for a city.
    await open(page, dash.url, `trends?scope=city&id=india/delhi&grain=hour&pollutant=aqi&from=${SEED_DAY}&to=2026-11-21`, 'trends');
    const points = await page.$$eval('svg[data-chart="trend"] circle[data-t]', (els) => els.length);
    check('trends', '24 hourly points for delhi', points === 24, points);
    shots.push(await shot(page, 'trends-delhi-hourly'));
    await open(page, dash.url, `trends?scope=country&id=france&grain=day&pollutant=pm25&from=2026-11-19&to=2026-11-22`, 'trends');
    const days = await page.$$eval('svg[data-chart="trend"] circle[data-t]', (els) => els.length);
    check('trends', 'daily pm25 points for france', days >= 1, days);
    // The axis is the chosen range (not the first and last window), and a concentration gets no EPA colours.
    const axis = await page.$$eval('svg[data-chart="trend"] > text', (els) => els.slice(-2).map((e) => e.textContent));
    check('trends', 'x axis labelled with the chosen From and the last day of To', JSON.stringify(axis) === JSON.stringify(['2026-11-19', '2026-11-21']), axis);
    const bands = await page.$$eval('svg[data-chart="trend"] rect', (els) => els.length);
    check('trends', 'no EPA category bands behind a pm25 concentration', bands === 0, bands);
    const trendLegend = await page.$eval('[data-legend="trend"]', (e) => e.textContent ?? '');
    check('trends', 'the shaded band is explained', trendLegend.includes('lowest to the highest value'), trendLegend);
    shots.push(await shot(page, 'trends-france-daily-pm25'));

    // Alerts: every event, and the open episodes.
    await open(page, dash.url, 'alerts?status=all', 'alerts');
    const events = await page.$$eval('[data-view="alerts"] tbody tr', (els) => els.length);
    check('alerts', 'every alert event listed', events === dash.seeded.alertEvents, { events, seeded: dash.seeded.alertEvents });
    shots.push(await shot(page, 'alerts-all'));
    await open(page, dash.url, 'alerts?status=open', 'alerts');
    shots.push(await shot(page, 'alerts-open'));

    // Pipeline health: each block drawn, lag of the seeded group visible.
    await open(page, dash.url, 'health', 'health');
    const blocks = await page.$$eval('[data-block]', (els) => els.map((e) => e.getAttribute('data-block')));
    check('health', 'six health blocks', blocks.length === 6, blocks);
    const fetchRuns = await page.$eval('[data-block="fetch-runs"]', (e) => e.textContent ?? '');
    check('health', 'the station a fetch run gave up on, with its reason', fetchRuns.includes('@1084 not_json'), fetchRuns.slice(0, 200));
    const lagText = await page.$eval('[data-block="consumer-lag"]', (e) => e.textContent ?? '');
    check('health', 'seeded consumer group shown with its lag', lagText.includes(dash.topics.group), lagText.slice(0, 200));
    const dlq = await page.$$eval('[data-block="dead-letters"] td', (els) => els.map((e) => e.textContent));
    check('health', 'dead letters counted', JSON.stringify(dlq) === JSON.stringify([dash.topics.deadLetters, '2']), dlq);
    shots.push(await shot(page, 'pipeline-health'));

    await open(page, dash.url, 'exports', 'exports');
    const links = await page.$$eval('[data-view="exports"] a', (els) => els.map((e) => e.getAttribute('href')));
    check('exports', 'six export links', links.length === 6, links);
    shots.push(await shot(page, 'exports'));

    // Attributions: WAQI and each agency, shown on every view.
    const attributions = await page.$eval('#attributions', (e) => e.textContent ?? '');
    const agencies = [...new Set(SEED_STATIONS.map((s) => s.c.agency))];
    check('footer', 'WAQI and every agency attributed', attributions.includes('World Air Quality Index Project') && agencies.every((a) => attributions.includes(a)), attributions);

    // The refusal below logs its 400 in the console on purpose; every view before it must be clean.
    check('page', 'no console errors', consoleErrors.length === 0, consoleErrors);

    // A bad hash parameter shows the server's reason instead of a broken page.
    await open(page, dash.url, 'categories?day=2026-02-30', 'categories');
    const error = await page.$eval('[data-view="categories"] .error', (e) => e.textContent ?? '').catch(() => '');
    check('categories', 'refused parameter shown with its reason', error.includes('day: not a calendar date'), error);
    shots.push(await shot(page, 'categories-bad-day'));

    check('page', 'no request left this server (no CDN, no tiles)', external.length === 0, external);
  } finally {
    await browser?.close();
    await dash.stop();
    rmSync(profile, { recursive: true, force: true });
  }
  const failed = checks.filter((c) => !c.ok);
  for (const c of failed) process.stderr.write(`FAIL ${c.view}: ${c.name} ${c.detail ?? ''}\n`);
  process.stdout.write(`${JSON.stringify({ step: 'browser-tests', status: failed.length ? 'failed' : 'ok', checks: checks.length, failed: failed.length, screenshots: shots })}\n`);
  return failed.length ? 1 : 0;
}

main().then((code) => process.exit(code), (err: unknown) => {
  process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
