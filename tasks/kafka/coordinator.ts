/**
 * A new broker has no consumer-offsets topic: the first group request creates it, and
 * until its partitions are loaded every group request answers "coordinator not
 * available" or "the coordinator is loading". That lasts seconds, longer than kafkajs's
 * own retries on a slow machine, so a fresh stack's first classify failed an attempt.
 * Classify waits it out here, bounded, before it joins the group.
 */
import type { Admin } from 'kafkajs';
import { retryable } from '../core/errors';
import type { Logger } from '../core/log';

const STARTING = new Set(['GROUP_LOAD_IN_PROGRESS', 'GROUP_COORDINATOR_NOT_AVAILABLE', 'NOT_COORDINATOR_FOR_GROUP']);

/** True when the error (or a cause kafkajs wrapped it in) means the group coordinator is not ready yet. */
export function isCoordinatorStarting(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const e = current as { type?: unknown; name?: unknown; cause?: unknown; originalError?: unknown };
    if (typeof e.type === 'string' && STARTING.has(e.type)) return true;
    if (e.name === 'KafkaJSGroupCoordinatorNotFound') return true;
    current = e.cause ?? e.originalError;
  }
  return false;
}

export interface CoordinatorWait {
  timeoutMs: number;
  log: Logger;
  signal: AbortSignal;
  /** first pause between probes; doubles up to 2 s */
  initialDelayMs?: number;
}

/** Resolves once the group's coordinator answers a DescribeGroups; returns the ms it waited. */
export function awaitGroupCoordinator(admin: Admin, groupId: string, w: CoordinatorWait): Promise<number> {
  return waitForCoordinator(async () => {
    await admin.describeGroups([groupId]);
  }, groupId, w);
}

/** The wait itself, around any probe: retries while the coordinator is starting, bounded by w.timeoutMs. */
export async function waitForCoordinator(probe: () => Promise<void>, groupId: string, w: CoordinatorWait): Promise<number> {
  const started = Date.now();
  let delay = w.initialDelayMs ?? 250;
  let logged = false;
  for (;;) {
    try {
      await probe();
      if (logged) w.log.info('group coordinator ready', { groupId, waitedMs: Date.now() - started });
      return Date.now() - started;
    } catch (err) {
      if (!isCoordinatorStarting(err)) throw err;
      if (Date.now() - started >= w.timeoutMs) {
        throw retryable('KAFKA_COORDINATOR_UNAVAILABLE', `the group coordinator of ${groupId} did not answer within ${w.timeoutMs} ms: ${(err as Error).message}`, err);
      }
      if (!logged) {
        w.log.info('waiting for the group coordinator (a new broker is creating its offsets topic)', { groupId, error: (err as Error).message });
        logged = true;
      }
      if (w.signal.aborted) throw retryable('INTERRUPTED', 'classify stopped by a signal while waiting for the group coordinator');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(2000, delay * 2);
    }
  }
}
