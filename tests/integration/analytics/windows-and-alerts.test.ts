/**
 * A planted day through the real chain: stage (seeded rows) -> publish -> classify ->
 * aggregate -> alerts, interval by interval, on the real PostgreSQL, Kafka, registry and
 * Cassandra. Then the same intervals again and a backfill in reverse order: nothing may
 * change and nothing may be sent twice. The webhook is down for the first intervals.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'cassandra-driver';
import { Kafka, logLevel } from 'kafkajs';
import '../../../tasks/kafka/lz4-codec'; // the steps' batches are LZ4
import { Pool } from 'pg';
import { freshDatabase, ports, runAqi, stackEnv, uniqueName } from '../support/stack';
import { DAY, intervalOf, LATE, plantedDay } from './planted-day';
import { stageReadings } from './seed';
import { createRegistryClient } from '../../../tasks/registry/client';
import { createDecoder, loadAvroSchema } from '../../../tasks/registry/avro-serde';
import { migratePostgres } from '../../../tasks/postgres/migrate';

jest.setTimeout(300_000);

const day = plantedDay();
const keyspace = uniqueName('an');
const topics = { readings: uniqueName('an.readings'), dlq: uniqueName('an.dlq'), alerts: uniqueName('an.alerts') };
const registryUrl = `http://127.0.0.1:${ports.REGISTRY_PORT}/apis/ccompat/v7`;
const cassandra = new Client({ contactPoints: [`127.0.0.1:${ports.CASSANDRA_PORT}`], localDataCenter: 'datacenter1' });
const kafka = new Kafka({ brokers: [`127.0.0.1:${ports.KAFKA_PORT}`], logLevel: logLevel.NOTHING, clientId: 'analytics-test' });

let db: Awaited<ReturnType<typeof freshDatabase>>;
let pool: Pool;
let env: Record<string, string>;
let webhookPort: number;
let webhook: Server | undefined;
const received: Array<{ text: string; footer: string }> = [];

const iso = (d: Date) => d.toISOString();
const flags = (i: number) => ['--interval-start', iso(intervalOf(i).start), '--interval-end', iso(intervalOf(i).end)];

async function step(args: string[]) {
  const r = await runAqi(args, env);
  if (r.code !== 0) throw new Error(`aqi ${args[0]} exited ${r.code}: ${r.stdout}\n${r.stderr.slice(-2000)}`);
  // The webhook URL carries a credential (as Slack's do): it must reach no summary and no log.
  expect(`${r.stdout}${r.stderr}`).not.toContain('B000/secret');
  return r.summary as Record<string, unknown>;
}

function startWebhook(): Promise<void> {
  webhook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const msg = JSON.parse(body) as { text: string; attachments: Array<{ footer: string }> };
      received.push({ text: msg.text, footer: msg.attachments[0]?.footer ?? '' });
      res.writeHead(200).end('ok');
    });
  });
  return new Promise((resolve) => webhook?.listen(webhookPort, '127.0.0.1', resolve));
}

async function dump(table: string): Promise<string[]> {
  const rs = await cassandra.execute(`SELECT * FROM ${keyspace}.${table}`);
  return rs.rows.map((r) => JSON.stringify(r)).sort();
}

async function window(scope: string, scopeKey: string, granularity: string, w: string) {
  const rs = await cassandra.execute(
    `SELECT * FROM ${keyspace}.aqi_windows WHERE scope = ? AND scope_key = ? AND granularity = ? AND window = ?`,
    [scope, scopeKey, granularity, w], { prepare: true },
  );
  return rs.first();
}

beforeAll(async () => {
  db = await freshDatabase();
  pool = new Pool({ connectionString: db.url });
  await migratePostgres(pool);
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  webhookPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  env = stackEnv({
    AQI_PG_URL: db.url, AQI_CASSANDRA_KEYSPACE: keyspace, AQI_CASSANDRA_CONSISTENCY: 'ONE',
    AQI_TOPIC_READINGS: topics.readings, AQI_TOPIC_DLQ: topics.dlq, AQI_TOPIC_ALERTS: topics.alerts,
    AQI_ALERT_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/hooks/T000/B000/secret`,
    AQI_ALERT_WEBHOOK_TIMEOUT_MS: '1000', AQI_ALERT_WEBHOOK_MAX_RETRIES: '1',
  });
  await cassandra.connect();
});

afterAll(async () => {
  webhook?.closeAllConnections();
  await new Promise((r) => (webhook ? webhook.close(r) : r(undefined)));
  await pool?.end();
  await db?.drop();
  await cassandra.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`).catch(() => undefined);
  await cassandra.shutdown();
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  await admin.deleteTopics({ topics: Object.values(topics).filter((t) => existing.has(t)) }).catch(() => undefined);
  await admin.disconnect();
  const registry = createRegistryClient(registryUrl);
  for (const t of Object.values(topics)) {
    for (const s of [`${t}-value`, `${t}-key`]) await registry.deleteSubject(s).catch(() => undefined);
  }
});

const runs: Array<Record<string, unknown>> = [];

test('four intervals through stage, publish, classify, aggregate and alerts', async () => {
  for (let i = 0; i < 4; i += 1) {
    if (i === 2) await startWebhook();
    await stageReadings(pool, day.filter((r) => r.interval === i), intervalOf(i));
    await step(['publish', ...flags(i)]);
    await step(['classify', '--group', `${keyspace}-g`]);
    const aggregate = await step(['aggregate', ...flags(i)]);
    const alerts = await step(['alerts', ...flags(i)]);
    runs.push({ aggregate, alerts });
    if (i === 0) {
      // Before the late reading arrives, the 03:00 city window has one station.
      expect(await window('city', 'netherland/utrecht', 'hour', `${DAY}T03:00Z`)).toMatchObject({ stations: 1, readings: 1 });
    }
  }
  const alertRuns = runs.map((r) => r.alerts as Record<string, unknown>);
  expect(alertRuns.map((a) => a.newEvents)).toEqual([1, 2, 2, 1]);
  expect(alertRuns.map((a) => (a.webhook as { pending: number }).pending)).toEqual([1, 3, 0, 0]);
  expect(alertRuns[3]).toMatchObject({ alreadyApplied: 1, openEpisodes: 1 });
}, 600_000);

test('the planted episodes, exactly', async () => {
  const rs = await cassandra.execute(`SELECT * FROM ${keyspace}.alert_events`);
  const events = rs.rows
    .map((r) => `${r.get('station_id')} ${r.get('type')} ${r.get('level')} ${(r.get('occurred_at') as Date).toISOString().slice(11, 13)} aqi=${r.get('aqi')} peak=${r.get('peak_aqi')}`)
    .sort();
  expect(events).toEqual([
    '101 closed hazardous 12 aqi=70 peak=320',
    '101 closed unhealthy 18 aqi=100 peak=155',
    '101 escalated hazardous 08 aqi=320 peak=320',
    '101 opened unhealthy 06 aqi=160 peak=160',
    '101 opened unhealthy 14 aqi=155 peak=155',
    '103 opened hazardous 00 aqi=350 peak=350',
  ]);
  const state = await cassandra.execute(`SELECT station_id, level, episode_start FROM ${keyspace}.alert_state`);
  const open = state.rows.filter((r) => r.get('level') !== null).map((r) => r.get('station_id'));
  expect(open).toEqual([103]);
});

test('the windows, by hand', async () => {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const s101 = day.filter((r) => r.stationId === 101).map((r) => r.aqi as number);
  // +01:00: UTC hours 00-22 are the local 20th, 23 the 21st.
  expect(await window('station', '101', 'day', DAY)).toMatchObject({
    stations: 1, readings: 23, aqi_count: 23, aqi_min: 40, aqi_max: 320, aqi_sum: sum(s101.slice(0, 23)), dominant_pollutant: 'pm25',
  });
  expect(await window('station', '101', 'day', '2026-11-21')).toMatchObject({ readings: 1, aqi_sum: 40 });
  expect(await window('station', '101', 'hour', `${DAY}T08:00Z`)).toMatchObject({
    readings: 1, aqi_mean: 320, category_counts: { hazardous: 1 },
  });
  // +05:30: UTC hours 00-18 are the local 20th, 19-23 the 21st.
  expect(await window('station', '103', 'day', DAY)).toMatchObject({ readings: 19, aqi_mean: 350 });
  expect(await window('station', '103', 'day', '2026-11-21')).toMatchObject({ readings: 5 });
  // The late 03:00 reading of station 102 is in its hour, its day, its city and its country.
  expect(await window('station', '102', 'hour', `${DAY}T03:00Z`)).toMatchObject({ readings: 1, aqi_sum: 60 });
  expect(await window('station', '102', 'day', DAY)).toMatchObject({ readings: 23, aqi_count: 22, aqi_mean: 60 });
  expect(await window('city', 'netherland/utrecht', 'hour', `${DAY}T03:00Z`)).toMatchObject({ stations: 2, readings: 2, aqi_sum: 100 });
  const country = await window('country', 'netherland', 'day', DAY);
  expect(country).toMatchObject({ stations: 2, readings: 46, aqi_count: 45, aqi_min: 40, aqi_max: 320 });
  expect(country?.get('aqi_mean')).toBeCloseTo((sum(s101.slice(0, 23)) + 22 * 60) / 45, 9);
  expect(country?.get('category_counts')).toEqual({ good: 11, moderate: 28, unhealthy_sensitive: 1, unhealthy: 4, hazardous: 1 });
  expect(await window('country', 'india', 'hour', `${DAY}T12:00Z`)).toMatchObject({ stations: 1, readings: 1, aqi_max: 350 });
});

test('rerun and backfill in reverse order: nothing changes, nothing is sent twice', async () => {
  const tables = ['aqi_windows', 'aqi_window_shares', 'alert_events', 'alert_events_by_day', 'alert_state', 'alert_outbox'];
  const before = await Promise.all(tables.map(dump));
  for (const i of [0, 1, 2, 3, 3, 2, 1, 0]) {
    const aggregate = await step(['aggregate', ...flags(i)]);
    const alerts = await step(['alerts', ...flags(i)]);
    expect(aggregate.stationWindows).toBeGreaterThan(0);
    expect(alerts).toMatchObject({ newEvents: 0, kafkaSent: 0, webhook: { delivered: 0, rejected: 0, pending: 0 } });
  }
  expect(await Promise.all(tables.map(dump))).toEqual(before);
});

test('Kafka and the webhook each got every event exactly once, in order per station', async () => {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topics.alerts);
  await admin.disconnect();
  const total = offsets.reduce((n, o) => n + Number(o.high), 0);
  expect(total).toBe(6);

  const decoder = createDecoder<{ event_id: string; station_id: number; type: string }>(createRegistryClient(registryUrl), loadAvroSchema('alert-value.avsc'));
  const consumer = kafka.consumer({ groupId: uniqueName('an-check') });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.alerts, fromBeginning: true });
  const seen: Array<{ event_id: string; station_id: number; type: string }> = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${seen.length} messages`)), 60_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        await decoder.prepare([message.value]);
        seen.push(decoder.decode(message.value));
        if (seen.length === total) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  expect(new Set(seen.map((m) => m.event_id)).size).toBe(6);
  expect(seen.filter((m) => m.station_id === 101).map((m) => m.type)).toEqual(['opened', 'escalated', 'closed', 'opened', 'closed']);

  expect(received).toHaveLength(6);
  expect(new Set(received.map((r) => r.footer)).size).toBe(6);
  expect(received.filter((r) => r.footer.startsWith('station 101')).map((r) => r.text.slice(0, 20))).toEqual([
    ':warning: Unhealthy ', ':rotating_light: Air', ':white_check_mark: H', ':warning: Unhealthy ', ':white_check_mark: U',
  ]);
});

test('aqi query reads it back as tables and JSON lines', async () => {
  const range = ['--from', '2026-11-19T00:00:00Z', '--to', '2026-11-22T00:00:00Z'];
  const lines = async (args: string[]) => {
    const r = await runAqi(['query', ...args, '--json'], env);
    expect(r.code).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = out.pop();
    expect(summary).toMatchObject({ status: 'ok', rows: out.length });
    return out;
  };
  expect((await lines(['windows', '--country', 'netherland', '--granularity', 'day', ...range])).map((w) => [w.window, w.readings])).toEqual([
    ['2026-11-21', 2], [DAY, 46],
  ]);
  expect(await lines(['windows', '--city', 'utrecht', '--country', 'netherland', '--category', 'hazardous', ...range])).toHaveLength(1);
  expect((await lines(['alerts', ...range])).map((a) => a.type)).toEqual(['closed', 'opened', 'closed', 'escalated', 'opened', 'opened']);
  expect((await lines(['alerts', '--open'])).map((a) => [a.station_id, a.level])).toEqual([[103, 'hazardous']]);
  // --open honours the place filters too (103 is in India), case-insensitively.
  expect(await lines(['alerts', '--open', '--country', 'netherland'])).toEqual([]);
  expect((await lines(['alerts', '--open', '--country', 'INDIA'])).map((a) => a.station_id)).toEqual([103]);
  // Window partitions are keyed as stored; the query finds them whatever the case typed.
  expect((await lines(['windows', '--country', 'NetherLand', '--granularity', 'day', ...range])).map((w) => [w.window, w.readings])).toEqual([
    ['2026-11-21', 2], [DAY, 46],
  ]);
  expect(await lines(['windows', '--city', 'UTRECHT', '--country', 'netherland', '--category', 'hazardous', ...range])).toHaveLength(1);
  expect(await lines(['history', '--station', '101', '--limit', '100', ...range])).toHaveLength(24);
  const latest = await lines(['latest', '--city', 'Utrecht']);
  expect(latest.map((r) => r.station_id)).toEqual([102, 101]);
  // Stored as JSON text, read back as JSON: not a string holding JSON inside the JSON line.
  expect(latest.every((r) => Array.isArray(r.attributions))).toBe(true);

  const table = await runAqi(['query', 'alerts', '--station', '101', ...range], env);
  const [header, rule, first] = table.stdout.split('\n');
  expect(header).toMatch(/^occurred_at\s+type\s+level\s+station/);
  expect(rule).toMatch(/^-+\s+-+/);
  expect(first).toMatch(/^2026-11-20T18:00Z\s+closed\s+unhealthy\s+101/);
  const bad = await runAqi(['query', 'windows', '--city', 'utrecht'], env);
  expect(bad.code).toBe(64);
});
