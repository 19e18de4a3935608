import { createHash } from 'node:crypto';

/**
 * The per-station alert state machine, pure. An episode opens when the AQI reaches the
 * lowest alert level, escalates when it reaches a higher one, and closes only after
 * `closeAfterReadings` consecutive readings below `closeBelowAqi` (hysteresis: a station
 * hovering around the threshold does not flap). Readings are applied in observation
 * order; one at or before the station's watermark was already applied and is skipped,
 * which makes replays and backfills of processed intervals emit nothing.
 */
export interface AlertLevel {
  name: string;
  minAqi: number;
}

export interface AlertPolicy {
  /** Ascending by minAqi; the first one opens an episode. */
  levels: readonly AlertLevel[];
  closeBelowAqi: number;
  closeAfterReadings: number;
}

export interface Episode {
  startedAt: Date;
  level: string;
  belowCount: number;
  peakAqi: number;
}

export interface AlertState {
  stationId: number;
  /** The newest observation applied; null before the first. */
  watermark: Date | null;
  episode: Episode | null;
}

export type AlertEventType = 'opened' | 'escalated' | 'closed';

export interface AlertReading {
  stationId: number;
  observedAt: Date;
  aqi: number | null;
  stationName: string;
  city: string | null;
  country: string | null;
}

export interface AlertEvent {
  eventId: string;
  type: AlertEventType;
  stationId: number;
  stationName: string;
  city: string | null;
  country: string | null;
  level: string;
  episodeStart: Date;
  /** The observation that caused the event. */
  occurredAt: Date;
  aqi: number;
  peakAqi: number;
}

export const initialState = (stationId: number): AlertState => ({ stationId, watermark: null, episode: null });

/** Deterministic: the same episode transition always gets the same id, whichever run finds it. */
export function alertEventId(stationId: number, episodeStart: Date, type: AlertEventType, level: string): string {
  return createHash('sha256').update(`${stationId}|${episodeStart.toISOString()}|${type}|${level}`).digest('hex').slice(0, 32);
}

function levelIndex(policy: AlertPolicy, aqi: number): number {
  let idx = -1;
  policy.levels.forEach((l, i) => {
    if (aqi >= l.minAqi) idx = i;
  });
  return idx;
}

const rankOf = (policy: AlertPolicy, name: string) => policy.levels.findIndex((l) => l.name === name);

export interface StepResult {
  state: AlertState;
  events: AlertEvent[];
  /** Readings at or before the watermark: already applied by an earlier run. */
  skipped: number;
}

/** Applies a station's readings (any order; sorted here) to its state. */
export function applyReadings(start: AlertState, readings: readonly AlertReading[], policy: AlertPolicy): StepResult {
  const ordered = readings
    .filter((r) => r.stationId === start.stationId)
    .sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());
  let state: AlertState = { ...start, episode: start.episode && { ...start.episode } };
  const events: AlertEvent[] = [];
  let skipped = 0;
  for (const r of ordered) {
    if (state.watermark && r.observedAt.getTime() <= state.watermark.getTime()) {
      skipped += 1;
      continue;
    }
    state = { ...state, watermark: r.observedAt };
    if (r.aqi === null || !Number.isFinite(r.aqi)) continue;
    const event = (type: AlertEventType, ep: Episode): AlertEvent => ({
      eventId: alertEventId(r.stationId, ep.startedAt, type, ep.level),
      type, stationId: r.stationId, stationName: r.stationName, city: r.city, country: r.country,
      level: ep.level, episodeStart: ep.startedAt, occurredAt: r.observedAt, aqi: r.aqi as number, peakAqi: ep.peakAqi,
    });
    const idx = levelIndex(policy, r.aqi);
    const ep = state.episode;
    if (!ep) {
      if (idx < 0) continue;
      const opened: Episode = { startedAt: r.observedAt, level: (policy.levels[idx] as AlertLevel).name, belowCount: 0, peakAqi: r.aqi };
      state.episode = opened;
      events.push(event('opened', opened));
      continue;
    }
    ep.peakAqi = Math.max(ep.peakAqi, r.aqi);
    if (idx > rankOf(policy, ep.level)) {
      ep.level = (policy.levels[idx] as AlertLevel).name;
      ep.belowCount = 0;
      events.push(event('escalated', ep));
      continue;
    }
    if (r.aqi >= policy.closeBelowAqi) {
      ep.belowCount = 0;
      continue;
    }
    ep.belowCount += 1;
    if (ep.belowCount >= policy.closeAfterReadings) {
      events.push(event('closed', ep));
      state.episode = null;
    }
  }
  return { state, events, skipped };
}
