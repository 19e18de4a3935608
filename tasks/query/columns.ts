import type { Column } from './table';
import type { Row } from './sources';

/** What each `aqi query` table shows; --json prints every column instead. */
const c = (header: string, key: string, right = false, maxWidth?: number): Column<Row> => ({
  header, value: (r) => r[key], right, maxWidth,
});

export const COLUMNS: Record<'latest' | 'history' | 'windows' | 'alerts' | 'open', Array<Column<Row>>> = {
  latest: [
    c('station', 'station_id', true), c('name', 'station_name', false, 32), c('city', 'city', false, 20), c('country', 'country', false, 16),
    c('observed_at', 'observed_at'), c('aqi', 'aqi', true), c('category', 'category'), c('dominant', 'dominant_pollutant'),
  ],
  history: [
    c('observed_at', 'observed_at'), c('aqi', 'aqi', true), c('category', 'category'), c('dominant', 'dominant_pollutant'),
    c('pm25', 'pm25', true), c('pm10', 'pm10', true), c('o3', 'o3', true), c('no2', 'no2', true),
  ],
  windows: [
    c('window', 'window'), c('stations', 'stations', true), c('readings', 'readings', true), c('min', 'aqi_min', true),
    c('mean', 'aqi_mean', true), c('max', 'aqi_max', true), c('dominant', 'dominant_pollutant'), c('categories', 'category_counts', false, 60),
  ],
  alerts: [
    c('occurred_at', 'occurred_at'), c('type', 'type'), c('level', 'level'), c('station', 'station_id', true),
    c('name', 'station_name', false, 28), c('city', 'city', false, 18), c('aqi', 'aqi', true), c('peak', 'peak_aqi', true),
  ],
  open: [
    c('station', 'station_id', true), c('level', 'level'), c('since', 'episode_start'), c('peak', 'peak_aqi', true),
    c('below', 'below_count', true), c('last_reading', 'watermark'),
  ],
};
