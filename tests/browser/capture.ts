/**
 * Screenshots of every view of an already running dashboard (e.g. after `make run`),
 * for a person to look at; no checks. `node tests/browser/run.mjs capture [URL]`
 * (default http://127.0.0.1:18088/) writes var/screenshots/live-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from '../integration/support/stack';

const VIEWS = ['categories', 'categories?groupBy=city&country=china', 'map', 'trends', 'alerts?status=all', 'health', 'exports'];

async function main(): Promise<void> {
  const base = process.argv[2] ?? 'http://127.0.0.1:18088/';
  const out = join(ROOT, 'var', 'screenshots');
  mkdirSync(out, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'aqi-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const saved: string[] = [];
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    for (const view of VIEWS) {
      await page.goto(`${base}#${view}`);
      await page.waitForSelector('[data-view][data-state="ready"]', { timeout: 60_000 });
      const path = join(out, `live-${view.replace(/[^a-z0-9]+/gi, '-')}.png`);
      await page.screenshot({ path, fullPage: true });
      saved.push(path);
    }
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify({ step: 'capture', status: 'ok', screenshots: saved })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
