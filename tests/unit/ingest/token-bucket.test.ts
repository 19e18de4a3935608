import { TokenBucket } from '../../../tasks/waqi/token-bucket';

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('TokenBucket', () => {
  it('lets a burst through, then spaces requests at the rate', () => {
    const c = clock();
    const bucket = new TokenBucket(600, 3, c.now); // 10 per second
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 0]);
    expect(bucket.reserve()).toBe(100);
    expect(bucket.reserve()).toBe(200);
  });

  it('refills over time, never beyond the burst', () => {
    const c = clock();
    const bucket = new TokenBucket(60, 2, c.now); // 1 per second
    bucket.reserve();
    bucket.reserve();
    c.advance(10_000);
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 1000]);
  });

  it('keeps 1000 per minute over a long run', () => {
    const c = clock();
    const bucket = new TokenBucket(1000, 60, c.now);
    let lastWait = 0;
    for (let i = 0; i < 2060; i += 1) lastWait = bucket.reserve();
    // 60 from the burst, then 2000 more at 1000/min need two minutes.
    expect(lastWait).toBe(120_000);
  });

  it('a rate of 0 never waits', () => {
    const bucket = new TokenBucket(0, 1, clock().now);
    for (let i = 0; i < 1000; i += 1) expect(bucket.reserve()).toBe(0);
  });
});
