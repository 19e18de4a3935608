/**
 * Errors that only mean "this member's hold on its partitions ended" (a rebalance, a
 * session that expired while a batch was being written). For a bounded batch they are
 * not failures: the uncommitted batch is simply redone, idempotently, by the partition's
 * next owner. kafkajs wraps them after its retries, so the cause chain is searched.
 */
const MEMBERSHIP_ERRORS = new Set(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID']);

export function isGroupMembershipError(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const e = current as { type?: unknown; cause?: unknown; originalError?: unknown };
    if (typeof e.type === 'string' && MEMBERSHIP_ERRORS.has(e.type)) return true;
    current = e.cause ?? e.originalError;
  }
  return false;
}
