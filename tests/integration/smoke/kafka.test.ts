/**
 * Kafka smoke test over the real protocol with the client the pipeline uses (kafkajs 2.2.4):
 * admin, idempotent producer with acks=all, consumer-group join and commit. It also pins
 * down which broker line answered, because Kafka 4 dropped old request versions (KIP-896).
 */
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { ports, uniqueName } from '../support/stack';
import { fetchApiVersions } from '../support/kafka-api-versions';

const broker = `127.0.0.1:${ports.KAFKA_PORT}`;
const kafka = new Kafka({ clientId: 'aqi-smoke', brokers: [broker], logLevel: logLevel.NOTHING });

// The highest version kafkajs 2.2.4 sends for each request it needs (its protocol/requests).
const KAFKAJS_MAX: Record<string, [number, number]> = {
  Produce: [0, 7],
  Fetch: [1, 11],
  ListOffsets: [2, 3],
  Metadata: [3, 6],
  OffsetCommit: [8, 5],
  OffsetFetch: [9, 4],
  FindCoordinator: [10, 2],
  JoinGroup: [11, 5],
  Heartbeat: [12, 3],
  LeaveGroup: [13, 3],
  SyncGroup: [14, 3],
  InitProducerId: [22, 1],
  CreateTopics: [19, 3],
  DeleteTopics: [20, 3],
};

describe('kafka smoke', () => {
  const topic = uniqueName('smoke_kafka');
  const groupId = uniqueName('smoke_group');
  const sharedTopic = uniqueName('smoke_kafka_shared');
  const sharedGroup = uniqueName('smoke_group_shared');
  const admin = kafka.admin();

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteGroups([groupId, sharedGroup]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic, sharedTopic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('is a Kafka 4 broker that still serves every request version kafkajs sends', async () => {
    const versions = await fetchApiVersions('127.0.0.1', Number(ports.KAFKA_PORT));
    // Every 3.x broker serves Fetch v0; 4.0 removed v0-v3 (KIP-896). Produce is no marker:
    // 4.x still advertises Produce v0 for old librdkafka clients, though it refuses v0-v2.
    expect(versions.get(1)?.min).toBeGreaterThanOrEqual(4);
    for (const [name, [key, kafkajsMax]] of Object.entries(KAFKAJS_MAX)) {
      const range = versions.get(key);
      expect({ name, served: range !== undefined && range.min <= kafkajsMax }).toEqual({ name, served: true });
    }
  });

  it('creates a topic, produces idempotently and commits a consumer group', async () => {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const messages = Array.from({ length: 12 }, (_, i) => ({ key: `station-${i % 4}`, value: `reading-${i}` }));
    await producer.send({ topic, acks: -1, messages });
    await producer.disconnect();

    const end = await admin.fetchTopicOffsets(topic);
    expect(end.reduce((sum, p) => sum + Number(p.high), 0)).toBe(messages.length);

    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            seen.push(message.value?.toString() ?? '');
            await consumer.commitOffsets([{ topic, partition, offset: (Number(message.offset) + 1).toString() }]);
            if (seen.length === messages.length) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();

    expect(seen.sort()).toEqual(messages.map((m) => m.value).sort());
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const total = committed.flatMap((t) => t.partitions).reduce((sum, p) => sum + Number(p.offset), 0);
    expect(total).toBe(messages.length);
  });

  it('balances one group across three members that join at once, losing nothing', async () => {
    await admin.createTopics({ topics: [{ topic: sharedTopic, numPartitions: 6, replicationFactor: 1 }], waitForLeaders: true });
    const total = 300;
    const seenBy = [new Set<string>(), new Set<string>(), new Set<string>()];
    const crashes: string[] = [];
    const members = seenBy.map(() => kafka.consumer({ groupId: sharedGroup, sessionTimeout: 30_000, heartbeatInterval: 1_000 }));
    await Promise.all(
      members.map(async (consumer, i) => {
        consumer.on(consumer.events.CRASH, (e) => crashes.push(String(e.payload.error)));
        await consumer.connect();
        await consumer.subscribe({ topic: sharedTopic, fromBeginning: true });
        await consumer.run({ eachMessage: async ({ message }) => void seenBy[i]?.add(message.value?.toString() ?? '') });
      }),
    );
    const started = Date.now();
    await until(async () => {
      const { groups } = await admin.describeGroups([sharedGroup]);
      return groups[0]?.state === 'Stable' && groups[0].members.length === 3;
    });
    const joinedMs = Date.now() - started;

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic: sharedTopic,
      acks: -1,
      messages: Array.from({ length: total }, (_, i) => ({ key: `station-${i}`, value: String(i) })),
    });
    await producer.disconnect();
    await until(async () => seenBy.reduce((n, s) => n + s.size, 0) >= total);
    await Promise.all(members.map((c) => c.disconnect()));
    console.info(`3 members joined one group in ${joinedMs} ms; consumed ${total} messages`);

    expect(crashes).toEqual([]);
    expect(new Set(seenBy.flatMap((s) => [...s])).size).toBe(total);
    expect(seenBy.map((s) => s.size > 0)).toEqual([true, true, true]);
    const committed = await admin.fetchOffsets({ groupId: sharedGroup, topics: [sharedTopic] });
    expect(committed.flatMap((t) => t.partitions).reduce((sum, p) => sum + Number(p.offset), 0)).toBe(total);
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
