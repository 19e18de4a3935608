/** Counts of a fetch run for its summary, and the reason (if any) to stop early. */
import type { ResponseClass } from '../waqi/classify-response';
import type { TargetResult } from './fetch-target';

export type StopReason = 'fatal' | 'quota' | 'interrupted' | null;

export class FetchTally {
  stations = 0;
  skippedSettled = 0;
  listings = 0;
  listedSkipped = 0;
  requests = 0;
  gaveUp = 0;
  stopReason: StopReason = null;
  fatalCode: ResponseClass | null = null;
  private readonly answers = new Map<ResponseClass, number>();
  private readonly gaveUpBy = new Map<ResponseClass, number>();

  add(r: TargetResult): void {
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
      // Past its retries, quota will not come back within this run: stop asking.
      if (cls === 'over_quota' || cls === 'rate_limited') this.stopReason ??= 'quota';
    }
  }

  /** Complete = nothing stopped the run and few enough stations failed for good. */
  isComplete(maxFailedShare: number): boolean {
    if (this.stopReason !== null) return false;
    const targets = this.stations + this.listings;
    return targets === 0 || this.gaveUp / targets <= maxFailedShare;
  }

  counts(): Record<string, unknown> {
    return {
      stations: this.stations,
      skippedSettled: this.skippedSettled,
      listings: this.listings,
      requests: this.requests,
      answers: Object.fromEntries(this.answers),
      gaveUp: this.gaveUp,
      gaveUpBy: Object.fromEntries(this.gaveUpBy),
      listedWithoutId: this.listedSkipped,
    };
  }
}
