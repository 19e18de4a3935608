// The DAG tests' window on Cassandra and Kafka (the Python venv has no drivers for them;
// the project's own node_modules do). Plain JS so it runs without a build.
//   node stack_probe.js snapshot KEYSPACE [TABLE...] -> JSON {table: [rows sorted]} on stdout (default: the readings tables)
//   node stack_probe.js drop KEYSPACE TOPIC...   -> drops the keyspace and deletes the topics
//   node stack_probe.js offsets KEYSPACE TOPIC   -> messages ever written to TOPIC (sum of end offsets)
'use strict';
const path = require('node:path');
const root = path.join(__dirname, '..', '..', '..');
const cassandra = require(path.join(root, 'node_modules', 'cassandra-driver'));
const { Kafka, logLevel } = require(path.join(root, 'node_modules', 'kafkajs'));

const TABLES = ['readings_by_station_day', 'latest_by_station', 'stations_by_country_hour'];
const contactPoints = (process.env.AQI_CASSANDRA_CONTACT_POINTS || '127.0.0.1:19042').split(',');
const brokers = (process.env.AQI_KAFKA_BROKERS || '127.0.0.1:19092').split(',');

function plain(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && typeof value.toJSON === 'function') return value.toJSON();
  if (typeof value === 'object' && typeof value.toString === 'function' && value.constructor && value.constructor.name !== 'Object' && !Array.isArray(value)) return value.toString();
  return value;
}

async function snapshot(keyspace, tables) {
  if (!tables.every((t) => /^[a-z_]{1,48}$/.test(t))) throw new Error('a table name must be [a-z_]');
  const client = new cassandra.Client({ contactPoints, localDataCenter: 'datacenter1' });
  await client.connect();
  try {
    const out = {};
    for (const table of tables.length > 0 ? tables : TABLES) {
      const rows = [];
      for await (const row of client.stream(`SELECT * FROM ${keyspace}.${table}`, [], { prepare: true, fetchSize: 1000 })) {
        const obj = {};
        for (const key of Object.keys(row).sort()) obj[key] = plain(row[key]);
        rows.push(JSON.stringify(obj));
      }
      out[table] = rows.sort();
    }
    process.stdout.write(JSON.stringify(out));
  } finally {
    await client.shutdown();
  }
}

async function drop(keyspace, topics) {
  const client = new cassandra.Client({ contactPoints, localDataCenter: 'datacenter1' });
  await client.connect();
  await client.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
  await client.shutdown();
  const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const doomed = topics.filter((t) => existing.has(t));
  if (doomed.length) await admin.deleteTopics({ topics: doomed });
  await admin.disconnect();
}

async function offsets(topic) {
  const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const parts = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  process.stdout.write(String(parts.reduce((n, p) => n + Number(p.high), 0)));
}

const [command, keyspace, ...rest] = process.argv.slice(2);
if (!/^[a-z][a-z0-9_]{0,47}$/.test(keyspace || '')) {
  console.error('usage: stack_probe.js snapshot|drop KEYSPACE [TOPIC...]');
  process.exit(64);
}
const actions = { snapshot: () => snapshot(keyspace, rest), drop: () => drop(keyspace, rest), offsets: () => offsets(rest[0]) };
if (!actions[command]) {
  console.error(`unknown command ${command}`);
  process.exit(64);
}
actions[command]().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
