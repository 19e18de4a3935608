/**
 * Does a fetch run end complete, or retryable? Pure. An hourly pipeline must tell an
 * outage (the API, the network or a proxy down: most targets lost, worth a retry later)
 * from a few broken stations (a data-quality fact: the run goes on with the rest).
 *
 * The rule, over the run's whole plan (every station and tile of the run, whichever
 * attempt answered it, so a resumed attempt left with one broken station is judged as
 * the run it belongs to, not as "1 of 1 failed"):
 *
 *  - unreachable targets (transport, 5xx, proxies, WAQI's "Unknown error") fail the run
 *    when there are more than `toleratedFailures` of them AND they are more than
 *    `maxFailedShare` of the plan;
 *  - a body that is never JSON after every retry is that station's answer (stage rejects
 *    it as body_not_json), not outage evidence;
 *  - but when more than half of the plan (or more than `maxFailedShare`, if that is
 *    higher) is lost either way, the run fails: that is an outage or an API change
 *    whatever the bodies look like. A share of 1 turns every failure rule off.
 */
export interface FailureRule {
  /** AQI_FETCH_MAX_FAILED_SHARE */
  maxFailedShare: number;
  /** AQI_FETCH_TOLERATED_FAILURES: this many unreachable targets never fail a run */
  toleratedFailures: number;
}

export interface FailureCounts {
  /** every target of the run: stations (listed and swept) and tiles */
  planned: number;
  /** targets still without an answer after this attempt's retries */
  gaveUp: number;
  /** of those, the ones whose last attempt got a body that is not JSON */
  unusable: number;
}

export type Verdict = { complete: true } | { complete: false; why: string };

export function fetchVerdict(c: FailureCounts, rule: FailureRule): Verdict {
  if (c.gaveUp === 0) return { complete: true };
  const unreachable = c.gaveUp - c.unusable;
  const of = `${c.gaveUp} of the run's ${c.planned} targets failed after retries (${unreachable} unreachable, ${c.unusable} never JSON)`;
  if (c.gaveUp > Math.max(0.5, rule.maxFailedShare) * c.planned) return { complete: false, why: `${of}: more than half of the run, an outage` };
  if (unreachable > rule.toleratedFailures && unreachable > rule.maxFailedShare * c.planned) {
    return {
      complete: false,
      why: `${of}: more than ${rule.toleratedFailures} and ${Math.round(rule.maxFailedShare * 1000) / 10}% unreachable, an outage`,
    };
  }
  return { complete: true };
}
