/**
 * Runs the real `aqi serve` (built CLI) on a free loopback port against a seeded keyspace,
 * for the API tests and the browser tests. Everything it creates has a unique name and
 * is removed by `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'cassandra-driver';
import { Kafka, logLevel } from 'kafkajs';
import { freshDatabase, ports, ROOT, stackEnv, uniqueName } from '../support/stack';
import { dropKafka, seedCassandra, seedFetchRun, seedKafka } from './seed';

export interface SeededDashboard {
  url: string;
  keyspace: string;
  topics: { readings: string; deadLetters: string; group: string };
  seeded: { readings: number; alertEvents: number };
  stop(): Promise<void>;
}

export async function startSeededDashboard(): Promise<SeededDashboard> {
  const keyspace = uniqueName('dash').toLowerCase();
  const topics = { readings: uniqueName('dash.readings'), deadLetters: uniqueName('dash.dlq'), group: uniqueName('dash-classify') };
  const db = await freshDatabase();
  const cassandra = new Client({ contactPoints: [`127.0.0.1:${ports.CASSANDRA_PORT}`], localDataCenter: 'datacenter1' });
  const kafka = new Kafka({ clientId: 'dash-test', brokers: [`127.0.0.1:${ports.KAFKA_PORT}`], logLevel: logLevel.NOTHING });
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await cassandra.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`).catch(() => undefined);
    await Promise.allSettled([cassandra.shutdown(), dropKafka(kafka, topics), db.drop()]);
  };
  try {
    const seeded = await seedCassandra(cassandra, keyspace);
    await seedKafka(kafka, topics);
    const env = stackEnv({
      AQI_PG_URL: db.url, AQI_CASSANDRA_KEYSPACE: keyspace, AQI_TOPIC_READINGS: topics.readings, AQI_TOPIC_DLQ: topics.deadLetters,
      AQI_LOG_LEVEL: 'info', AQI_AIRFLOW_URL: `http://127.0.0.1:${ports.AIRFLOW_PORT}`,
    });
    child = spawn(process.execPath, [join(ROOT, 'dist', 'tasks', 'cli.js'), 'serve', '--port', '0'], {
      env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.resume();
    const url = await listeningUrl(child);
    // serve migrated the database on start; a fetch run that completed with a broken station.
    await seedFetchRun(db.url);
    return { url, keyspace, topics, seeded, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Waits for the server's "dashboard listening" log line and returns its URL. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`aqi serve did not start:\n${stderr.slice(-2000)}`)), 90_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+\/)"/.exec(stderr);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`aqi serve exited with ${code}:\n${stderr.slice(-2000)}`));
    });
  });
}
