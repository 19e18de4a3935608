import { Partitioners, type Message, type PartitionMetadata, type Producer, type RecordMetadata } from 'kafkajs';
import { retryable } from '../core/errors';
import { PRODUCER_ACKS, PRODUCER_COMPRESSION } from './producer';

/**
 * kafkajs 2.2.4 can resolve sendBatch without having sent some of its messages
 * (tulios/kafkajs#1303; found here by `make chaos-cluster`, which lost 66 of 4,800
 * readings with every step exiting 0). When a partition leader dies mid-send, the retry
 * refreshes metadata and sends only to brokers that have not answered yet, so partitions
 * whose leadership moved to a broker that already answered are skipped in silence.
 *
 * So every message carries its partition (the one kafkajs's default partitioner picks for
 * its key: nothing moves), every partition sent must come back in the answers, and the
 * messages of a partition that did not are sent again. The failed request rolled back
 * their idempotent-producer sequence numbers, so the resend neither loses nor duplicates.
 */
const MAX_RESENDS = 3;

/** Sets each message's partition as kafkajs's default partitioner would choose it. */
export function assignPartitions(topic: string, messages: Message[], partitions: number): Message[] {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionErrorCode: 0, partitionId, leader: 0, replicas: [], isr: [],
  }));
  for (const message of messages) message.partition = partitioner({ topic, partitionMetadata, message });
  return messages;
}

/** The messages whose partition no answer acknowledged. */
export function unacknowledged(topic: string, sent: readonly Message[], answers: readonly RecordMetadata[]): Message[] {
  const acked = new Set(answers.filter((a) => a.topicName === topic && a.errorCode === 0).map((a) => a.partition));
  return sent.filter((m) => !acked.has(m.partition as number));
}

/**
 * Sends the messages with acks=all until every partition is acknowledged; returns how many
 * messages had to be sent again. Still unacknowledged after MAX_RESENDS: retryable error.
 */
export async function sendAcknowledged(producer: Producer, topic: string, messages: Message[], partitions: number): Promise<number> {
  let pending = assignPartitions(topic, messages, partitions);
  let resent = 0;
  for (let attempt = 0; ; attempt += 1) {
    const answers = await producer.sendBatch({ topicMessages: [{ topic, messages: pending }], acks: PRODUCER_ACKS, compression: PRODUCER_COMPRESSION });
    const missing = unacknowledged(topic, pending, answers);
    if (missing.length === 0) return resent;
    if (attempt >= MAX_RESENDS) {
      throw retryable('KAFKA_NOT_ACKNOWLEDGED', `${missing.length} messages to ${topic} were never acknowledged after ${MAX_RESENDS} resends; rerun to send them`);
    }
    resent += missing.length;
    pending = missing;
  }
}
