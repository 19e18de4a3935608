import { types, type Client } from 'cassandra-driver';
import { assertKeyspace } from '../cassandra/cql-template';
import { utcDatesBetween } from './time-windows';
import { summarize, type WindowStats } from './window-stats';
import { bucketOf, groupBy, type Share } from './plan';
import type { Granularity, Scope, WindowKey, WindowReading } from './types';
import { allOrFirstError } from '../core/settle';

/**
 * Cassandra access for aggregate: the classified readings of a station over a span, and
 * the windows and window shares it writes. Prepared statements only; rows of one
 * partition are written as one unlogged batch.
 */
const STATS_COLUMNS = [
  'readings', 'aqi_count', 'aqi_sum', 'aqi_min', 'aqi_max', 'pollutant_sum', 'pollutant_count', 'dominant_counts', 'category_counts',
] as const;

function statsValues(s: WindowStats): unknown[] {
  return [s.readings, s.aqiCount, s.aqiSum, s.aqiMin, s.aqiMax, s.pollutantSum, s.pollutantCount, s.dominantCounts, s.categoryCounts];
}

type Row = { get(name: string): unknown };
const numOr0 = (v: unknown) => (typeof v === 'number' ? v : 0);
const numOrNull = (v: unknown) => (typeof v === 'number' ? v : null);
const mapOf = (v: unknown) => ({ ...((v as Record<string, number> | null) ?? {}) });

export function statsFromRow(row: Row): WindowStats {
  return {
    readings: numOr0(row.get('readings')), aqiCount: numOr0(row.get('aqi_count')), aqiSum: numOr0(row.get('aqi_sum')),
    aqiMin: numOrNull(row.get('aqi_min')), aqiMax: numOrNull(row.get('aqi_max')),
    pollutantSum: mapOf(row.get('pollutant_sum')), pollutantCount: mapOf(row.get('pollutant_count')),
    dominantCounts: mapOf(row.get('dominant_counts')), categoryCounts: mapOf(row.get('category_counts')),
  };
}

/** Every row of a query, page by page (a country's share partition can exceed one page). */
export async function allRows(client: Client, query: string, params: unknown[], fetchSize = 5000): Promise<types.Row[]> {
  const rows: types.Row[] = [];
  let pageState: string | undefined;
  do {
    const rs = await client.execute(query, params, { prepare: true, fetchSize, pageState });
    rows.push(...rs.rows);
    pageState = rs.pageState ?? undefined;
  } while (pageState);
  return rows;
}

export interface ScopedStats {
  key: WindowKey;
  stats: WindowStats;
  stations: number;
}

export interface StationShare {
  scope: WindowKey;
  stationId: number;
  stats: WindowStats;
}

export interface SharePartition {
  scope: Scope;
  scopeKey: string;
  granularity: Granularity;
  bucket: string;
}

export interface WindowStore {
  readStationSpan(stationId: number, from: Date, to: Date): Promise<WindowReading[]>;
  writeWindows(rows: readonly ScopedStats[]): Promise<void>;
  writeShares(rows: readonly StationShare[]): Promise<void>;
  /** The shares of the given windows of one partition. */
  readShares(p: SharePartition, windows: readonly string[]): Promise<Share[]>;
}

/** Rows of one partition per unlogged batch: one mutation instead of one per row. */
const BATCH_ROWS = 50;

export function cassandraWindowStore(client: Client, keyspace: string): WindowStore {
  const ks = assertKeyspace(keyspace);
  const readSql = `SELECT observed_at, city, country, source_tz, aqi, dominant_pollutant, pm25, pm10, o3, no2, so2, co
    FROM ${ks}.readings_by_station_day WHERE station_id = ? AND day = ? AND observed_at >= ? AND observed_at < ?`;
  const windowSql = `INSERT INTO ${ks}.aqi_windows (scope, scope_key, granularity, window, stations, ${STATS_COLUMNS.join(', ')},
    aqi_mean, pollutant_mean, dominant_pollutant) VALUES (${Array(17).fill('?').join(', ')})`;
  const shareSql = `INSERT INTO ${ks}.aqi_window_shares (scope, scope_key, granularity, bucket, window, station_id,
    ${STATS_COLUMNS.join(', ')}) VALUES (${Array(15).fill('?').join(', ')})`;
  // Only the windows an interval touched: a whole bucket (a UTC day of hours) grows with
  // every run of the day, and reading it all made aggregate's memory follow the clock.
  const sharesSql = `SELECT window, station_id, ${STATS_COLUMNS.join(', ')} FROM ${ks}.aqi_window_shares
    WHERE scope = ? AND scope_key = ? AND granularity = ? AND bucket = ? AND window IN ?`;
  const opts = { prepare: true };

  async function batched(groups: Map<string, Array<{ query: string; params: unknown[] }>>): Promise<void> {
    const writes: Array<Promise<unknown>> = [];
    for (const statements of groups.values()) {
      for (let i = 0; i < statements.length; i += BATCH_ROWS) {
        const part = statements.slice(i, i + BATCH_ROWS);
        writes.push(part.length === 1 ? client.execute(part[0]!.query, part[0]!.params, opts) : client.batch(part, { prepare: true, logged: false }));
      }
    }
    await allOrFirstError(writes);
  }

  return {
    async readStationSpan(stationId, from, to) {
      const out: WindowReading[] = [];
      const days = utcDatesBetween(from, to);
      const pages = await Promise.all(days.map((day) => allRows(client, readSql, [stationId, types.LocalDate.fromString(day), from, to])));
      for (const rows of pages) {
        for (const row of rows) {
          out.push({
            stationId, observedAt: row.get('observed_at') as Date, city: row.get('city') as string | null,
            country: row.get('country') as string | null, sourceTz: (row.get('source_tz') as string | null) ?? 'Z',
            aqi: row.get('aqi') as number | null, dominantPollutant: row.get('dominant_pollutant') as string | null,
            pollutants: {
              pm25: row.get('pm25') as number | null, pm10: row.get('pm10') as number | null, o3: row.get('o3') as number | null,
              no2: row.get('no2') as number | null, so2: row.get('so2') as number | null, co: row.get('co') as number | null,
            },
          });
        }
      }
      return out;
    },

    async writeWindows(rows) {
      const statements = rows.map((r) => {
        const s = summarize(r.stats);
        const k = r.key;
        return {
          partition: `${k.scope}\u0000${k.scopeKey}\u0000${k.granularity}`,
          query: windowSql,
          params: [k.scope, k.scopeKey, k.granularity, k.window, r.stations, ...statsValues(s), s.aqiMean, s.pollutantMean, s.dominantPollutant],
        };
      });
      await batched(groupBy(statements, (x) => x.partition));
    },

    async writeShares(rows) {
      const statements = rows.map((r) => {
        const k = r.scope;
        const bucket = bucketOf(k.window);
        return {
          partition: `${k.scope}\u0000${k.scopeKey}\u0000${k.granularity}\u0000${bucket}`,
          query: shareSql,
          params: [k.scope, k.scopeKey, k.granularity, bucket, k.window, r.stationId, ...statsValues(r.stats)],
        };
      });
      await batched(groupBy(statements, (x) => x.partition));
    },

    async readShares(p, windows) {
      if (windows.length === 0) return [];
      return (await allRows(client, sharesSql, [p.scope, p.scopeKey, p.granularity, p.bucket, windows])).map((row) => ({
        window: row.get('window') as string,
        stationId: row.get('station_id') as number,
        stats: statsFromRow(row),
      }));
    },
  };
}
