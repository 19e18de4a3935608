import type { Message, Producer } from 'kafkajs';
import type { Pool } from 'pg';
import { retryable } from '../core/errors';
import type { Progress } from '../core/progress';
import type { Encoder } from '../registry/avro-serde';
import { PRODUCER_ACKS, PRODUCER_COMPRESSION } from '../kafka/producer';
import { markPublished, openOutbox, type OutboxQuery } from './outbox';
import { toRecord, type OutboxRow, type ReadingRecord, type StationKey } from './reading-record';

export interface PublishDeps {
  pool: Pool;
  producer: Producer;
  topic: string;
  keyEncoder: Encoder<StationKey>;
  valueEncoder: Encoder<ReadingRecord>;
  progress: Progress;
  signal: AbortSignal;
}

export interface PublishResult {
  published: number;
  marked: number;
  pages: number;
}

export function toMessages(page: readonly OutboxRow[], keyEncoder: Encoder<StationKey>, valueEncoder: Encoder<ReadingRecord>): Message[] {
  const keys = new Map<number, Buffer>();
  return page.map((row) => {
    let key = keys.get(row.station_id);
    if (!key) {
      key = keyEncoder.encode({ station_id: row.station_id });
      keys.set(row.station_id, key);
    }
    return { key, value: valueEncoder.encode(toRecord(row)) };
  });
}

/**
 * Drains the interval's outbox page by page. The next page is read while the current one
 * is sent, and a page is marked published only after the broker acknowledged all of it
 * (acks=all): a crash between send and mark republishes that page next run (consumers
 * overwrite by key), a crash before send loses nothing.
 */
export async function publishInterval(deps: PublishDeps, q: OutboxQuery): Promise<PublishResult> {
  let published = 0;
  let marked = 0;
  let pages = 0;
  const outbox = await openOutbox(deps.pool, q);
  // Marks of acknowledged pages run behind the sends, at most two at a time (their key
  // ranges never overlap); the pool also holds the cursor's connection.
  const marking: Array<Promise<number>> = [];
  try {
    let page = await outbox.next();
    while (page.length > 0) {
      if (deps.signal.aborted) throw retryable('INTERRUPTED', 'publish stopped by a signal between pages; rerun to finish');
      const next = page.length < q.pageSize ? Promise.resolve([]) : outbox.next();
      next.catch(() => undefined);
      await deps.producer.sendBatch({
        topicMessages: [{ topic: deps.topic, messages: toMessages(page, deps.keyEncoder, deps.valueEncoder) }],
        acks: PRODUCER_ACKS,
        compression: PRODUCER_COMPRESSION,
      });
      published += page.length;
      pages += 1;
      deps.progress.tick(page.length);
      if (marking.length >= 2) marked += await (marking.shift() as Promise<number>);
      const mark = markPublished(deps.pool, page);
      mark.catch(() => undefined); // awaited, and its error raised, below or at the end
      marking.push(mark);
      page = await next;
    }
  } finally {
    await outbox.close();
    for (const mark of marking) marked += await mark;
  }
  return { published, marked, pages };
}
