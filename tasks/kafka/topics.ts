import type { Admin } from 'kafkajs';
import type { Sections } from '../config/load';
import { retryable } from '../core/errors';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  replicationFactor: number;
  configs?: Record<string, string>;
}

/**
 * A topic replicated as configured. With acks=all (every producer here), min.insync.replicas
 * is what makes a write durable: with 3 replicas and 2 in sync, any one broker can die.
 */
export function replicatedTopic(cfg: Sections['kafka'], topic: string, numPartitions: number, configs: Record<string, string> = {}): TopicSpec {
  return {
    topic,
    numPartitions,
    replicationFactor: cfg.replicationFactor,
    configs: { 'min.insync.replicas': String(cfg.minInsyncReplicas), ...configs },
  };
}

/** The readings topic and its dead-letter topic, as every stream step expects them. */
export function streamTopics(cfg: Sections['kafka']): TopicSpec[] {
  return [
    replicatedTopic(cfg, cfg.readingsTopic, cfg.partitions),
    // Dead letters wait for a human: keep them longer than the readings (30 days).
    replicatedTopic(cfg, cfg.deadLetterTopic, 1, { 'retention.ms': String(30 * 24 * 3600 * 1000) }),
  ];
}

export interface EnsuredTopics {
  created: string[];
  partitions: Record<string, number>;
}

/**
 * kafkajs 2.2.4's listTopics destructures the cluster's metadata unchecked: when the broker
 * connection drops between connect and the call, it throws a TypeError instead of a
 * connection error (found by `make chaos`: Kafka SIGKILLed during publish's start-up).
 * That is a lost broker, so it is retryable like any other.
 */
async function listTopics(admin: Admin): Promise<string[]> {
  try {
    return await admin.listTopics();
  } catch (err) {
    if (err instanceof TypeError) throw retryable('KAFKA_METADATA_LOST', `Kafka metadata unavailable, the broker connection was lost: ${err.message}`, err);
    throw err;
  }
}

/**
 * Creates the topics that are missing and reports each topic's partition count. Existing
 * topics are left as they are (a smaller partition count than configured is reported,
 * not changed: adding partitions would move stations to other partitions).
 */
export async function ensureTopics(admin: Admin, specs: TopicSpec[]): Promise<EnsuredTopics> {
  const existing = new Set(await listTopics(admin));
  const missing = specs.filter((s) => !existing.has(s.topic));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: s.topic,
        numPartitions: s.numPartitions,
        replicationFactor: s.replicationFactor,
        configEntries: Object.entries(s.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  const meta = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.topic) });
  const partitions: Record<string, number> = {};
  for (const t of meta.topics) partitions[t.name] = t.partitions.length;
  return { created: missing.map((s) => s.topic), partitions };
}

export async function deleteTopics(admin: Admin, topics: string[]): Promise<void> {
  const existing = new Set(await listTopics(admin));
  const present = topics.filter((t) => existing.has(t));
  if (present.length > 0) await admin.deleteTopics({ topics: present });
}
