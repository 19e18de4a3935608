/**
 * The instant of an observation. WAQI's `time.v` is the local wall-clock time read as if
 * it were UTC (it lies by the station's offset), so the instant comes from `time.iso`, or
 * from `time.s` plus `time.tz` when `iso` is absent or unreadable; `v` is never used.
 */
export type TimeResult =
  | { ok: true; observedAt: Date; sourceTz: string }
  | { ok: false; reason: 'time_missing' | 'time_invalid'; detail: string };

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const ISO = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}(?::?\d{2})?)$/;
const OFFSET = /^(?:Z|([+-])(\d{2})(?::?(\d{2}))?)$/;

/** '+0200', '+02', 'Z' -> '+02:00', '+02:00', '+00:00'; null when it is not a plausible UTC offset. */
export function normaliseOffset(text: string): string | null {
  const m = OFFSET.exec(text.trim());
  if (!m) return null;
  if (!m[1]) return '+00:00';
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? '0');
  const signed = (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
  if (minutes >= 60 || signed < -12 * 60 || signed > 14 * 60) return null;
  return `${m[1]}${m[2]}:${String(minutes).padStart(2, '0')}`;
}

function offsetMinutes(normalised: string): number {
  const sign = normalised.startsWith('-') ? -1 : 1;
  return sign * (Number(normalised.slice(1, 3)) * 60 + Number(normalised.slice(4, 6)));
}

/** A local wall-clock time plus an offset -> the UTC instant, or null for an impossible date. */
export function localToUtc(local: string, offset: string): Date | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  // Date.UTC rolls 2023-02-30 over into March: reject instead of guessing.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return null;
  }
  return new Date(wall - offsetMinutes(offset) * 60_000);
}

function fromIso(iso: string): { observedAt: Date; offset: string } | null {
  const m = ISO.exec(iso.trim());
  if (!m?.[1] || !m[2]) return null;
  const offset = normaliseOffset(m[2]);
  if (!offset) return null;
  const observedAt = localToUtc(m[1], offset);
  return observedAt ? { observedAt, offset } : null;
}

export function observationTime(time: unknown): TimeResult {
  if (typeof time !== 'object' || time === null) return { ok: false, reason: 'time_missing', detail: 'no time object' };
  const t = time as Record<string, unknown>;
  const tz = typeof t.tz === 'string' ? normaliseOffset(t.tz) : null;
  if (typeof t.iso === 'string' && t.iso !== '') {
    const parsed = fromIso(t.iso);
    if (parsed) return { ok: true, observedAt: parsed.observedAt, sourceTz: tz ?? parsed.offset };
  }
  if (typeof t.s === 'string' && t.s !== '') {
    if (!tz) return { ok: false, reason: 'time_invalid', detail: 'time.s without a usable time.tz' };
    const observedAt = localToUtc(t.s, tz);
    if (observedAt) return { ok: true, observedAt, sourceTz: tz };
    return { ok: false, reason: 'time_invalid', detail: 'time.s is not a valid local time' };
  }
  if (typeof t.iso === 'string' && t.iso !== '') return { ok: false, reason: 'time_invalid', detail: 'time.iso is not a valid ISO time' };
  return { ok: false, reason: 'time_missing', detail: 'neither time.iso nor time.s' };
}
