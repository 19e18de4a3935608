import { applyCassandraSchema } from '../cassandra/schema';
import { createCassandraClient } from '../cassandra/client';
import type { StepContext, Summary } from '../core/run-command';
import { createProgress } from '../core/progress';
import { peakRssMiB } from '../core/peak-rss';
import { createKafka } from '../kafka/client';
import { awaitGroupCoordinator, isCoordinatorStarting } from '../kafka/coordinator';
import { createIdempotentProducer } from '../kafka/producer';
import { ensureTopics, streamTopics } from '../kafka/topics';
import type { ReadingRecord } from '../publish/reading-record';
import { VALUE_SCHEMA_FILE } from '../publish/run-publish';
import { createDecoder, loadAvroSchema } from '../registry/avro-serde';
import { createRegistryClient } from '../registry/client';
import { consumeToSnapshot, type ConsumeResult } from './consume';
import { committedMap, remaining, toSnapshot } from './offsets';

export interface ClassifyFlags {
  group: string;
  maxWaitMs: number;
  pollMs: number;
  fetchBytes: number;
  chunkSize: number;
}

const NOTHING_CONSUMED: ConsumeResult = { consumed: 0, written: 0, statements: 0, deadLettered: 0, categories: {}, partitions: [], remainingAtEnd: 0 };

/** `aqi classify`: wires Kafka, the registry and Cassandra around consumeToSnapshot. */
export async function runClassify({ config, log, signal }: StepContext<ClassifyFlags>): Promise<Summary> {
  const { flags } = config;
  const topic = config.kafka.readingsTopic;
  const cassandra = createCassandraClient(config.cassandra, 'classify');
  const kafka = createKafka(config.kafka, log, 'classify');
  const admin = kafka.admin();
  const dlqProducer = createIdempotentProducer(kafka);
  const consumer = kafka.consumer({
    groupId: flags.group,
    sessionTimeout: config.kafka.sessionTimeoutMs,
    heartbeatInterval: Math.max(500, Math.floor(config.kafka.sessionTimeoutMs / 10)),
    rebalanceTimeout: 60_000,
    // Fetch sizes (compressed bytes) bound the raw batches held in memory whatever the backlog.
    maxBytesPerPartition: flags.fetchBytes,
    maxBytes: flags.fetchBytes * 4,
    maxWaitTimeInMs: 500,
    allowAutoTopicCreation: false,
    // A failure the retries cannot fix ends the step (exit 75) instead of restarting in a
    // loop; only a coordinator still loading is worth a restart (bounded by --max-wait-ms).
    retry: { retries: 5, restartOnFailure: async (err) => isCoordinatorStarting(err) },
  });
  try {
    await cassandra.connect();
    const schema = await applyCassandraSchema(cassandra, config.cassandra.keyspace, config.cassandra.replication);
    await admin.connect();
    const topics = await ensureTopics(admin, streamTopics(config.kafka));
    const coordinatorWaitMs = await awaitGroupCoordinator(admin, flags.group, { timeoutMs: config.kafka.coordinatorWaitMs, log, signal });
    const snapshot = toSnapshot(await admin.fetchTopicOffsets(topic));
    const atStart = await admin.fetchOffsets({ groupId: flags.group, topics: [topic] });
    const toDo = remaining(snapshot, committedMap(atStart[0]?.partitions ?? [])).total;
    log.info('classifying up to the snapshot', { group: flags.group, topic, messages: toDo, partitions: snapshot.size });
    const connectAndConsume = async (...args: Parameters<typeof consumeToSnapshot>) => {
      await dlqProducer.connect();
      await consumer.connect();
      return consumeToSnapshot(...args);
    };
    const progress = createProgress('classify', toDo, log);
    const consumeStarted = Date.now();
    // Nothing up to the snapshot (a rerun): no need to join the group and make it rebalance.
    const result = toDo === 0 ? NOTHING_CONSUMED : await connectAndConsume(
      { consumer, admin, dlqProducer, cassandra, decoder: createDecoder<ReadingRecord>(createRegistryClient(config.registry.url), loadAvroSchema(VALUE_SCHEMA_FILE)), log, progress, signal },
      {
        groupId: flags.group,
        topic,
        deadLetterTopic: config.kafka.deadLetterTopic,
        keyspace: config.cassandra.keyspace,
        concurrency: config.cassandra.concurrency,
        snapshot,
        pollMs: flags.pollMs,
        maxWaitMs: flags.maxWaitMs,
        chunkSize: flags.chunkSize,
      },
    );
    const consumeMs = Date.now() - consumeStarted;
    progress.done();
    await consumer.disconnect(); // leaves the group now, so the others rebalance at once
    const ends = toSnapshot(await admin.fetchTopicOffsets(topic));
    const committed = await admin.fetchOffsets({ groupId: flags.group, topics: [topic] });
    return {
      group: flags.group,
      topic,
      deadLetterTopic: config.kafka.deadLetterTopic,
      keyspace: schema.keyspace,
      snapshotMessages: toDo,
      consumed: result.consumed,
      written: result.written,
      cassandraStatements: result.statements,
      deadLettered: result.deadLettered,
      categories: result.categories,
      partitions: result.partitions,
      topicPartitions: topics.partitions[topic],
      lagAtEnd: remaining(ends, committedMap(committed[0]?.partitions ?? [])).total,
      consumeMs,
      coordinatorWaitMs,
      peakRssMiB: peakRssMiB(),
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await dlqProducer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await cassandra.shutdown().catch(() => undefined);
  }
}
