import type { Granularity } from './types';

/**
 * Window arithmetic. Hour windows are UTC hours; day windows are the station's local
 * calendar date, taken from the UTC offset WAQI reports with each reading, so a station
 * that changes offset (daylight saving) still files every reading under its own local date.
 */
const HOUR_MS = 3_600_000;
const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

/** Minutes east of UTC for '+05:30', '-03:00', '+0200', 'Z'; undefined when unreadable. */
export function offsetMinutes(tz: string): number | undefined {
  const t = tz.trim();
  if (t === 'Z' || t === 'UTC' || t === '') return 0;
  const m = OFFSET.exec(t);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  if (Number(m[3]) >= 60 || minutes > 14 * 60) return undefined;
  return m[1] === '-' ? -minutes : minutes;
}

const pad = (n: number) => String(n).padStart(2, '0');

const isoDate = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** The UTC hour window of an instant: '2026-11-23T10:00Z'. */
export function hourWindowOf(at: Date): string {
  return `${isoDate(at)}T${pad(at.getUTCHours())}:00Z`;
}

/** The local calendar date of an instant at a UTC offset; an unreadable offset counts as UTC. */
export function localDateOf(at: Date, tz: string): string {
  return isoDate(new Date(at.getTime() + (offsetMinutes(tz) ?? 0) * 60_000));
}

export function windowOf(granularity: Granularity, at: Date, tz: string): string {
  return granularity === 'hour' ? hourWindowOf(at) : localDateOf(at, tz);
}

/**
 * The UTC instants that can hold readings of a window. A local date is widened to every
 * offset in use on Earth (-12:00 to +14:00) because a station's offset may change within
 * the day; readings are then filtered by their own window, so the widening is harmless.
 */
export function utcSpanOf(granularity: Granularity, window: string): { from: Date; to: Date } {
  if (granularity === 'hour') {
    const from = new Date(window.replace(/Z$/, ':00Z'));
    if (Number.isNaN(from.getTime())) throw new RangeError(`not an hour window: ${window}`);
    return { from, to: new Date(from.getTime() + HOUR_MS) };
  }
  const midnight = new Date(`${window}T00:00:00Z`);
  if (Number.isNaN(midnight.getTime())) throw new RangeError(`not a day window: ${window}`);
  return { from: new Date(midnight.getTime() - 14 * HOUR_MS), to: new Date(midnight.getTime() + 36 * HOUR_MS) };
}

/** The UTC dates ('YYYY-MM-DD') that an instant range [from, to) overlaps: the day partitions to read. */
export function utcDatesBetween(from: Date, to: Date): string[] {
  const out: string[] = [];
  const first = new Date(`${isoDate(from)}T00:00:00Z`).getTime();
  for (let t = first; t < to.getTime(); t += 24 * HOUR_MS) out.push(isoDate(new Date(t)));
  return out;
}
