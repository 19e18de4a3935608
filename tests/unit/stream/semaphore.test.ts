import { Semaphore } from '../../../tasks/cassandra/bounded';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('Semaphore', () => {
  it('never lets more than its size run at once, and runs everything', async () => {
    const budget = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        budget.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await tick();
          running -= 1;
          done.push(i);
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('wakes waiters in arrival order, across thousands of them', async () => {
    const budget = new Semaphore(1);
    await budget.acquire();
    const order: number[] = [];
    const waiters = Array.from({ length: 3000 }, (_, i) => budget.acquire().then(() => {
      order.push(i);
      budget.release();
    }));
    budget.release();
    await Promise.all(waiters);
    expect(order).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  });

  it('releases its slot when the work fails', async () => {
    const budget = new Semaphore(1);
    await expect(budget.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(budget.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
