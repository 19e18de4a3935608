import { forEachBounded, Semaphore } from '../cassandra/bounded';
import type { Progress } from '../core/progress';
import { mergeMembers, readSpanOf, recomputeStation, scopesOf, windowKeyId, type TouchedStation } from './plan';
import type { WindowKey } from './types';
import type { WindowStore } from './window-store';

export interface AggregateResult {
  stations: number;
  readingsRead: number;
  stationWindows: number;
  hourWindows: number;
  dayWindows: number;
  cityWindows: number;
  countryWindows: number;
}

/**
 * Recomputes the touched windows: each station's from all of its readings in the
 * windows' span, then each city and country window they feed from its members. Both
 * passes overwrite rows with values that depend only on the data, so a rerun, a retry
 * after a kill, or a backfill writes the same rows again.
 */
export async function aggregateTouched(
  touched: Map<number, TouchedStation>,
  store: WindowStore,
  concurrency: number,
  progress?: Progress,
): Promise<AggregateResult> {
  // Stations are read a few at a time; their writes share one in-flight budget.
  const writes = new Semaphore(concurrency);
  const lanes = Math.max(1, Math.ceil(concurrency / 4));
  const scopes = new Map<string, WindowKey>();
  const result: AggregateResult = {
    stations: touched.size, readingsRead: 0, stationWindows: 0, hourWindows: 0, dayWindows: 0, cityWindows: 0, countryWindows: 0,
  };
  await forEachBounded([...touched.values()], lanes, async (t) => {
    const span = readSpanOf(t);
    const readings = await store.readStationSpan(t.stationId, span.from, span.to);
    result.readingsRead += readings.length;
    const windows = recomputeStation(t, readings);
    const pending: Array<Promise<void>> = [];
    for (const w of windows) {
      pending.push(writes.run(() => store.writeWindow(w.key, w.stats, 1)));
      if (w.key.granularity === 'hour') result.hourWindows += 1;
      else result.dayWindows += 1;
      for (const scope of scopesOf(w)) {
        pending.push(writes.run(() => store.writeMember(scope, w.stationId, w.stats)));
        scopes.set(windowKeyId(scope), scope);
      }
    }
    const failed = (await Promise.allSettled(pending)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    result.stationWindows += windows.length;
    progress?.tick(windows.length);
  });
  await forEachBounded([...scopes.values()], lanes, async (scope) => {
    const members = await store.readMembers(scope);
    if (members.length === 0) return;
    await store.writeWindow(scope, mergeMembers(members), members.length);
    if (scope.scope === 'city') result.cityWindows += 1;
    else result.countryWindows += 1;
    progress?.tick();
  });
  return result;
}
