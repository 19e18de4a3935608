import { fetchVerdict } from '../../../tasks/ingest/fetch-verdict';

const DEFAULT_RULE = { maxFailedShare: 0.05, toleratedFailures: 3 };

describe('fetchVerdict: outage or a few broken stations', () => {
  it.each<[string, { planned: number; gaveUp: number; unusable: number }, boolean]>([
    ['nothing lost', { planned: 15, gaveUp: 0, unusable: 0 }, true],
    ['one station of 15 that never answers JSON', { planned: 15, gaveUp: 1, unusable: 1 }, true],
    ['one station of 15 that always times out (7% but only one)', { planned: 15, gaveUp: 1, unusable: 0 }, true],
    ['three unreachable of 15: the tolerated count', { planned: 15, gaveUp: 3, unusable: 0 }, true],
    ['four unreachable of 15: above the count and the share', { planned: 15, gaveUp: 4, unusable: 0 }, false],
    ['four never-JSON bodies of 15: station faults, not an outage', { planned: 15, gaveUp: 4, unusable: 4 }, true],
    ['40 unreachable of a 1,000-station sweep: within 5%', { planned: 1000, gaveUp: 40, unusable: 0 }, true],
    ['51 unreachable of 1,000: above 5%', { planned: 1000, gaveUp: 51, unusable: 0 }, false],
    ['the only station of a run, unreachable: more than half', { planned: 1, gaveUp: 1, unusable: 0 }, false],
    ['eight never-JSON bodies of 15: more than half, whatever the bodies', { planned: 15, gaveUp: 8, unusable: 8 }, false],
    ['exactly half lost, all never JSON', { planned: 10, gaveUp: 5, unusable: 5 }, true],
  ])('%s', (_name, counts, complete) => {
    expect(fetchVerdict(counts, DEFAULT_RULE).complete).toBe(complete);
  });

  it('says why a run failed, in numbers', () => {
    expect(fetchVerdict({ planned: 15, gaveUp: 12, unusable: 2 }, DEFAULT_RULE)).toEqual({
      complete: false,
      why: "12 of the run's 15 targets failed after retries (10 unreachable, 2 never JSON): more than half of the run, an outage",
    });
    expect(fetchVerdict({ planned: 1000, gaveUp: 60, unusable: 0 }, DEFAULT_RULE)).toEqual({
      complete: false,
      why: "60 of the run's 1000 targets failed after retries (60 unreachable, 0 never JSON): more than 3 and 5% unreachable, an outage",
    });
  });

  it('a share above one half raises the majority ceiling too; a share of 1 never fails a run', () => {
    expect(fetchVerdict({ planned: 10, gaveUp: 7, unusable: 0 }, { maxFailedShare: 0.8, toleratedFailures: 0 }).complete).toBe(true);
    expect(fetchVerdict({ planned: 10, gaveUp: 9, unusable: 9 }, { maxFailedShare: 0.8, toleratedFailures: 0 }).complete).toBe(false);
    expect(fetchVerdict({ planned: 10, gaveUp: 10, unusable: 0 }, { maxFailedShare: 1, toleratedFailures: 0 }).complete).toBe(true);
  });
});
