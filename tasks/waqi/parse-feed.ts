/**
 * One WAQI feed response -> a typed reading or a reject with a stable reason. Pure: the
 * caller supplies the response facts and when it was fetched; nothing here does I/O.
 */
import { classifyResponse, type ResponseClass, type ResponseFacts } from './classify-response';
import { parseGeo, placeOf } from './parse-place';
import { observationTime } from './parse-time';
import type { Attribution, FeedResult, Reading, Reject, RejectReason } from './types';

/** Sub-indices are on the US-EPA scale, which WAQI caps at 999. */
export const MAX_SUB_INDEX = 999;
/** An observation this far ahead of its fetch is a clock or time-zone fault at the source. */
export const FUTURE_TOLERANCE_MS = 60 * 60 * 1000;

const POLLUTANTS = ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co', 'neph'] as const;
/** WAQI weather key -> reading field, with a physically plausible range. */
const WEATHER = {
  t: ['temperatureC', -90, 70],
  h: ['humidityPct', 0, 100],
  p: ['pressureHpa', 300, 1100],
  w: ['windMs', 0, 120],
  wg: ['windGustMs', 0, 150],
  dew: ['dewC', -90, 60],
} as const;

const CLASS_REASON: Record<Exclude<ResponseClass, 'ok'>, RejectReason> = {
  transport: 'transport_error',
  rate_limited: 'over_quota',
  server_error: 'http_error',
  http_error: 'http_error',
  not_json: 'body_not_json',
  envelope_invalid: 'envelope_invalid',
  invalid_key: 'invalid_key',
  ip_not_allowed: 'ip_not_allowed',
  over_quota: 'over_quota',
  unknown_station: 'unknown_station',
  invalid_query: 'invalid_query',
  waqi_error: 'waqi_error',
};

class RejectSignal {
  constructor(readonly reject: Reject) {}
}
const rejectWith = (reason: RejectReason, detail: string): never => {
  throw new RejectSignal({ reason, detail });
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => JSON.stringify(v)?.slice(0, 60) ?? String(v);

function numeric(v: unknown): number | null | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '-' || t === '') return null;
    const n = Number(t);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function parseStationId(idx: unknown): number {
  const n = typeof idx === 'string' && /^-?\d+$/.test(idx.trim()) ? Number(idx) : idx;
  if (typeof n !== 'number' || !Number.isInteger(n) || n === 0 || Math.abs(n) > 2_147_483_647) {
    return rejectWith('station_id_invalid', `idx ${show(idx)}`);
  }
  return n;
}

function parseAqi(aqi: unknown): number | null {
  if (aqi === undefined || aqi === null) return rejectWith('aqi_missing', 'no aqi field');
  const n = numeric(aqi);
  // "-" (and a blank or padded form of it) is WAQI's "no current value": a reading without an AQI.
  if (n === null) return null;
  if (n === undefined) return rejectWith('aqi_not_numeric', `aqi ${show(aqi)}`);
  if (n < 0 || n > MAX_SUB_INDEX) return rejectWith('aqi_out_of_range', `aqi ${n}`);
  return Math.round(n);
}

/** `iaqi.<key>.v` as a number, null for no value ("-" included), undefined when it is not a number. */
function iaqiValue(iaqi: Record<string, unknown>, key: string): { n: number | null | undefined; raw: unknown } {
  const entry = iaqi[key];
  const raw = isObject(entry) ? entry.v : entry;
  if (raw === undefined || raw === null) return { n: null, raw };
  return { n: numeric(raw), raw };
}

type IaqiFields = Pick<Reading, (typeof POLLUTANTS)[number] | (typeof WEATHER)[keyof typeof WEATHER][0]>;

/**
 * The sub-indices must be sound or the reading is rejected: they are what classify
 * classifies. The weather is auxiliary: an unreadable or impossible value (a humidity of
 * 140%, a pressure of 0) is stored as null and noted, and the station's AQI is kept.
 */
function parseIaqi(iaqi: unknown, notes: string[]): IaqiFields {
  const src = isObject(iaqi) ? iaqi : {};
  const out = {} as Record<string, number | null>;
  for (const key of POLLUTANTS) {
    const { n, raw } = iaqiValue(src, key);
    if (n === undefined) return rejectWith('iaqi_not_numeric', `iaqi.${key} ${show(raw)}`);
    if (n !== null && (n < 0 || n > MAX_SUB_INDEX)) return rejectWith('iaqi_out_of_range', `iaqi.${key} ${n}`);
    out[key] = n;
  }
  for (const [key, [field, min, max]] of Object.entries(WEATHER)) {
    const { n, raw } = iaqiValue(src, key);
    const fault = n === undefined ? `iaqi.${key} ${show(raw)} is not a number`
      : n !== null && (n < min || n > max) ? `iaqi.${key} ${n} is outside [${min}, ${max}]` : null;
    if (fault) notes.push(`${fault}: stored as null`);
    out[field] = fault ? null : (n ?? null);
  }
  return out as unknown as IaqiFields;
}

function parseDominant(pol: unknown): string | null {
  if (typeof pol !== 'string') return null;
  const t = pol.trim().toLowerCase();
  return /^[a-z0-9._-]{1,16}$/.test(t) ? t : null;
}

function parseAttributions(list: unknown): Attribution[] {
  if (!Array.isArray(list)) return [];
  const out: Attribution[] = [];
  for (const a of list) {
    if (!isObject(a) || typeof a.name !== 'string') continue;
    const item: Attribution = { name: a.name };
    if (typeof a.url === 'string') item.url = a.url;
    if (typeof a.logo === 'string') item.logo = a.logo;
    out.push(item);
  }
  return out;
}

function parseData(data: unknown, fetchedAt: Date, notes: string[]): Reading {
  if (!isObject(data)) return rejectWith('envelope_invalid', 'feed data is not an object');
  const stationId = parseStationId(data.idx);
  const city = isObject(data.city) ? data.city : {};
  const stationName = typeof city.name === 'string' ? city.name.trim() : '';
  if (stationName === '') rejectWith('station_name_missing', 'no city.name');
  const geo = parseGeo(city.geo);
  if (!geo.ok) return rejectWith('geo_invalid', geo.detail);
  const aqi = parseAqi(data.aqi);
  const time = observationTime(data.time);
  if (!time.ok) return rejectWith(time.reason, time.detail);
  if (time.observedAt.getTime() - fetchedAt.getTime() > FUTURE_TOLERANCE_MS) {
    rejectWith('time_in_future', `observed ${time.observedAt.toISOString()} but fetched ${fetchedAt.toISOString()}`);
  }
  const stationUrl = typeof city.url === 'string' && city.url.trim() !== '' ? city.url.trim() : null;
  return {
    stationId,
    observedAt: time.observedAt,
    stationName,
    stationUrl,
    ...placeOf(stationUrl, stationName),
    lat: geo.lat,
    lon: geo.lon,
    sourceTz: time.sourceTz,
    aqi,
    dominantPollutant: parseDominant(data.dominentpol),
    ...parseIaqi(data.iaqi, notes),
    attributions: parseAttributions(data.attributions),
  };
}

export function parseFeed(facts: ResponseFacts, fetchedAt: Date): FeedResult {
  const classified = classifyResponse(facts);
  if (classified.cls !== 'ok') {
    return { ok: false, reject: { reason: CLASS_REASON[classified.cls], detail: classified.message } };
  }
  try {
    const notes: string[] = [];
    return { ok: true, reading: parseData(classified.data, fetchedAt, notes), notes };
  } catch (err) {
    if (err instanceof RejectSignal) return { ok: false, reject: err.reject };
    throw err;
  }
}
