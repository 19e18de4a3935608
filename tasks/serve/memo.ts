/**
 * A small time-bounded memo for answers that are costly to compute and rarely change
 * (the category counts of a day read every station's hours). Bounded in entries; the
 * oldest entry goes first. Concurrent asks for the same key share one computation.
 */
export class Memo<T> {
  private readonly entries = new Map<string, { until: number; value: Promise<T> }>();

  constructor(private readonly maxEntries = 64) {}

  get(key: string, ttlMs: number, compute: () => Promise<T>, now = Date.now()): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { until: now + ttlMs, value });
    // A failure is not remembered: the next request computes again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
