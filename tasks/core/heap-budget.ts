/**
 * Keeps a streaming step's memory near its live set. At thousands of responses per second
 * V8 promotes short-lived bodies to the old generation and, with gigabytes of head-room
 * on the machine, lets them pile up for hundreds of megabytes before a full collection.
 * Bounding that needs either a start-up flag (--max-old-space-size) that the step cannot
 * set for itself, or a full collection when the heap passes a budget, which this does.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface HeapBudget {
  /** Cheap enough to call after every batch. */
  check(): void;
  collections(): number;
}

let collect: (() => void) | undefined;

function collector(): () => void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  return collect;
}

/** A full collection now (benchmarks use it to start from the live set). */
export function collectGarbage(): void {
  collector()();
}

export function heapBudget(budgetMb: number): HeapBudget {
  const gc = collector();
  const budget = budgetMb * 1024 * 1024;
  let count = 0;
  return {
    check() {
      if (getHeapStatistics().used_heap_size > budget) {
        gc();
        count += 1;
      }
    },
    collections: () => count,
  };
}
