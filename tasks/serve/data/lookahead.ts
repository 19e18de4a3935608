/**
 * Runs `load` for each key with at most `width` loads in flight and yields their results
 * in key order. It hides per-partition latency in exports while keeping memory bounded
 * by `width` partitions: the next load starts only when the consumer takes a result.
 */
export async function* inOrder<K, T>(keys: Iterable<K>, load: (key: K) => Promise<T[]>, width: number): AsyncGenerator<T> {
  const pending: Promise<T[]>[] = [];
  const it = keys[Symbol.iterator]();
  const refill = () => {
    while (pending.length < width) {
      const next = it.next();
      if (next.done) return;
      const p = load(next.value);
      // Surfaced when awaited in order below; this only keeps an early failure from being reported as unhandled.
      p.catch(() => undefined);
      pending.push(p);
    }
  };
  refill();
  while (pending.length > 0) {
    const rows = await (pending.shift() as Promise<T[]>);
    refill();
    for (const row of rows) yield row;
  }
}
