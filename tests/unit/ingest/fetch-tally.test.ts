import { FetchTally } from '../../../tasks/ingest/fetch-tally';
import type { TargetResult } from '../../../tasks/ingest/fetch-target';
import type { ResponseClass } from '../../../tasks/waqi/classify-response';

const result = (kind: 'answer' | 'gave_up' | 'fatal', cls: ResponseClass, attempts = 1): TargetResult => ({
  kind, attempts, classified: { cls, message: cls },
});

function tally(stations: number, results: TargetResult[]): FetchTally {
  const t = new FetchTally();
  t.stations = stations;
  t.planned = stations;
  results.forEach((r, i) => t.add(r, `@${i + 1}`));
  return t;
}

const rule = (maxFailedShare: number, toleratedFailures = 0) => ({ maxFailedShare, toleratedFailures });

describe('FetchTally', () => {
  it('counts requests over every attempt and answers by class', () => {
    const t = tally(3, [result('answer', 'ok', 3), result('answer', 'unknown_station'), result('answer', 'ok')]);
    expect(t.counts()).toMatchObject({ requests: 5, answers: { ok: 2, unknown_station: 1 }, gaveUp: 0 });
    expect(t.verdict(rule(0)).complete).toBe(true);
  });

  it.each<[string, TargetResult[], number, boolean, string | null]>([
    ['a few stations lost to 5xx stay within the share', [result('gave_up', 'server_error')], 0.05, true, null],
    ['too many lost stations make the run retryable', [result('gave_up', 'server_error'), result('gave_up', 'transport')], 0.01, false, null],
    ['exhausted quota stops the run', [result('gave_up', 'over_quota')], 1, false, 'quota'],
    ['HTTP 429 counts as quota', [result('gave_up', 'rate_limited')], 1, false, 'quota'],
    ['a refused key stops the run', [result('fatal', 'invalid_key')], 1, false, 'fatal'],
    ['an interruption stops the run', [{ kind: 'interrupted', attempts: 0 }], 1, false, 'interrupted'],
  ])('%s', (_name, results, share, complete, stop) => {
    const t = tally(100, results);
    expect(t.verdict(rule(share)).complete).toBe(complete);
    expect(t.stopReason).toBe(stop);
  });

  it('names the given-up targets with their reason, and counts bodies that were never JSON apart', () => {
    const t = tally(100, [result('gave_up', 'not_json', 6), result('answer', 'ok'), result('gave_up', 'transport', 6)]);
    expect(t.unusable).toBe(1);
    expect(t.counts()).toMatchObject({
      planned: 100, gaveUp: 2,
      gaveUpTargets: [{ ref: '@1', reason: 'not_json', message: 'not_json' }, { ref: '@3', reason: 'transport', message: 'transport' }],
    });
  });

  it('names at most 20 given-up targets; the counts keep the rest', () => {
    const t = tally(1000, Array.from({ length: 25 }, () => result('gave_up', 'server_error')));
    expect(t.gaveUp).toBe(25);
    expect(t.gaveUpTargets).toHaveLength(20);
  });

  it('judges a resumed attempt over the run it belongs to, not over what it asked again', () => {
    const t = tally(1, [result('gave_up', 'not_json', 6)]);
    t.planned = 15;
    expect(t.verdict(rule(0.05, 3)).complete).toBe(true);
  });

  it('remembers which refusal stopped it', () => {
    expect(tally(1, [result('fatal', 'ip_not_allowed')]).fatalCode).toBe('ip_not_allowed');
  });
});
