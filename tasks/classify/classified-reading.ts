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
   * the clock: observed_at in microseconds. A replay writes the same cells with the same
   * timestamp, which changes nothing; an older reading that arrives late (another
   * partition's backlog, a backfill) carries a lower timestamp and so can never replace
   * a newer one in latest_by_station or in an hour slot. A reading is identified by
   * (station, observed_at) and WAQI does not revise it, so equal timestamps carry equal
   * values; were a restage ever to change one, Cassandra's tie-break (the greater cell
   * value wins) keeps every replica and every rerun converging on the same row.
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

const pad = (n: number) => String(n).padStart(2, '0');

export function toClassifiedReading(reading: ReadingRecord): ClassifiedReading {
  if (!Number.isInteger(reading.station_id) || reading.station_id <= 0) {
    throw new InvalidReadingError('STATION_ID_INVALID', `station_id ${reading.station_id} is not a positive integer`);
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
    writeTimeMicros: t * 1000,
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
