/**
 * What windowing and alerting read of a classified reading. Kept narrow so that both the
 * Cassandra time series and the PostgreSQL staging rows can feed it.
 */
import { AQI_POLLUTANTS, type Pollutant } from '../classify/epa';

/** The pollutants whose WAQI values are EPA sub-indices (neph and weather are not). */
export const POLLUTANTS = AQI_POLLUTANTS;
export type { Pollutant };

export interface WindowReading {
  stationId: number;
  observedAt: Date;
  city: string | null;
  country: string | null;
  /** The station's UTC offset at observation time, e.g. '+02:00' (WAQI `time.tz`). */
  sourceTz: string;
  aqi: number | null;
  dominantPollutant: string | null;
  /** Sub-index per pollutant (WAQI `iaqi`), absent or null when the station does not measure it. */
  pollutants: Partial<Record<Pollutant, number | null>>;
}

export type Granularity = 'hour' | 'day';
export type Scope = 'station' | 'city' | 'country';

/** One window of one scope: hour windows are UTC ('2026-11-23T10:00Z'), day windows local dates ('2026-11-23'). */
export interface WindowKey {
  scope: Scope;
  scopeKey: string;
  granularity: Granularity;
  window: string;
}
