/**
 * One command, timed from spawn to exit, with its last stdout line (the step's JSON
 * summary). The same helper times `node dist/tasks/cli.js …` and `docker run … aqi-tasks …`,
 * so the difference between the two is the container's cost and nothing else.
 */
import { spawn } from 'node:child_process';

export interface TimedRun {
  code: number | null;
  wallMs: number;
  summary: Record<string, unknown>;
  lastLine: string;
  stderrTail: string;
}

export function timedRun(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const lastLine = out.trim().split('\n').pop() ?? '';
      let summary: Record<string, unknown> = {};
      try {
        summary = JSON.parse(lastLine || '{}') as Record<string, unknown>;
      } catch {
        summary = { unreadable: out.slice(-300) };
      }
      resolve({ code, wallMs, summary, lastLine, stderrTail: err.slice(-600) });
    });
  });
}

/** Median and 90th percentile (nearest rank) of a sample, rounded to whole milliseconds. */
export function spread(samples: number[]): { medianMs: number; p90Ms: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { medianMs: Math.round(at(0.5)), p90Ms: Math.round(at(0.9)) };
}
