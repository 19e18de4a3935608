import { forEachBounded } from '../cassandra/bounded';
import type { Progress } from '../core/progress';
import { bucketOf, mergeShares, readSpanOf, recomputeStation, scopesOf, windowKeyId, type TouchedStation } from './plan';
import type { SharePartition, StationShare, WindowStore } from './window-store';

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
 * windows' span (and its shares of its city and country windows), then every touched
 * city and country window from its shares. Both passes overwrite rows with values that
 * depend only on the data, so a rerun, a retry after a kill, or a backfill writes the
 * same rows again. A kill between the passes leaves scope windows stale until the rerun,
 * which recomputes them (the touched set comes from the interval, not from progress).
 */
export async function aggregateTouched(
  touched: Map<number, TouchedStation>,
  store: WindowStore,
  concurrency: number,
  progress?: Progress,
): Promise<AggregateResult> {
  // Each station in flight issues a handful of batches; this keeps about `concurrency` in flight.
  const lanes = Math.max(1, Math.ceil(concurrency / 4));
  const scopes = new Map<string, { partition: SharePartition; windows: Set<string> }>();
  const result: AggregateResult = {
    stations: touched.size, readingsRead: 0, stationWindows: 0, hourWindows: 0, dayWindows: 0, cityWindows: 0, countryWindows: 0,
  };
  await forEachBounded([...touched.values()], lanes, async (t) => {
    const span = readSpanOf(t);
    const readings = await store.readStationSpan(t.stationId, span.from, span.to);
    result.readingsRead += readings.length;
    const windows = recomputeStation(t, readings);
    const shares: StationShare[] = [];
    for (const w of windows) {
      if (w.key.granularity === 'hour') result.hourWindows += 1;
      else result.dayWindows += 1;
      for (const scope of scopesOf(w)) {
        shares.push({ scope, stationId: w.stationId, stats: w.stats });
        const partition = { scope: scope.scope, scopeKey: scope.scopeKey, granularity: scope.granularity, bucket: bucketOf(scope.window) };
        const id = windowKeyId({ ...scope, window: partition.bucket });
        const entry = scopes.get(id) ?? { partition, windows: new Set<string>() };
        entry.windows.add(scope.window);
        scopes.set(id, entry);
      }
    }
    await Promise.all([store.writeWindows(windows.map((w) => ({ key: w.key, stats: w.stats, stations: 1 }))), store.writeShares(shares)]);
    result.stationWindows += windows.length;
    progress?.tick(windows.length);
  });
  await forEachBounded([...scopes.values()], lanes, async ({ partition, windows }) => {
    const merged = mergeShares(await store.readShares(partition, [...windows]), windows);
    const { scope, scopeKey, granularity } = partition;
    await store.writeWindows(merged.map((m) => ({ key: { scope, scopeKey, granularity, window: m.window }, stats: m.stats, stations: m.stations })));
    if (scope === 'city') result.cityWindows += merged.length;
    else result.countryWindows += merged.length;
    progress?.tick(merged.length);
  });
  return result;
}
