import type { Message, Producer, ProducerBatch, RecordMetadata } from 'kafkajs';
import { AqiError } from '../../../tasks/core/errors';
import { assignPartitions, sendAcknowledged, unacknowledged } from '../../../tasks/kafka/send-acknowledged';

const TOPIC = 'readings';
const keyed = (n: number): Message[] => Array.from({ length: n }, (_, i) => ({ key: Buffer.from(`station-${i % 40}`), value: Buffer.from(String(i)) }));
const answer = (partition: number, errorCode = 0, topicName = TOPIC): RecordMetadata => ({ topicName, partition, errorCode });

/**
 * A producer whose sendBatch answers like kafkajs 2.2.4 after a leader died mid-send: it
 * resolves, but without an answer for the partitions in `skipped` (its first N calls).
 */
function skippingProducer(skipped: number[], times: number) {
  const sent: Message[][] = [];
  const producer = {
    async sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]> {
      const messages = batch.topicMessages?.[0]?.messages ?? [];
      sent.push(messages);
      const partitions = [...new Set(messages.map((m) => m.partition as number))];
      const skip = sent.length <= times ? skipped : [];
      return partitions.filter((p) => !skip.includes(p)).map((p) => answer(p));
    },
  } as unknown as Producer;
  return { producer, sent };
}

describe('assignPartitions', () => {
  it('gives every message a partition in range, the same one for the same key', () => {
    const messages = assignPartitions(TOPIC, keyed(400), 6);
    const byKey = new Map<string, Set<number>>();
    for (const m of messages) {
      expect(m.partition).toBeGreaterThanOrEqual(0);
      expect(m.partition).toBeLessThan(6);
      byKey.set(String(m.key), (byKey.get(String(m.key)) ?? new Set()).add(m.partition as number));
    }
    expect([...byKey.values()].every((p) => p.size === 1)).toBe(true);
    expect(new Set(messages.map((m) => m.partition)).size).toBe(6);
  });
});

describe('unacknowledged', () => {
  it('returns the messages of partitions with no clean answer for this topic', () => {
    const sent: Message[] = [0, 1, 2, 2, 3].map((partition) => ({ value: 'x', partition }));
    const answers = [answer(0), answer(1, 6), answer(2, 0, 'other-topic'), answer(3)];
    expect(unacknowledged(TOPIC, sent, answers).map((m) => m.partition)).toEqual([1, 2, 2]);
  });
});

describe('sendAcknowledged', () => {
  it('sends again exactly the messages of a partition kafkajs skipped, and counts them', async () => {
    const { producer, sent } = skippingProducer([2], 1);
    const messages = keyed(400);
    const resent = await sendAcknowledged(producer, TOPIC, messages, 6);
    const ofPartition2 = messages.filter((m) => m.partition === 2);
    expect(ofPartition2.length).toBeGreaterThan(0);
    expect(resent).toBe(ofPartition2.length);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(ofPartition2);
  });

  it('sends once when every partition is acknowledged', async () => {
    const { producer, sent } = skippingProducer([], 0);
    expect(await sendAcknowledged(producer, TOPIC, keyed(50), 6)).toBe(0);
    expect(sent).toHaveLength(1);
  });

  it('gives up with a retryable error when a partition is never acknowledged', async () => {
    const { producer, sent } = skippingProducer([4], 99);
    const failure = await sendAcknowledged(producer, TOPIC, keyed(100), 6).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(AqiError);
    expect(failure).toMatchObject({ code: 'KAFKA_NOT_ACKNOWLEDGED', retryable: true });
    expect(sent).toHaveLength(4);
  });
});
