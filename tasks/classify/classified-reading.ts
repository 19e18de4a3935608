import type { ReadingRecord } from '../publish/reading-record';
import { classify, InvalidAqiError, type Classification } from './epa';

/**
 * A decoded reading turned into what classify writes: validation (a reason code for the
 * dead-letter topic) and the classified row shared by the Cassandra tables. Pure.
 */
export interface ClassifiedReading {
  reading: ReadingRecord;
  classification: Classification;
  /** UTC calendar day of observed_at, 'YYYY-MM-DD' (the partition of the day tables) */
  day: string;
  /** UTC hour of observed_at, 0-23 */
  hour: number;
  /**
   * The Cassandra write timestamp (microseconds), derived from the reading, never from
   * the clock, so that reruns converge whatever order messages arrive in:
   * observed_at in microseconds, plus the minutes between observation and staging
   * (0-999) in the sub-millisecond digits. observed_at has millisecond precision, so
   * a newer observation always carries a higher timestamp: a late or replayed older
   * reading can never replace a newer one in latest_by_station or an hour slot. For the
   * same observation, a correction staged later (stage re-stages changed content) wins
   * over the original; a replay of unchanged content writes the same cells with the same
   * timestamp, which changes nothing. Corrections more than ~16 hours after the
   * observation clamp to 999 and tie; Cassandra then keeps the greater cell value,
   * still the same on every replica and every rerun.
   */
  writeTimeMicros: number;
}

export class InvalidReadingError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'InvalidReadingError';
    this.code = code;
  }
}

/** 2000-01-01: WAQI has no older data; an earlier observed_at is a broken timestamp. */
const EARLIEST_MS = Date.UTC(2000, 0, 1);
/** How far observed_at may lie after staged_at (station clocks drift, offsets are wrong). */
const MAX_FUTURE_MS = 24 * 3600 * 1000;

export function writeTimeMicros(observedAtMs: number, stagedAtMs: number): number {
  const lagMinutes = Math.floor((stagedAtMs - observedAtMs) / 60_000);
  return observedAtMs * 1000 + Math.min(999, Math.max(0, lagMinutes));
}

const pad = (n: number) => String(n).padStart(2, '0');

export function toClassifiedReading(reading: ReadingRecord): ClassifiedReading {
  // WAQI station ids can be negative (map-listed stations), so only an integer is required.
  if (!Number.isInteger(reading.station_id)) {
    throw new InvalidReadingError('STATION_ID_INVALID', `station_id ${reading.station_id} is not an integer`);
  }
  const t = reading.observed_at;
  if (!Number.isFinite(t) || t < EARLIEST_MS) {
    throw new InvalidReadingError('OBSERVED_AT_INVALID', `observed_at ${t} is not a plausible time`);
  }
  if (t > reading.staged_at + MAX_FUTURE_MS) {
    throw new InvalidReadingError('OBSERVED_AT_IN_FUTURE', `observed_at ${new Date(t).toISOString()} is more than a day after it was staged`);
  }
  let classification: Classification;
  try {
    classification = classify(reading.aqi, reading, reading.dominant_pollutant);
  } catch (err) {
    if (err instanceof InvalidAqiError) throw new InvalidReadingError(err.code, err.message);
    throw err;
  }
  const d = new Date(t);
  return {
    reading,
    classification,
    day: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    hour: d.getUTCHours(),
    writeTimeMicros: writeTimeMicros(t, reading.staged_at),
  };
}

/** Counts per overall category for the summary line ('unknown' when no index exists). */
export function countByCategory(items: Iterable<ClassifiedReading>, into: Record<string, number> = {}): Record<string, number> {
  for (const item of items) {
    const id = item.classification.category?.id ?? 'unknown';
    into[id] = (into[id] ?? 0) + 1;
  }
  return into;
}
