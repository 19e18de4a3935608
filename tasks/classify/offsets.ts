/**
 * The bounds of one classify run, pure: the end offsets snapshotted at start, and the
 * test "has the group's committed position reached them on every partition". Kafka
 * offsets are strings (int64); partitions hold far fewer than 2^53 messages, so numbers.
 */
export interface PartitionBounds {
  partition: number;
  /** first offset still in the log (older ones were deleted by retention) */
  low: number;
  /** the end offset at snapshot time: the next offset to be written */
  high: number;
}

export type Snapshot = Map<number, PartitionBounds>;

export function toSnapshot(offsets: ReadonlyArray<{ partition: number; low: string; high: string }>): Snapshot {
  return new Map(offsets.map((o) => [o.partition, { partition: o.partition, low: Number(o.low), high: Number(o.high) }]));
}

/**
 * Where the group stands on a partition: its committed offset, or the log start when it
 * committed nothing yet (or less than what retention kept), since that is where it starts.
 */
export function positionOf(bounds: PartitionBounds, committed: number | undefined): number {
  return committed === undefined || committed < bounds.low ? bounds.low : committed;
}

/** Messages left before the snapshot is reached, per partition and in total. */
export function remaining(snapshot: Snapshot, committed: ReadonlyMap<number, number>): { total: number; byPartition: Record<number, number> } {
  const byPartition: Record<number, number> = {};
  let total = 0;
  for (const bounds of snapshot.values()) {
    const left = Math.max(0, bounds.high - positionOf(bounds, committed.get(bounds.partition)));
    byPartition[bounds.partition] = left;
    total += left;
  }
  return { total, byPartition };
}

export const snapshotReached = (snapshot: Snapshot, committed: ReadonlyMap<number, number>): boolean =>
  remaining(snapshot, committed).total === 0;

/** kafkajs reports committed offsets as strings, '-1' for none. */
export function committedMap(partitions: ReadonlyArray<{ partition: number; offset: string }>): Map<number, number> {
  const out = new Map<number, number>();
  for (const p of partitions) {
    if (/^\d+$/.test(p.offset)) out.set(p.partition, Number(p.offset));
  }
  return out;
}

/**
 * Which messages of a fetched batch belong to this run: those before the snapshot's end.
 * Returns how many to take (batch messages are in offset order).
 */
export function takeBeforeSnapshot(offsets: readonly string[], high: number): number {
  let n = 0;
  while (n < offsets.length && Number(offsets[n]) < high) n += 1;
  return n;
}
