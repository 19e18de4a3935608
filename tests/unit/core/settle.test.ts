import { allOrFirstError } from '../../../tasks/core/settle';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const failLater = (ms: number, message: string) => new Promise<never>((_, reject) => setTimeout(() => reject(new Error(message)), ms));

describe('allOrFirstError', () => {
  it('resolves with every value in order', async () => {
    await expect(allOrFirstError([later(5, 'a'), Promise.resolve(2), later(1, true)])).resolves.toEqual(['a', 2, true]);
  });

  it('throws the first failure in argument order, but only after every promise settled', async () => {
    let slowDone = false;
    const slow = later(30, 'connected').then((v) => {
      slowDone = true;
      return v;
    });
    await expect(allOrFirstError([failLater(1, 'registry down'), slow, failLater(5, 'kafka down')])).rejects.toThrow('registry down');
    // Promise.all would have thrown at 1 ms, with the slow "connect" still running.
    expect(slowDone).toBe(true);
  });
});
