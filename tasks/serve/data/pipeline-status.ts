import type { Client } from 'cassandra-driver';
import type { Admin } from 'kafkajs';
import type { Pool } from 'pg';
import { redact } from '../../core/redact';
import type { HealthReport, Part, PipelineStatus } from '../store';
import type { airflowRuns } from './airflow-runs';
import { lastFetchRuns } from './fetch-runs';
import { consumerLag, deadLetterCount } from './kafka-health';
import { schemaVersions } from './registry-subjects';
import { stageRows } from './stage-rows';

export interface PipelineSources {
  pool: Pool;
  admin: Admin;
  cassandra: Client;
  keyspace: string;
  readingsTopic: string;
  deadLetterTopic: string;
  registryUrl: string;
  lastRuns: ReturnType<typeof airflowRuns>;
  timeoutMs: number;
}

/** Each part is asked on its own, with a deadline; one service down leaves the others visible. */
async function part<T>(timeoutMs: number, work: () => Promise<T>): Promise<Part<T>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return { ok: true, value: await Promise.race([work(), deadline]) };
  } catch (err) {
    return { ok: false, error: redact(String((err as Error)?.message ?? err)).slice(0, 300) };
  } finally {
    clearTimeout(timer);
  }
}

export function pipelineStatus(src: PipelineSources): PipelineStatus {
  return {
    async health(): Promise<HealthReport> {
      const t = src.timeoutMs;
      const [dagRuns, lag, schemas, stage, fetchRuns, deadLetters] = await Promise.all([
        part(t, () => src.lastRuns(5)),
        part(t, () => consumerLag(src.admin, src.readingsTopic)),
        part(t, () => schemaVersions(src.registryUrl, t)),
        part(t, async () => ({ ...(await stageRows(src.pool, t)), ...(await cassandraRows(src)) })),
        part(t, () => lastFetchRuns(src.pool, 5, t)),
        part(t, () => deadLetterCount(src.admin, src.deadLetterTopic)),
      ]);
      return { generatedAt: new Date().toISOString(), dagRuns, consumerLag: lag, schemas, stageRows: stage, fetchRuns, deadLetters };
    },
  };
}

/** Stations with a classified latest reading: Cassandra's end of the pipeline. */
async function cassandraRows(src: PipelineSources): Promise<Record<string, number>> {
  let stations = 0;
  const rs = src.cassandra.stream(`SELECT station_id FROM ${src.keyspace}.latest_by_station`, [], { prepare: true, fetchSize: 5000, autoPage: true });
  for await (const _ of rs as unknown as AsyncIterable<unknown>) stations += 1;
  return { cassandra_latest_stations: stations };
}
