import { request } from 'undici';
import type { DagRunState } from '../store';

/**
 * The last DAG runs and their task states from Airflow 3's REST API (/api/v2). The
 * simple auth manager hands out a JWT for a user and password (POST /auth/token); the
 * token is kept until Airflow refuses it.
 */
export interface AirflowSettings {
  url: string;
  username: string;
  password: string | undefined;
  timeoutMs: number;
}

export function airflowRuns(cfg: AirflowSettings) {
  const root = cfg.url.replace(/\/+$/, '');
  let token: string | undefined;

  async function call(path: string, retried = false): Promise<unknown> {
    if (!token && cfg.password !== undefined) token = await login();
    const res = await request(`${root}${path}`, {
      headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      headersTimeout: cfg.timeoutMs,
      bodyTimeout: cfg.timeoutMs,
    });
    const text = await res.body.text();
    if (res.statusCode === 401 && !retried && cfg.password !== undefined) {
      token = undefined;
      return call(path, true);
    }
    if (res.statusCode !== 200) throw new Error(`Airflow GET ${path.split('?')[0]}: HTTP ${res.statusCode}`);
    return JSON.parse(text) as unknown;
  }

  async function login(): Promise<string> {
    const res = await request(`${root}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: cfg.username, password: cfg.password }),
      headersTimeout: cfg.timeoutMs,
      bodyTimeout: cfg.timeoutMs,
    });
    const body = (await res.body.json().catch(() => ({}))) as { access_token?: unknown };
    if ((res.statusCode !== 200 && res.statusCode !== 201) || typeof body.access_token !== 'string') {
      throw new Error(`Airflow login as ${cfg.username} refused: HTTP ${res.statusCode}`);
    }
    return body.access_token;
  }

  return async function lastRuns(limit = 5): Promise<DagRunState[]> {
    // Newest created first: by run_after a backfill's runs (of past hours) sorted behind every
    // scheduled run and never showed, although they are what an operator just started.
    const list = (await call(`/api/v2/dags/~/dagRuns?limit=${limit}&order_by=-id`)) as { dag_runs?: RawRun[] };
    const runs = list.dag_runs ?? [];
    return Promise.all(
      runs.map(async (r): Promise<DagRunState> => {
        const path = `/api/v2/dags/${encodeURIComponent(r.dag_id)}/dagRuns/${encodeURIComponent(r.dag_run_id)}/taskInstances?limit=100`;
        const tis = ((await call(path)) as { task_instances?: RawTask[] }).task_instances ?? [];
        return {
          dagId: r.dag_id, runId: r.dag_run_id, state: r.state, logicalDate: r.logical_date ?? null,
          startDate: r.start_date ?? null, endDate: r.end_date ?? null,
          tasks: tis.map((t) => ({ taskId: t.task_id, state: t.state ?? null, mapIndex: t.map_index ?? -1 })),
        };
      }),
    );
  };
}

interface RawRun { dag_id: string; dag_run_id: string; state: string; logical_date?: string | null; start_date?: string | null; end_date?: string | null }
interface RawTask { task_id: string; state?: string | null; map_index?: number }
