/**
 * Buffers raw rows and writes them in batches, in order, one batch at a time. A full
 * buffer makes the caller wait (back-pressure keeps memory flat), and a timer flushes a
 * slow trickle so a killed fetch loses at most about a second of answers (which a
 * resumed run fetches again, since they were never recorded).
 */
import type { Pool } from 'pg';
import { insertRawBatch, type RawRow, type RunScope } from '../postgres/raw-store';

export class RawWriter {
  private buffer: RawRow[] = [];
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;
  private readonly timer: NodeJS.Timeout;
  written = 0;

  constructor(
    private readonly pool: Pool,
    private readonly scope: RunScope,
    private readonly batchRows: number,
    flushEveryMs = 1000,
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), flushEveryMs);
    this.timer.unref();
  }

  async add(row: RawRow): Promise<void> {
    if (this.failure) throw this.failure;
    this.buffer.push(row);
    if (this.buffer.length >= this.batchRows) await this.flush();
  }

  flush(): Promise<void> {
    if (this.buffer.length > 0) {
      const batch = this.buffer;
      this.buffer = [];
      this.chain = this.chain.then(async () => {
        await insertRawBatch(this.pool, this.scope, batch);
        this.written += batch.length;
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
