import type { Admin, Consumer, KafkaMessage, Producer } from 'kafkajs';
import type { Client } from 'cassandra-driver';
import { retryable } from '../core/errors';
import type { Logger } from '../core/log';
import type { Progress } from '../core/progress';
import { Semaphore } from '../cassandra/bounded';
import { executeAll, statementsFor } from '../cassandra/readings-writer';
import { isGroupMembershipError } from '../kafka/errors';
import { PRODUCER_ACKS, PRODUCER_COMPRESSION } from '../kafka/producer';
import type { ReadingRecord } from '../publish/reading-record';
import type { Decoder } from '../registry/avro-serde';
import { countByCategory } from './classified-reading';
import { deadLetterMessage } from './dead-letter';
import { committedMap, remaining, takeBeforeSnapshot, type Snapshot } from './offsets';
import { sortMessages } from './sort-messages';

export interface ConsumeDeps {
  consumer: Consumer;
  admin: Admin;
  dlqProducer: Producer;
  cassandra: Client;
  decoder: Decoder<ReadingRecord>;
  log: Logger;
  progress: Progress;
  signal: AbortSignal;
}

export interface ConsumeOptions {
  groupId: string;
  topic: string;
  deadLetterTopic: string;
  keyspace: string;
  concurrency: number;
  snapshot: Snapshot;
  /** how often the group's committed offsets are compared with the snapshot */
  pollMs: number;
  maxWaitMs: number;
  /** messages decoded, written and committed at a time */
  chunkSize: number;
}

export interface ConsumeResult {
  consumed: number;
  written: number;
  statements: number;
  deadLettered: number;
  categories: Record<string, number>;
  partitions: number[];
  remainingAtEnd: number;
}

/**
 * One bounded consumer-group batch. Each fetched batch is cut at the snapshot, decoded,
 * classified, written to Cassandra (and its rejects to the dead-letter topic), and only
 * then its offset committed. The run ends when the group's committed offsets reach the
 * snapshot on every partition, whoever committed them: a worker left without partitions
 * after a rebalance finishes too. Then the consumer leaves the group.
 */
export async function consumeToSnapshot(deps: ConsumeDeps, opts: ConsumeOptions): Promise<ConsumeResult> {
  const { consumer, admin, log } = deps;
  const budget = new Semaphore(opts.concurrency);
  const result: ConsumeResult = { consumed: 0, written: 0, statements: 0, deadLettered: 0, categories: {}, partitions: [], remainingAtEnd: 0 };
  const assigned = new Set<number>();
  let crashed: Error | null = null;

  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    const mine = e.payload.memberAssignment[opts.topic] ?? [];
    for (const p of mine) assigned.add(p);
    log.info('joined group', { groupId: opts.groupId, partitions: mine, memberId: e.payload.memberId });
  });
  consumer.on(consumer.events.CRASH, (e) => {
    crashed = e.payload.error;
  });

  /** Writes one chunk, then commits it; false when the partition was lost before the commit. */
  async function processChunk(messages: KafkaMessage[], topic: string, partition: number): Promise<boolean> {
    await deps.decoder.prepare(messages.map((m) => m.value));
    const sorted = sortMessages(messages, deps.decoder, topic, partition);
    const statements = statementsFor(opts.keyspace, sorted.classified);
    await Promise.all([
      executeAll(deps.cassandra, statements, budget),
      sorted.rejected.length === 0
        ? Promise.resolve()
        : deps.dlqProducer.sendBatch({
            topicMessages: [{ topic: opts.deadLetterTopic, messages: sorted.rejected.map(deadLetterMessage) }],
            acks: PRODUCER_ACKS,
            compression: PRODUCER_COMPRESSION,
          }),
    ]);
    const last = messages[messages.length - 1]?.offset as string;
    // Written first, committed second: a crash in between only repeats idempotent writes.
    try {
      await consumer.commitOffsets([{ topic, partition, offset: String(Number(last) + 1) }]);
    } catch (err) {
      if (!isGroupMembershipError(err)) throw err;
      log.info('lost the partition before committing; its next owner redoes the chunk', { partition, error: (err as Error).message });
      return false;
    }
    result.consumed += messages.length;
    result.written += sorted.classified.length;
    result.statements += statements.length;
    result.deadLettered += sorted.rejected.length;
    countByCategory(sorted.classified, result.categories);
    deps.progress.tick(messages.length);
    return true;
  }

  await consumer.subscribe({ topics: [opts.topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    // Enough partitions in parallel to keep Cassandra busy while one batch is fetched or
    // committed; few enough that the batches held in memory stay bounded.
    partitionsConsumedConcurrently: Math.max(1, Math.min(3, opts.snapshot.size)),
    eachBatch: async ({ batch, heartbeat, isRunning, isStale, pause, resolveOffset }) => {
      const bounds = opts.snapshot.get(batch.partition);
      if (!bounds || !isRunning() || isStale()) return;
      const take = takeBeforeSnapshot(batch.messages.map((m) => m.offset), bounds.high);
      // Past the snapshot: next run's work. Pausing keeps this run from fetching it again.
      if (take < batch.messages.length) pause();
      if (take === 0) return;
      // Chunks bound what is held at once (decoded readings, statements) whatever the
      // fetch size, and commit progress as it is made.
      for (let from = 0; from < take; from += opts.chunkSize) {
        if (!isRunning() || isStale()) return;
        const messages = batch.messages.slice(from, Math.min(take, from + opts.chunkSize));
        if (!(await processChunk(messages, batch.topic, batch.partition))) return;
        resolveOffset(messages[messages.length - 1]?.offset as string); // the fetch position
        await heartbeat().catch((err: unknown) => {
          if (!isGroupMembershipError(err)) throw err;
        });
      }
    },
  });

  const deadline = Date.now() + opts.maxWaitMs;
  let left = Number.POSITIVE_INFINITY;
  for (;;) {
    if (crashed) throw retryable('CONSUMER_CRASHED', `consumer crashed: ${(crashed as Error).message}`, crashed);
    const offsets = await admin.fetchOffsets({ groupId: opts.groupId, topics: [opts.topic] });
    left = remaining(opts.snapshot, committedMap(offsets[0]?.partitions ?? [])).total;
    if (left === 0) break;
    if (deps.signal.aborted) throw retryable('INTERRUPTED', `classify stopped by a signal with ${left} messages left; rerun to finish`);
    if (Date.now() > deadline) throw retryable('CLASSIFY_TIMEOUT', `snapshot not reached after ${opts.maxWaitMs} ms (${left} messages left)`);
    await new Promise((r) => setTimeout(r, opts.pollMs));
  }
  result.partitions = [...assigned].sort((a, b) => a - b);
  result.remainingAtEnd = left;
  return result;
}
