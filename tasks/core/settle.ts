/**
 * Promise.all that waits for every promise before it throws the first failure. With
 * Promise.all the others keep running after the caller's cleanup: a Kafka connect that
 * completes after `finally` disconnected leaves a socket open, and the step never exits
 * (found by `make chaos`: publish hung after PostgreSQL restarted under its start-up).
 */
export async function allOrFirstError<T extends readonly unknown[]>(promises: readonly [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
