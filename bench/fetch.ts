/**
 * Fetch throughput: `aqi fetch` sweeping the world against `aqi simulate` (a separate
 * process, as a real API would be) with the rate limit off, into a scratch database.
 * Prints requests/s and the fetch process's peak RSS. Target: >= 1,000 requests/s and
 * <= 200 MB at 50,000 stations. Env: BENCH_STATIONS (default 50000), AQI_PG_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase } from '../tests/integration/support/stack';
import { statFields, TICKS_PER_SECOND } from './lib/service-cpu';

export const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'tasks', 'cli.js');
const PG_BASE = process.env.AQI_PG_URL ?? 'postgres://aqi@127.0.0.1:15432/aqi';

/** A scratch database next to the configured one; dropped by the returned function. */
export async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new URL(PG_BASE);
  admin.pathname = '/postgres';
  const name = `aqi_bench_${Date.now().toString(36)}`;
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(PG_BASE);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(admin.toString(), name) };
}

/**
 * Peak resident memory (VmHWM, the kernel's high-water mark) and CPU seconds of a running
 * child, sampled from /proc. CPU time shows the cost per item even when other work on
 * the machine stretches the wall-clock figures.
 */
function trackChild(child: ChildProcess): () => { peakRssMb: number; cpuSeconds: number } {
  let peakKb = 0;
  let ticks = 0;
  const sample = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m?.[1]) peakKb = Math.max(peakKb, Number(m[1]));
      const fields = statFields(child.pid as number);
      if (fields) ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
    } catch {
      // the process has exited
    }
  };
  const timer = setInterval(sample, 50);
  child.once('exit', () => clearInterval(timer));
  return () => ({ peakRssMb: peakKb / 1024, cpuSeconds: ticks / TICKS_PER_SECOND });
}

export interface Measured {
  code: number | null;
  summary: Record<string, unknown>;
  peakRssMb: number;
  cpuSeconds: number;
  wallMs: number;
}

/** Runs the aqi CLI (this build's, or `cli`), returning its summary line, wall time and peak RSS. */
export function runMeasured(args: string[], env: Record<string, string>, cli = CLI): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, AQI_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    const usage = trackChild(child);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      let summary: Record<string, unknown> = {};
      try {
        summary = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
      } catch {
        summary = { unreadable: out.slice(-300) };
      }
      resolve({ code, summary, ...usage(), wallMs: Date.now() - started });
    });
  });
}

/** Starts `aqi simulate` on a free port and resolves with its URL (read from its log line). */
export function startSimulatorProcess(stations: number): Promise<{ url: string; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'simulate', '--port', '0', '--stations', String(stations), '--seed', '3'], {
      env: { ...process.env, AQI_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    process.once('exit', () => child.kill('SIGKILL')); // never leave a simulator behind
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(err);
      if (m?.[1]) resolve({ url: m[1], stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`simulator exited (${code}): ${err.slice(-500)}`)));
  });
}

export function currentHourArgs(): string[] {
  const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  return ['--interval-start', start.toISOString(), '--interval-end', new Date(start.getTime() + 3_600_000).toISOString()];
}

async function main(): Promise<void> {
  const stations = Number(process.env.BENCH_STATIONS ?? 50_000);
  const db = await scratchDatabase();
  const sim = await startSimulatorProcess(stations);
  try {
    const env = { AQI_PG_URL: db.url, WAQI_BASE_URL: sim.url, AQI_WAQI_RATE_PER_MINUTE: '0', AQI_WAQI_CONCURRENCY: process.env.BENCH_CONCURRENCY ?? '16' };
    const res = await runMeasured(['fetch', ...currentHourArgs(), '--run-id', 'bench-fetch'], env);
    if (res.code !== 0) throw new Error(`fetch failed: ${JSON.stringify(res.summary)}`);
    const requests = Number(res.summary.requests);
    const seconds = Number(res.summary.durationMs) / 1000;
    console.log(JSON.stringify({
      bench: 'fetch', stations, requests, seconds: Number(seconds.toFixed(2)),
      requestsPerSec: Math.round(requests / seconds), peakRssMb: Math.round(res.peakRssMb),
      fetchCpuSeconds: res.cpuSeconds, requestsPerCpuSec: Math.round(requests / res.cpuSeconds),
      loadAverage: loadavg()[0],
      targets: { requestsPerSec: 1000, peakRssMb: 200 },
    }));
  } finally {
    sim.stop();
    await db.drop();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
