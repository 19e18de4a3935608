/**
 * What the dashboard reads, as plain data. Routes depend on these interfaces only; the
 * Cassandra and pipeline adapters in data/ implement them against the real services.
 */
import type { z } from 'zod';
import type {
  alertsExportParams, alertsParams, categoriesParams, latestParams, readingsExportParams, trendsParams,
  windowsExportParams,
} from './params';

export type CategoriesQuery = z.infer<typeof categoriesParams>;
export type LatestQuery = z.infer<typeof latestParams>;
export type TrendsQuery = z.infer<typeof trendsParams>;
export type AlertsQuery = z.infer<typeof alertsParams>;
export type ReadingsExportQuery = z.infer<typeof readingsExportParams>;
export type WindowsExportQuery = z.infer<typeof windowsExportParams>;
export type AlertsExportQuery = z.infer<typeof alertsExportParams>;

export interface Attribution {
  name: string;
  url?: string;
}

/** One classified reading, as the export and the map show it. */
export interface ReadingRow {
  stationId: number;
  stationName: string;
  city: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
  observedAt: Date;
  aqi: number | null;
  category: string | null;
  dominantPollutant: string | null;
  pollutants: Record<string, number | null>;
  attributions: Attribution[];
}

/** One station's reading inside the chosen hour or day, for the category counts. */
export interface StationSample {
  stationId: number;
  city: string | null;
  country: string | null;
  aqi: number | null;
  observedAt: Date;
}

export interface WindowRow {
  grain: 'hour' | 'day';
  scope: 'station' | 'city' | 'country';
  id: string;
  windowStart: Date;
  /** A daily window is the station's local date; null for hourly windows. */
  localDay: string | null;
  readings: number;
  aqiMin: number | null;
  aqiMax: number | null;
  aqiMean: number | null;
  pollutantMeans: Record<string, number | null>;
  dominantPollutant: string | null;
  categoryCounts: Record<string, number>;
}

export interface AlertRow {
  alertId: string;
  stationId: number;
  stationName: string | null;
  city: string | null;
  country: string | null;
  event: string;
  level: string;
  aqi: number | null;
  occurredAt: Date;
  episodeStart: Date | null;
  open: boolean;
}

export interface DashboardStore {
  /** Every station's readings inside [from, to), optionally in one country. */
  samples(from: Date, to: Date, country: string | undefined): AsyncIterable<StationSample>;
  latest(q: LatestQuery): Promise<ReadingRow[]>;
  windows(q: WindowsExportQuery): AsyncIterable<WindowRow>;
  alerts(q: AlertsQuery): Promise<AlertRow[]>;
  readings(q: ReadingsExportQuery): AsyncIterable<ReadingRow>;
  alertHistory(q: AlertsExportQuery): AsyncIterable<AlertRow>;
}

export interface DagRunState {
  dagId: string;
  runId: string;
  state: string;
  logicalDate: string | null;
  startDate: string | null;
  endDate: string | null;
  tasks: { taskId: string; state: string | null; mapIndex: number }[];
}

export interface PartitionLag {
  topic: string;
  group: string;
  partition: number;
  committed: number | null;
  end: number;
  lag: number;
}

/** A fetch run as the health view shows it: what it planned and which targets it gave up on. */
export interface FetchRunHealth {
  runId: string;
  intervalStart: string;
  status: string;
  finishedAt: string | null;
  planned: number | null;
  gaveUp: number;
  gaveUpTargets: { ref: string; reason: string; message: string }[];
}

export interface SchemaVersion {
  subject: string;
  version: number;
  id: number;
}

/** Each part is fetched on its own; a service that is down is reported, not fatal. */
export type Part<T> = { ok: true; value: T } | { ok: false; error: string };

export interface HealthReport {
  generatedAt: string;
  dagRuns: Part<DagRunState[]>;
  consumerLag: Part<PartitionLag[]>;
  schemas: Part<SchemaVersion[]>;
  stageRows: Part<Record<string, number>>;
  fetchRuns: Part<FetchRunHealth[]>;
  deadLetters: Part<{ topic: string; messages: number }>;
}

export interface PipelineStatus {
  health(): Promise<HealthReport>;
}
