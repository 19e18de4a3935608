import type { Admin, Consumer, KafkaMessage, Producer } from 'kafkajs';
import type { Client } from 'cassandra-driver';
import { retryable } from '../core/errors';
import type { Logger } from '../core/log';
import type { Progress } from '../core/progress';
import { Semaphore } from '../cassandra/bounded';
import { heapBudget } from '../core/heap-budget';
import { executeAll, statementsFor } from '../cassandra/readings-writer';
import { isCoordinatorStarting } from '../kafka/coordinator';
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
/**
 * What three partitions' chunks in flight (messages, decoded readings, statements) stay
 * well below; garbage above it is collected (see heap-budget.ts). Without it V8 let
 * classify's RSS grow past 300 MB on 60,000 readings although the live set is under 100.
 */
const HEAP_BUDGET_MB = 96;

/** Messages decoded and written at a time within a chunk. */
const WRITE_SLICE = 2000;

/** What a chunk brought, added to the result only once its offsets are committed. */
type Tally = Pick<ConsumeResult, 'consumed' | 'written' | 'statements' | 'deadLettered' | 'categories'>;

function addTally(into: Tally, from: Tally): void {
  into.consumed += from.consumed;
  into.written += from.written;
  into.statements += from.statements;
  into.deadLettered += from.deadLettered;
  for (const [category, n] of Object.entries(from.categories)) into.categories[category] = (into.categories[category] ?? 0) + n;
}

export async function consumeToSnapshot(deps: ConsumeDeps, opts: ConsumeOptions): Promise<ConsumeResult> {
  const { consumer, admin, log } = deps;
  const budget = new Semaphore(opts.concurrency);
  const heap = heapBudget(HEAP_BUDGET_MB);
  const result: ConsumeResult = { consumed: 0, written: 0, statements: 0, deadLettered: 0, categories: {}, partitions: [], remainingAtEnd: 0 };
  const assigned = new Set<number>();
  let crashed: Error | null = null;

  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    const mine = e.payload.memberAssignment[opts.topic] ?? [];
    for (const p of mine) assigned.add(p);
    log.info('joined group', { groupId: opts.groupId, partitions: mine, memberId: e.payload.memberId });
  });
  consumer.on(consumer.events.CRASH, (e) => {
    // kafkajs restarts the consumer itself when restartOnFailure said so (a coordinator
    // still loading); only a crash it gives up on ends the run.
    if (e.payload.restart) {
      log.info('consumer restarting', { groupId: opts.groupId, error: e.payload.error.message });
      return;
    }
    crashed = e.payload.error;
  });

  /** Decodes, classifies and writes one slice of a chunk (and dead-letters its rejects). */
  async function writeSlice(messages: KafkaMessage[], topic: string, partition: number, tally: Tally): Promise<void> {
    await deps.decoder.prepare(messages.map((m) => m.value));
    const sorted = sortMessages(messages, deps.decoder, topic, partition);
    const statements = statementsFor(opts.keyspace, sorted.classified);
    // Also here, with the slice's statements built: checked only after each slice was
    // written, the heap reached 125-130 MB between checks and RSS peaked at 261-265 MiB in
    // 3 of 12 hourly-shape runs; with this check 210-223 MiB, at the same speed.
    heap.check();
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
    tally.written += sorted.classified.length;
    tally.statements += statements.length;
    tally.deadLettered += sorted.rejected.length;
    countByCategory(sorted.classified, tally.categories);
  }

  /**
   * Writes one chunk, slice by slice, then commits it; false when the partition was lost
   * before the commit. Slices bound what is decoded and held at once, so memory does not
   * grow with the chunk size (the commit interval) or the fetch size.
   */
  async function processChunk(messages: KafkaMessage[], topic: string, partition: number, heartbeat: () => Promise<void>): Promise<boolean> {
    const tally: Tally = { consumed: messages.length, written: 0, statements: 0, deadLettered: 0, categories: {} };
    for (let from = 0; from < messages.length; from += WRITE_SLICE) {
      await writeSlice(messages.slice(from, from + WRITE_SLICE), topic, partition, tally);
      heap.check();
      // A large chunk on a slow Cassandra can outlast the session timeout: stay in the group.
      await heartbeat();
    }
    const last = messages[messages.length - 1]?.offset as string;
    // Written first, committed second: a crash in between only repeats idempotent writes.
    try {
      await consumer.commitOffsets([{ topic, partition, offset: String(Number(last) + 1) }]);
    } catch (err) {
      if (!isGroupMembershipError(err)) throw err;
      log.info('lost the partition before committing; its next owner redoes the chunk', { partition, error: (err as Error).message });
      return false;
    }
    addTally(result, tally);
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
      // Losing membership is not an error here: the commit that follows fails and the
      // partition's next owner redoes the chunk.
      const stayInGroup = () =>
        heartbeat().catch((err: unknown) => {
          if (!isGroupMembershipError(err)) throw err;
        });
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
        if (!(await processChunk(messages, batch.topic, batch.partition, stayInGroup))) return;
        // processChunk sent a heartbeat after each of its slices.
        resolveOffset(messages[messages.length - 1]?.offset as string); // the fetch position
      }
    },
  });

  const deadline = Date.now() + opts.maxWaitMs;
  let left = Number.POSITIVE_INFINITY;
  for (;;) {
    if (crashed) throw retryable('CONSUMER_CRASHED', `consumer crashed: ${(crashed as Error).message}`, crashed);
    // A coordinator moving or reloading is not the run's failure: ask again at the next poll.
    const offsets = await admin.fetchOffsets({ groupId: opts.groupId, topics: [opts.topic] }).catch((err: unknown) => {
      if (isCoordinatorStarting(err)) return null;
      throw err;
    });
    if (offsets) left = remaining(opts.snapshot, committedMap(offsets[0]?.partitions ?? [])).total;
    if (left === 0) break;
    if (deps.signal.aborted) throw retryable('INTERRUPTED', `classify stopped by a signal with ${left} messages left; rerun to finish`);
    if (Date.now() > deadline) throw retryable('CLASSIFY_TIMEOUT', `snapshot not reached after ${opts.maxWaitMs} ms (${left} messages left)`);
    await new Promise((r) => setTimeout(r, opts.pollMs));
  }
  result.partitions = [...assigned].sort((a, b) => a - b);
  result.remainingAtEnd = left;
  return result;
}
