import type { Logger } from '../../../tasks/core/log';
import { isCoordinatorStarting, waitForCoordinator } from '../../../tasks/kafka/coordinator';

// Shaped as kafkajs throws them: a protocol error with its type, wrapped after retries.
const protocol = (type: string) => Object.assign(new Error(type), { name: 'KafkaJSProtocolError', type });
const afterRetries = (cause: Error) => Object.assign(new Error('retries exceeded'), { name: 'KafkaJSNumberOfRetriesExceeded', cause });

describe('isCoordinatorStarting', () => {
  it.each([
    ['the coordinator is loading', protocol('GROUP_LOAD_IN_PROGRESS'), true],
    ['no coordinator yet (the offsets topic is being created)', protocol('GROUP_COORDINATOR_NOT_AVAILABLE'), true],
    ['the coordinator moved', protocol('NOT_COORDINATOR_FOR_GROUP'), true],
    ['kafkajs found no coordinator', Object.assign(new Error('x'), { name: 'KafkaJSGroupCoordinatorNotFound' }), true],
    ['loading, wrapped after retries', afterRetries(protocol('GROUP_LOAD_IN_PROGRESS')), true],
    ['a rebalance is no coordinator fault', protocol('REBALANCE_IN_PROGRESS'), false],
    ['a missing topic is not waited out', protocol('UNKNOWN_TOPIC_OR_PARTITION'), false],
    ['a plain error', new Error('connect ECONNREFUSED'), false],
  ])('%s', (_name, err, expected) => {
    expect(isCoordinatorStarting(err)).toBe(expected);
  });

  it('gives up on a cause chain that loops', () => {
    const a: { type?: string; cause?: unknown } = {};
    a.cause = a;
    expect(isCoordinatorStarting(a)).toBe(false);
  });
});

describe('waitForCoordinator', () => {
  const logged: string[] = [];
  const log = { info: (message: string) => logged.push(message) } as unknown as Logger;
  const wait = (timeoutMs: number) => ({ timeoutMs, log, signal: new AbortController().signal, initialDelayMs: 1 });
  /** A probe that fails with `error` the first `times` calls, then answers. */
  const probe = (times: number, error: () => Error) => {
    let calls = 0;
    return { calls: () => calls, run: async () => { calls += 1; if (calls <= times) throw error(); } };
  };
  beforeEach(() => logged.splice(0));

  it('waits out a loading coordinator, saying so once, and answers when it does', async () => {
    const p = probe(4, () => afterRetries(protocol('GROUP_LOAD_IN_PROGRESS')));
    await expect(waitForCoordinator(p.run, 'g', wait(10_000))).resolves.toBeGreaterThanOrEqual(0);
    expect(p.calls()).toBe(5);
    expect(logged).toEqual(['waiting for the group coordinator (a new broker is creating its offsets topic)', 'group coordinator ready']);
  });

  it('a ready coordinator costs one probe and no log line', async () => {
    const p = probe(0, () => new Error('never'));
    await waitForCoordinator(p.run, 'g', wait(10_000));
    expect(p.calls()).toBe(1);
    expect(logged).toEqual([]);
  });

  it('gives up retryable after its bound, naming the group and the last error', async () => {
    const p = probe(Number.POSITIVE_INFINITY, () => protocol('GROUP_COORDINATOR_NOT_AVAILABLE'));
    await expect(waitForCoordinator(p.run, 'aqi-classify', wait(30))).rejects.toMatchObject({
      code: 'KAFKA_COORDINATOR_UNAVAILABLE', retryable: true,
      message: expect.stringContaining('the group coordinator of aqi-classify did not answer within 30 ms'),
    });
  });

  it('any other error is not waited out', async () => {
    const p = probe(1, () => new Error('connect ECONNREFUSED 127.0.0.1:19092'));
    await expect(waitForCoordinator(p.run, 'g', wait(10_000))).rejects.toThrow('ECONNREFUSED');
    expect(p.calls()).toBe(1);
  });
});
