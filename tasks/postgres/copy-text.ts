import type { Reading } from '../waqi/types';

/** Values -> lines of PostgreSQL's COPY text format (tab-separated, \N for null, backslash escapes). */
export type CopyValue = string | number | boolean | Date | null | undefined;

const SPECIAL = /[\\\n\r\t\u0000]/;

function escape(text: string): string {
  if (!SPECIAL.test(text)) return text;
  return text.replace(/[\\\n\r\t\u0000]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return '\ufffd'; // PostgreSQL text cannot hold NUL
    }
  });
}

export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`COPY cannot encode the number ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return escape(value);
}

export function copyLine(values: CopyValue[]): string {
  return `${values.map(copyField).join('\t')}\n`;
}

/**
 * The COPY fields of a reading, in the column order of `readings` (station_id ...
 * attributions). The same text is the input of its content hash, so building it once
 * serves both the bulk load and change detection.
 */
export function readingFields(r: Reading): string {
  return [
    r.stationId, r.observedAt, r.stationName, r.stationUrl, r.city, r.country, r.lat, r.lon, r.sourceTz, r.aqi,
    r.dominantPollutant, r.pm25, r.pm10, r.o3, r.no2, r.so2, r.co, r.neph, r.temperatureC, r.humidityPct,
    r.pressureHpa, r.windMs, r.windGustMs, r.dewC, JSON.stringify(r.attributions),
  ].map(copyField).join('\t');
}
