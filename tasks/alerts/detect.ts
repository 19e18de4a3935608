import { forEachBounded } from '../cassandra/bounded';
import type { Progress } from '../core/progress';
import type { IntervalReading } from '../analytics/interval-readings';
import type { AlertStore, Channel } from './alert-store';
import { eventToJson } from './event-json';
import { applyReadings, type AlertPolicy, type AlertReading, type AlertState } from './state-machine';

export interface DetectResult {
  stations: number;
  readings: number;
  /** Readings at or before a station's watermark: applied by an earlier run (replay, backfill). */
  alreadyApplied: number;
  opened: number;
  escalated: number;
  closed: number;
  /** Events recorded by this run and queued for delivery. */
  newEvents: number;
  /** Events recomputed after an interrupted run that had recorded them already. */
  alreadyRecorded: number;
  openEpisodes: number;
}

/** Regroups (station, observed_at)-ordered pages into one array per station. */
export async function* byStation(pages: AsyncIterable<IntervalReading[]>): AsyncGenerator<IntervalReading[]> {
  let current: IntervalReading[] = [];
  for await (const page of pages) {
    for (const r of page) {
      if (current.length > 0 && (current[0] as IntervalReading).stationId !== r.stationId) {
        yield current;
        current = [];
      }
      current.push(r);
    }
  }
  if (current.length > 0) yield current;
}

const sameState = (a: AlertState, b: AlertState) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Runs each station's readings through its state machine. Per station, in this order:
 * new events go to the outbox, then to the events table, then the state is saved. A run
 * killed anywhere recomputes the same events (same ids) from the old state; those already
 * in the events table are not queued again, so nothing is delivered twice or lost.
 */
export async function detectAlerts(
  pages: AsyncIterable<IntervalReading[]>,
  store: AlertStore,
  policy: AlertPolicy,
  channels: readonly Channel[],
  concurrency: number,
  progress?: Progress,
  batchStations = 500,
): Promise<DetectResult> {
  const result: DetectResult = {
    stations: 0, readings: 0, alreadyApplied: 0, opened: 0, escalated: 0, closed: 0, newEvents: 0, alreadyRecorded: 0, openEpisodes: 0,
  };
  const processStation = async (group: IntervalReading[]) => {
    const stationId = (group[0] as IntervalReading).stationId;
    const before = await store.loadState(stationId);
    const readings: AlertReading[] = group.map((r) => ({
      stationId, observedAt: r.observedAt, aqi: r.aqi, stationName: r.stationName, city: r.city, country: r.country,
    }));
    const { state, events, skipped } = applyReadings(before, readings, policy);
    result.stations += 1;
    result.readings += group.length;
    result.alreadyApplied += skipped;
    for (const e of events) {
      result[e.type] += 1;
      if (await store.isRecorded(e.eventId)) {
        result.alreadyRecorded += 1;
        continue;
      }
      const payload = eventToJson(e);
      for (const channel of channels) await store.enqueue({ channel, occurredAt: e.occurredAt, eventId: e.eventId, payload });
      await store.record(e);
      result.newEvents += 1;
    }
    if (!sameState(before, state)) await store.saveState(state);
    if (state.episode) result.openEpisodes += 1;
    progress?.tick();
  };
  let batch: IntervalReading[][] = [];
  for await (const group of byStation(pages)) {
    batch.push(group);
    if (batch.length >= batchStations) {
      await forEachBounded(batch, concurrency, processStation);
      batch = [];
    }
  }
  await forEachBounded(batch, concurrency, processStation);
  return result;
}
