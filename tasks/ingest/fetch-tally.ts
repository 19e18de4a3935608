/** Counts of a fetch run for its summary, and the reason (if any) to stop early. */
import type { ResponseClass } from '../waqi/classify-response';
import type { TargetResult } from './fetch-target';
import { fetchVerdict, type FailureRule, type Verdict } from './fetch-verdict';

/** Given-up targets named in the summary (and fetch_runs.summary); the rest are counted. */
const NAMED_GIVE_UPS = 20;

export interface GaveUpTarget {
  ref: string;
  reason: ResponseClass;
  message: string;
}

export type StopReason = 'fatal' | 'quota' | 'interrupted' | null;

export class FetchTally {
  stations = 0;
  /** every target of the run, this attempt's and those an earlier one settled */
  planned = 0;
  skippedSettled = 0;
  listings = 0;
  listedSkipped = 0;
  requests = 0;
  gaveUp = 0;
  /** given up with a body that was never JSON: the station's own fault, not an outage */
  unusable = 0;
  readonly gaveUpTargets: GaveUpTarget[] = [];
  stopReason: StopReason = null;
  fatalCode: ResponseClass | null = null;
  private readonly answers = new Map<ResponseClass, number>();
  private readonly gaveUpBy = new Map<ResponseClass, number>();

  add(r: TargetResult, ref = ''): void {
    this.requests += r.attempts;
    if (r.kind === 'interrupted') {
      this.stopReason ??= 'interrupted';
      return;
    }
    const cls = r.classified.cls;
    if (r.kind === 'answer') this.answers.set(cls, (this.answers.get(cls) ?? 0) + 1);
    if (r.kind === 'fatal') {
      this.stopReason = 'fatal';
      this.fatalCode = cls;
    }
    if (r.kind === 'gave_up') {
      this.gaveUp += 1;
      this.gaveUpBy.set(cls, (this.gaveUpBy.get(cls) ?? 0) + 1);
      if (cls === 'not_json') this.unusable += 1;
      if (this.gaveUpTargets.length < NAMED_GIVE_UPS) this.gaveUpTargets.push({ ref, reason: cls, message: r.classified.message });
      // Past its retries, quota will not come back within this run: stop asking.
      if (cls === 'over_quota' || cls === 'rate_limited') this.stopReason ??= 'quota';
    }
  }

  /** Complete = nothing stopped the run and what failed for good looks like broken stations, not an outage. */
  verdict(rule: FailureRule): Verdict {
    if (this.stopReason !== null) return { complete: false, why: `stopped: ${this.stopReason}` };
    return fetchVerdict({ planned: Math.max(this.planned, this.stations + this.listings), gaveUp: this.gaveUp, unusable: this.unusable }, rule);
  }

  counts(): Record<string, unknown> {
    return {
      planned: this.planned,
      stations: this.stations,
      skippedSettled: this.skippedSettled,
      listings: this.listings,
      requests: this.requests,
      answers: Object.fromEntries(this.answers),
      gaveUp: this.gaveUp,
      gaveUpBy: Object.fromEntries(this.gaveUpBy),
      gaveUpTargets: this.gaveUpTargets,
      listedWithoutId: this.listedSkipped,
    };
  }
}
