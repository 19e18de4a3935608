/**
 * The JSON bodies the simulator answers with, in the exact shapes of the WAQI API
 * (see shared/reference/waqi-api.md), including the quirks: `aqi` as "-", a `time.v`
 * that is local wall-clock time read as UTC, `iso` sometimes absent, `dominentpol` "".
 */
import { unit } from './rng';
import type { Station } from './stations';
import { observe, offsetHours } from './values';

const HOUR_MS = 3_600_000;

export interface ContentOptions {
  seed: number;
  /** Share of (station, hour) pairs whose aqi is "-". */
  dashShare: number;
  /** Share of stations whose feed answers "Unknown ID" although map results list them. */
  unknownShare: number;
}

export const ok = (data: unknown) => ({ status: 'ok', data });
export const error = (message: string) => ({ status: 'error', data: message });
export const unknownId = () => ok({ status: 'error', msg: 'Unknown ID' });

interface Snapshot {
  aqi: number | '-';
  observedMs: number;
  local: string;
  iso: string;
}

const hourStart = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;

function localText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function isGone(s: Station, opts: ContentOptions): boolean {
  return unit(opts.seed, 'unknown', s.uid) < opts.unknownShare;
}

function snapshot(s: Station, nowMs: number, opts: ContentOptions) {
  const hourIndex = Math.floor(nowMs / HOUR_MS) - s.lagHours;
  const obs = observe(opts.seed, s, hourIndex);
  const dash = unit(opts.seed, 'dash', s.uid, hourIndex) < opts.dashShare;
  const localMs = obs.observedMs + offsetHours(s.city.offset) * HOUR_MS;
  const local = localText(localMs);
  const snap: Snapshot = { aqi: dash ? '-' : obs.aqi, observedMs: obs.observedMs, local, iso: `${local.replace(' ', 'T')}${s.city.offset}` };
  return { obs, snap, localMs };
}

function forecast(s: Station, nowMs: number, opts: ContentOptions) {
  const days = [0, 1, 2].map((d) => {
    const dayMs = nowMs + d * 24 * HOUR_MS;
    const avg = observe(opts.seed, s, Math.floor(dayMs / HOUR_MS)).iaqi.pm25 ?? 0;
    return { avg, day: localText(dayMs).slice(0, 10), max: Math.round(avg * 1.4), min: Math.round(avg * 0.6) };
  });
  return { daily: { pm25: days, pm10: [], o3: [], uvi: [] } };
}

export function feedBody(s: Station, nowMs: number, opts: ContentOptions): unknown {
  if (isGone(s, opts)) return unknownId();
  const { obs, snap, localMs } = snapshot(s, nowMs, opts);
  return ok({
    aqi: snap.aqi,
    idx: s.uid,
    attributions: [
      { url: s.agency.url, name: s.agency.name },
      { url: 'https://waqi.info/', name: 'World Air Quality Index Project' },
    ],
    city: { geo: [s.lat, s.lon], name: s.name, url: s.url, location: '' },
    dominentpol: s.emptyDominant || snap.aqi === '-' ? '' : obs.dominant,
    iaqi: Object.fromEntries(Object.entries(obs.iaqi).map(([k, v]) => [k, { v }])),
    time: { s: snap.local, tz: s.city.offset, v: localMs / 1000, ...(s.missingIso ? {} : { iso: snap.iso }) },
    forecast: forecast(s, hourStart(nowMs), opts),
    // WAQI's sync time; the start of the hour keeps a whole hour's answers identical.
    debug: { sync: new Date(hourStart(nowMs)).toISOString().replace(/\.\d{3}Z$/, '+00:00') },
  });
}

export function mapEntry(s: Station, nowMs: number, opts: ContentOptions) {
  const { snap } = snapshot(s, nowMs, opts);
  return { lat: s.lat, lon: s.lon, uid: s.uid, aqi: String(snap.aqi), station: { name: s.name, time: snap.iso } };
}

export function searchEntry(s: Station, nowMs: number, opts: ContentOptions) {
  const { snap } = snapshot(s, nowMs, opts);
  return {
    uid: s.uid,
    aqi: String(snap.aqi),
    // Unlike feed's time.v, search's vtime is a true UTC epoch.
    time: { tz: s.city.offset, stime: snap.local, vtime: snap.observedMs / 1000 },
    station: { name: s.name, geo: [s.lat, s.lon], url: s.url.replace('https://aqicn.org/city/', '') },
  };
}
