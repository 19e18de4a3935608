import { committedMap, positionOf, remaining, snapshotReached, takeBeforeSnapshot, toSnapshot } from '../../../tasks/classify/offsets';

const snapshot = toSnapshot([
  { partition: 0, low: '0', high: '10' },
  { partition: 1, low: '5', high: '5' },
  { partition: 2, low: '3', high: '8' },
]);

describe('snapshot bounds', () => {
  it.each([
    ['nothing committed', [], 15, false],
    ['partly committed', [[0, 4]], 11, false],
    ['committed below the log start counts from the start', [[0, 10], [2, 1]], 5, false],
    ['all reached', [[0, 10], [2, 8]], 0, true],
    ['beyond the snapshot', [[0, 12], [1, 7], [2, 9]], 0, true],
  ] as Array<[string, Array<[number, number]>, number, boolean]>)('%s', (_name, committed, left, done) => {
    const map = new Map(committed);
    expect(remaining(snapshot, map).total).toBe(left);
    expect(snapshotReached(snapshot, map)).toBe(done);
  });

  it('reports per partition', () => {
    expect(remaining(snapshot, new Map([[0, 7]])).byPartition).toEqual({ 0: 3, 1: 0, 2: 5 });
  });

  it.each([
    [undefined, 3], [1, 3], [3, 3], [6, 6],
  ])('position with committed %p is %p', (committed, want) => {
    expect(positionOf({ partition: 2, low: 3, high: 8 }, committed)).toBe(want);
  });

  it('reads kafkajs committed offsets, ignoring -1 and blanks', () => {
    expect([...committedMap([{ partition: 0, offset: '-1' }, { partition: 1, offset: '42' }, { partition: 2, offset: '' }])]).toEqual([[1, 42]]);
  });

  it.each([
    [['3', '4', '5'], 10, 3],
    [['3', '4', '5'], 5, 2],
    [['3', '4', '5'], 3, 0],
    [[], 3, 0],
  ])('takes from %p before %p: %p', (offsets, high, want) => {
    expect(takeBeforeSnapshot(offsets, high)).toBe(want);
  });
});
