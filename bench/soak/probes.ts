/**
 * What the soak samples between cycles: connections held open (PostgreSQL's own view and
 * established TCP connections to each service port) and the resident memory of the
 * long-running services. Every step has exited by then, so anything still open or still
 * growing after cycle after cycle is a leak.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

export interface PgConnections {
  /** Client backends on the soak's scratch database. */
  scratch: number;
  /** Client backends on the whole server (other users of the stack included). */
  total: number;
}

export async function pgConnections(adminUrl: string, scratchDb: string): Promise<PgConnections> {
  const pg = new Client({ connectionString: adminUrl });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ scratch: string; total: string }>(
      `SELECT count(*) FILTER (WHERE datname = $1) AS scratch, count(*) AS total
         FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      [scratchDb],
    );
    return { scratch: Number(rows[0]?.scratch), total: Number(rows[0]?.total) };
  } finally {
    await pg.end();
  }
}

export interface Established {
  /** Per named port: established TCP connections whose peer is that port (the service's clients). */
  counts: Record<string, number>;
  /** Per named port: the same connections by holding process ("node 1234"), to tell the soak's from other users'. */
  holders: Record<string, Record<string, number>>;
}

export function establishedTo(ports: Record<string, number>): Established {
  const counts = Object.fromEntries(Object.keys(ports).map((name) => [name, 0]));
  const holders: Established['holders'] = Object.fromEntries(Object.keys(ports).map((name) => [name, {}]));
  const byPort = new Map(Object.entries(ports).map(([name, port]) => [port, name]));
  // With a state filter, ss prints: Recv-Q Send-Q Local:Port Peer:Port users:(("name",pid=N,fd=N))
  for (const line of execFileSync('ss', ['-Htnp', 'state', 'established'], { encoding: 'utf8' }).split('\n')) {
    const fields = line.trim().split(/\s+/);
    const name = byPort.get(Number(/:(\d+)$/.exec(fields[3] ?? '')?.[1]));
    if (!name) continue;
    counts[name] = (counts[name] ?? 0) + 1;
    const user = /users:\(\("([^"]+)",pid=(\d+)/.exec(line);
    const holder = user ? `${user[1]} ${user[2]}` : 'unknown';
    const perHolder = holders[name] ?? {};
    perHolder[holder] = (perHolder[holder] ?? 0) + 1;
  }
  return { counts, holders };
}

/** RSS of a service started by stack/stack.sh: the sum over its process group (as `make status`). */
function processGroupRssKb(pgid: number, table: string): number {
  let kb = 0;
  for (const line of table.split('\n')) {
    const [group, rss] = line.trim().split(/\s+/);
    if (Number(group) === pgid) kb += Number(rss);
  }
  return kb;
}

/** MiB per service, from var/run/<service>.pid; null when the service is not running. */
export function serviceRssMb(root: string, services: string[]): Record<string, number | null> {
  const table = execFileSync('ps', ['-eo', 'pgid=,rss='], { encoding: 'utf8' });
  const out: Record<string, number | null> = {};
  for (const svc of services) {
    const pidFile = join(root, 'var', 'run', `${svc}.pid`);
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : NaN;
    const kb = Number.isInteger(pid) ? processGroupRssKb(pid, table) : 0;
    out[svc] = kb > 0 ? Math.round(kb / 1024) : null;
  }
  return out;
}

/** Current RSS (VmRSS) of one process in MiB; null once it has exited. */
export function processRssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}
