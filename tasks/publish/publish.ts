import type { Message, Producer } from 'kafkajs';
import type { Pool } from 'pg';
import type { Progress } from '../core/progress';
import type { Encoder } from '../registry/avro-serde';
import { sendAcknowledged } from '../kafka/send-acknowledged';
import { markPublished, openOutbox, type OutboxQuery } from './outbox';
import type { OutboxRow, ReadingRecord, StationKey } from './reading-record';

export interface PublishDeps {
  pool: Pool;
  producer: Producer;
  topic: string;
  /** partitions of the topic: each message's partition is set before it is sent */
  partitions: number;
  keyEncoder: Encoder<StationKey>;
  valueEncoder: Encoder<ReadingRecord>;
  progress: Progress;
  signal: AbortSignal;
}

export interface PublishResult {
  published: number;
  marked: number;
  pages: number;
  /** messages sent again because kafkajs skipped them after a leader change (send-acknowledged.ts) */
  resent: number;
}

export function toMessages(page: readonly OutboxRow[], keyEncoder: Encoder<StationKey>, valueEncoder: Encoder<ReadingRecord>): Message[] {
  const keys = new Map<number, Buffer>();
  return page.map((row) => {
    let key = keys.get(row.station_id);
    if (!key) {
      key = keyEncoder.encode({ station_id: row.station_id });
      keys.set(row.station_id, key);
    }
    // The row is the record; avsc writes the schema's fields and ignores observed_key.
    return { key, value: valueEncoder.encode(row) };
  });
}

/**
 * Drains the interval's outbox page by page. While the broker acknowledges one page, the
 * next is read from PostgreSQL and encoded, so the wait for acks=all overlaps our CPU work
 * (the idempotent producer allows one request in flight). A page is marked published only
 * after the broker acknowledged all of it: a crash between send and mark republishes that
 * page next run (consumers overwrite by key), a crash before send loses nothing.
 */
export async function publishInterval(deps: PublishDeps, q: OutboxQuery): Promise<PublishResult> {
  let published = 0;
  let marked = 0;
  let pages = 0;
  let resent = 0;
  const outbox = await openOutbox(deps.pool, q);
  const encode = (rows: readonly OutboxRow[]) => toMessages(rows, deps.keyEncoder, deps.valueEncoder);
  // Marks of acknowledged pages run behind the sends, at most two at a time (their key
  // ranges never overlap); the pool also holds the cursor's connection.
  const marking: Array<Promise<number>> = [];
  // The cursor reads one page ahead: PostgreSQL fills page n+2 while this process encodes
  // page n+1 and the broker acknowledges page n.
  const ahead = (page: readonly OutboxRow[]) => {
    const next = page.length < q.pageSize ? Promise.resolve([]) : outbox.next();
    next.catch(() => undefined); // awaited in turn below
    return next;
  };
  try {
    let page = await outbox.next();
    let reading = ahead(page);
    let messages = encode(page);
    while (page.length > 0) {
      // The reason is run-command's retryable INTERRUPTED: acknowledged pages stay marked.
      if (deps.signal.aborted) throw deps.signal.reason;
      const sending = sendAcknowledged(deps.producer, deps.topic, messages, deps.partitions);
      sending.catch(() => undefined); // awaited just below, after the next page is ready
      const nextPage = await reading;
      reading = ahead(nextPage);
      const nextMessages = encode(nextPage);
      resent += await sending;
      published += page.length;
      pages += 1;
      deps.progress.tick(page.length);
      if (marking.length >= 2) marked += await (marking.shift() as Promise<number>);
      const mark = markPublished(deps.pool, page);
      mark.catch(() => undefined); // awaited, and its error raised, below or at the end
      marking.push(mark);
      page = nextPage;
      messages = nextMessages;
    }
  } finally {
    await outbox.close();
    for (const mark of marking) marked += await mark;
  }
  return { published, marked, pages, resent };
}
