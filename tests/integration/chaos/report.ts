/**
 * What a chaos run prints, for the WAQI cases (waqi-faults.test.ts) and the service faults
 * (chaos-table.ts) alike: one table row per case, then what the user saw in each case:
 * the error of every step run that exited non-zero, as its one-line JSON summary gave it,
 * and every run that exited 0 but gave stations up. That summary is what Airflow shows
 * (the task's failure message, its log, XCom), and the CLI has already redacted it.
 */
import type { CliResult } from '../support/stack';

/** What the user saw from one step run that failed, or succeeded only in part (stations given up). */
export interface UserSaw {
  step: string;
  /** "exit 75", or how the process died when it wrote no summary. */
  exit: string;
  text: string;
}

/** Exit codes and what the user saw, of every step run of one case, reruns included, in order. */
export interface StepLog {
  codes: number[];
  userSaw: UserSaw[];
}

export interface CaseRow {
  case: string;
  fault: string;
  staged: number;
  cassandra: number;
  lost: number;
  duplicated: number;
  recovery: string;
  exitCodes: string;
  userSaw: UserSaw[];
}

// Room for an error code, the cause and the advice that ends most messages.
const MAX_TEXT = 160;

/**
 * One line of at most `max` characters. An embedded JSON object (WAQI_OVER_QUOTA carries
 * the whole fetch summary) becomes {…}; what is still too long keeps both ends, since the
 * cause comes first and the advice ("rerun the same run id") last.
 */
export function shorten(text: string, max = MAX_TEXT): string {
  const flat = text.replace(/\s+/g, ' ').replace(/\{".*\}/, '{…}').trim();
  if (flat.length <= max) return flat;
  const tail = Math.floor(max / 3);
  return `${flat.slice(0, max - tail - 3).trimEnd()} … ${flat.slice(-tail).trimStart()}`;
}

export function whatUserSaw(step: string, res: CliResult): UserSaw | undefined {
  if (res.code === 0 && !res.signal) {
    // A success that still gave stations up: the summary says so, and the rerun asks them again.
    const gaveUp = Number(res.summary?.gaveUp ?? 0);
    return gaveUp > 0 ? { step, exit: 'exit 0', text: `no error; the summary reports "gaveUp": ${gaveUp} stations` } : undefined;
  }
  const exit = res.signal ? `killed by ${res.signal}` : `exit ${String(res.code)}`;
  const error = res.summary?.error as { code?: unknown; message?: unknown } | undefined;
  if (!error) return { step, exit, text: 'no summary line' };
  return { step, exit, text: shorten(`${String(error.code)}: ${String(error.message)}`) };
}

export function recordRun(log: StepLog, step: string, res: CliResult): void {
  log.codes.push(res.code ?? -1);
  const seen = whatUserSaw(step, res);
  if (seen) log.userSaw.push(seen);
}

/** Header, a rule and the rows, in columns separated by " | " (the last one unpadded). */
function aligned([head, ...body]: string[][]): string[] {
  const all = [head!, ...body];
  const widths = head!.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join(' | ');
  return [line(head!), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)];
}

export function formatTable(rows: CaseRow[]): string {
  const head = ['case', 'fault injected', 'staged', 'cassandra', 'lost', 'duplicated', 'exit codes', 'how it recovered'];
  const body = rows.map((r) => [r.case, r.fault, String(r.staged), String(r.cassandra), String(r.lost), String(r.duplicated), r.exitCodes, r.recovery]);
  return aligned([head, ...body]).join('\n');
}

/** One line per distinct thing seen in a case, repeats counted. */
export function formatWhatUserSaw(rows: CaseRow[]): string {
  const lines: string[][] = [['case', 'step', 'exit', 'error code: message (from the step\'s summary line)']];
  for (const r of rows) {
    const counted = new Map<string, { seen: UserSaw; times: number }>();
    for (const seen of r.userSaw) {
      const key = `${seen.step}\n${seen.exit}\n${seen.text}`;
      const before = counted.get(key);
      if (before) before.times++;
      else counted.set(key, { seen, times: 1 });
    }
    if (counted.size === 0) lines.push([r.case, '-', '-', 'no error: every step exited 0']);
    for (const { seen, times } of counted.values()) {
      lines.push([r.case, seen.step, seen.exit, times > 1 ? `${seen.text} (x${times})` : seen.text]);
    }
  }
  return ['What the user saw:', ...aligned(lines)].join('\n');
}

export function formatReport(rows: CaseRow[]): string {
  return `${formatTable(rows)}\n\n${formatWhatUserSaw(rows)}`;
}
