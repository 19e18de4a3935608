/**
 * Buffers raw rows and writes them in batches, in order, one batch at a time (so a retry
 * always gets a larger id than the attempt before it). When the database falls behind,
 * every caller waits (back-pressure keeps memory flat); a timer flushes a slow trickle so
 * a killed fetch loses at most about a second of answers, which a resumed run fetches
 * again since they were never recorded.
 */
import type { Pool } from 'pg';
import { insertRawBatch, type RawRow, type RunScope } from '../postgres/raw-store';
import type { HeapBudget } from '../core/heap-budget';

/** Batches queued behind the one being written before callers must wait. */
const MAX_PENDING_BATCHES = 2;

export class RawWriter {
  private buffer: RawRow[] = [];
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;
  private pending = 0;
  private readonly timer: NodeJS.Timeout;
  written = 0;

  constructor(
    private readonly pool: Pool,
    private readonly scope: RunScope,
    private readonly batchRows: number,
    private readonly heap?: HeapBudget,
    flushEveryMs = 1000,
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), flushEveryMs);
    this.timer.unref();
  }

  async add(row: RawRow): Promise<void> {
    if (this.failure) throw this.failure;
    this.buffer.push(row);
    if (this.buffer.length >= this.batchRows) void this.flush().catch(() => undefined);
    while (this.pending >= MAX_PENDING_BATCHES && !this.failure) await this.chain.catch(() => undefined);
    if (this.failure) throw this.failure;
  }

  flush(): Promise<void> {
    if (this.buffer.length > 0 && !this.failure) {
      const batch = this.buffer;
      this.buffer = [];
      this.pending += 1;
      this.chain = this.chain.then(async () => {
        try {
          await insertRawBatch(this.pool, this.scope, batch);
        } finally {
          this.pending -= 1;
        }
        this.written += batch.length;
        this.heap?.check();
      });
      this.chain.catch((err: unknown) => {
        this.failure ??= err;
      });
    }
    return this.chain;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
