/**
 * Runs async work with at most `limit` calls in flight and fails on the first error
 * after the in-flight calls have settled (nothing keeps running behind the caller's back).
 */
export async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async () => {
    while (failure === null && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane);
  await Promise.all(lanes);
  if (failure !== null) throw (failure as { error: unknown }).error;
}

/**
 * A counting semaphore: one in-flight budget shared by partitions consumed in parallel.
 * Thousands of requests can wait at once, so the queue is read through a head index:
 * Array.shift() would move every waiter on each release.
 */
export class Semaphore {
  private available: number;
  private waiting: Array<() => void> = [];
  private head = 0;

  constructor(size: number) {
    this.available = size;
  }

  async acquire(): Promise<void> {
    if (this.available > 0) {
      this.available -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const wake = this.waiting[this.head];
    if (!wake) {
      this.available += 1;
      return;
    }
    this.head += 1;
    // Drop the woken prefix now and then, so a queue that never drains does not grow.
    if (this.head === this.waiting.length || this.head >= 1024) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    wake();
  }

  async run<R>(work: () => Promise<R>): Promise<R> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }
}
