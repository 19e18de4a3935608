import type { Column } from './encode';
import type { AlertRow, ReadingRow, WindowRow } from './store';

/**
 * The export contracts: column names, types and meaning, in order. docs/dashboard.md
 * documents exactly these for Power BI and Grafana; a unit test keeps the two in step.
 */
const SUB_INDICES = ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co'] as const;
const CATEGORY_KEYS = ['good', 'moderate', 'unhealthy_sensitive', 'unhealthy', 'very_unhealthy', 'hazardous'] as const;

export const READING_COLUMNS: readonly Column<ReadingRow>[] = [
  { name: 'station_id', type: 'integer', description: 'WAQI station id (idx)', get: (r) => r.stationId },
  { name: 'station_name', type: 'string', description: 'station name as WAQI gives it', get: (r) => r.stationName },
  { name: 'city', type: 'string', description: 'city, from the station URL', get: (r) => r.city },
  { name: 'country', type: 'string', description: 'country, from the station URL', get: (r) => r.country },
  { name: 'lat', type: 'number', description: 'latitude, degrees', get: (r) => r.lat },
  { name: 'lon', type: 'number', description: 'longitude, degrees', get: (r) => r.lon },
  { name: 'observed_at', type: 'timestamp', description: 'observation time, UTC, ISO 8601', get: (r) => r.observedAt },
  { name: 'aqi', type: 'integer', description: 'overall US EPA AQI; empty when the station reported none', get: (r) => r.aqi },
  { name: 'category', type: 'string', description: 'EPA category key of the AQI', get: (r) => r.category },
  { name: 'dominant_pollutant', type: 'string', description: "WAQI's dominant pollutant, else the highest sub-index", get: (r) => r.dominantPollutant },
  ...SUB_INDICES.map((p): Column<ReadingRow> => ({
    name: p, type: 'number', description: `${p} sub-index (EPA scale)`, get: (r) => r.pollutants[p] ?? null,
  })),
];

export const WINDOW_COLUMNS: readonly Column<WindowRow>[] = [
  { name: 'grain', type: 'string', description: "'hour' (UTC) or 'day' (station local date)", get: (w) => w.grain },
  { name: 'scope', type: 'string', description: "'station', 'city' or 'country'", get: (w) => w.scope },
  { name: 'id', type: 'string', description: "station id, 'country/city', or country", get: (w) => w.id },
  { name: 'window_start', type: 'timestamp', description: 'window start, UTC', get: (w) => w.windowStart },
  { name: 'local_day', type: 'date', description: 'local date of a daily window', get: (w) => w.localDay },
  { name: 'readings', type: 'integer', description: 'readings in the window', get: (w) => w.readings },
  { name: 'aqi_min', type: 'integer', description: 'lowest AQI', get: (w) => w.aqiMin },
  { name: 'aqi_max', type: 'integer', description: 'highest AQI', get: (w) => w.aqiMax },
  { name: 'aqi_mean', type: 'number', description: 'mean AQI', get: (w) => w.aqiMean },
  ...SUB_INDICES.map((p): Column<WindowRow> => ({
    name: `${p}_mean`, type: 'number', description: `mean ${p} sub-index`, get: (w) => w.pollutantMeans[p] ?? null,
  })),
  { name: 'dominant_pollutant', type: 'string', description: 'most frequent dominant pollutant', get: (w) => w.dominantPollutant },
  ...CATEGORY_KEYS.map((k): Column<WindowRow> => ({
    name: `n_${k}`, type: 'integer', description: `readings in category ${k}`, get: (w) => w.categoryCounts[k] ?? 0,
  })),
];

export const ALERT_COLUMNS: readonly Column<AlertRow>[] = [
  { name: 'alert_id', type: 'string', description: 'deterministic event id (same on replay)', get: (a) => a.alertId },
  { name: 'station_id', type: 'integer', description: 'WAQI station id', get: (a) => a.stationId },
  { name: 'station_name', type: 'string', description: 'station name', get: (a) => a.stationName },
  { name: 'city', type: 'string', description: 'city', get: (a) => a.city },
  { name: 'country', type: 'string', description: 'country', get: (a) => a.country },
  { name: 'event', type: 'string', description: "'opened', 'escalated' or 'closed'", get: (a) => a.event },
  { name: 'level', type: 'string', description: 'alert level (category key)', get: (a) => a.level },
  { name: 'aqi', type: 'integer', description: 'AQI of the reading that caused the event', get: (a) => a.aqi },
  { name: 'occurred_at', type: 'timestamp', description: 'observation time of that reading, UTC', get: (a) => a.occurredAt },
  { name: 'episode_start', type: 'timestamp', description: 'when the episode opened, UTC', get: (a) => a.episodeStart },
  { name: 'open', type: 'boolean', description: 'whether the episode is still open', get: (a) => a.open },
];
