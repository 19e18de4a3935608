import { retryable } from '../core/errors';
import { allOrFirstError } from '../core/settle';
import { createKafka } from '../kafka/client';
import { createIdempotentProducer } from '../kafka/producer';
import { ensureTopics, streamTopics } from '../kafka/topics';
import type { StepContext, Summary } from '../core/run-command';
import { createProgress } from '../core/progress';
import { peakRssMiB } from '../core/peak-rss';
import { createPgPool } from '../postgres/pool';
import { migratePostgres } from '../postgres/migrate';
import { createRegistryClient } from '../registry/client';
import { loadAvroSchema, registeredEncoder } from '../registry/avro-serde';
import { countInterval } from './outbox';
import { publishInterval } from './publish';
import type { ReadingRecord, StationKey } from './reading-record';

export interface PublishFlags {
  intervalStart: Date;
  intervalEnd: Date;
  replay: boolean;
  pageSize: number;
}

export const KEY_SCHEMA_FILE = 'station-key.avsc';
export const VALUE_SCHEMA_FILE = 'reading-value.avsc';

/** `aqi publish`: wires PostgreSQL, the registry and Kafka around publishInterval. */
export async function runPublish({ config, log, signal }: StepContext<PublishFlags>): Promise<Summary> {
  const { flags } = config;
  const topic = config.kafka.readingsTopic;
  const pool = createPgPool(config.postgres, 'publish');
  const kafka = createKafka(config.kafka, log, 'publish');
  const admin = kafka.admin();
  const producer = createIdempotentProducer(kafka);
  try {
    // Start-up talks to four independent services: done one after another it took about
    // 0.8 s, a fifth of a 200,000-reading run. The outbox count needs the migrations first.
    // All of them settle before a failure is raised, so `finally` closes everything.
    const registry = createRegistryClient(config.registry.url);
    const [keyEncoder, valueEncoder, topics, before] = await allOrFirstError([
      registeredEncoder<StationKey>(registry, `${topic}-key`, loadAvroSchema(KEY_SCHEMA_FILE)),
      registeredEncoder<ReadingRecord>(registry, `${topic}-value`, loadAvroSchema(VALUE_SCHEMA_FILE)),
      (async () => {
        await admin.connect();
        const ensured = await ensureTopics(admin, streamTopics(config.kafka));
        await admin.disconnect();
        await producer.connect();
        return ensured;
      })(),
      migratePostgres(pool).then(() => countInterval(pool, flags)),
    ]);
    const pending = flags.replay ? before.total : before.total - before.published;
    log.info('publishing', { topic, pending, replay: flags.replay, createdTopics: topics.created });
    const progress = createProgress('publish', pending, log);
    const partitions = topics.partitions[topic];
    if (!partitions) throw retryable('KAFKA_NO_METADATA', `no partition metadata for ${topic}; rerun`);
    const result = await publishInterval(
      { pool, producer, topic, partitions, keyEncoder, valueEncoder, progress, signal },
      { intervalStart: flags.intervalStart, intervalEnd: flags.intervalEnd, replay: flags.replay, pageSize: flags.pageSize },
    );
    progress.done();
    return {
      interval: { start: flags.intervalStart.toISOString(), end: flags.intervalEnd.toISOString() },
      replay: flags.replay,
      published: result.published,
      markedPublished: result.marked,
      alreadyPublished: flags.replay ? 0 : before.published,
      pages: result.pages,
      resentAfterLeaderChange: result.resent,
      topic,
      partitions: topics.partitions[topic],
      deadLetterTopic: config.kafka.deadLetterTopic,
      createdTopics: topics.created,
      schemaIds: { key: keyEncoder.schemaId, value: valueEncoder.schemaId },
      peakRssMiB: peakRssMiB(),
    };
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await pool.end().catch(() => undefined);
  }
}
