import { types, type Client } from 'cassandra-driver';
import { assertKeyspace } from '../cassandra/cql-template';
import { utcDatesBetween } from './time-windows';
import { summarize, type WindowStats } from './window-stats';
import type { WindowKey, WindowReading } from './types';

/**
 * Cassandra access for aggregate: the classified readings of a station over a span, and
 * the windows and window members it writes. Prepared statements only.
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

/** Every row of a query, page by page (a country's member partition can exceed one page). */
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

export interface WindowStore {
  readStationSpan(stationId: number, from: Date, to: Date): Promise<WindowReading[]>;
  writeWindow(key: WindowKey, stats: WindowStats, stations: number): Promise<void>;
  writeMember(scope: WindowKey, stationId: number, stats: WindowStats): Promise<void>;
  readMembers(scope: WindowKey): Promise<Array<{ stationId: number; stats: WindowStats }>>;
}

export function cassandraWindowStore(client: Client, keyspace: string): WindowStore {
  const ks = assertKeyspace(keyspace);
  const readSql = `SELECT observed_at, city, country, source_tz, aqi, dominant_pollutant, pm25, pm10, o3, no2, so2, co
    FROM ${ks}.readings_by_station_day WHERE station_id = ? AND day = ? AND observed_at >= ? AND observed_at < ?`;
  const windowSql = `INSERT INTO ${ks}.aqi_windows (scope, scope_key, granularity, window, stations, ${STATS_COLUMNS.join(', ')},
    aqi_mean, pollutant_mean, dominant_pollutant) VALUES (${Array(17).fill('?').join(', ')})`;
  const memberSql = `INSERT INTO ${ks}.aqi_window_members (scope, scope_key, granularity, window, station_id, ${STATS_COLUMNS.join(', ')})
    VALUES (${Array(14).fill('?').join(', ')})`;
  const membersSql = `SELECT station_id, ${STATS_COLUMNS.join(', ')} FROM ${ks}.aqi_window_members
    WHERE scope = ? AND scope_key = ? AND granularity = ? AND window = ?`;
  const opts = { prepare: true };
  const keyOf = (k: WindowKey) => [k.scope, k.scopeKey, k.granularity, k.window];

  return {
    async readStationSpan(stationId, from, to) {
      const out: WindowReading[] = [];
      for (const day of utcDatesBetween(from, to)) {
        const params = [stationId, types.LocalDate.fromString(day), from, to];
        for (const row of await allRows(client, readSql, params)) {
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

    async writeWindow(key, stats, stations) {
      const s = summarize(stats);
      await client.execute(windowSql, [...keyOf(key), stations, ...statsValues(s), s.aqiMean, s.pollutantMean, s.dominantPollutant], opts);
    },

    async writeMember(scope, stationId, stats) {
      await client.execute(memberSql, [...keyOf(scope), stationId, ...statsValues(stats)], opts);
    },

    async readMembers(scope) {
      const out: Array<{ stationId: number; stats: WindowStats }> = [];
      for (const row of await allRows(client, membersSql, keyOf(scope))) {
        out.push({ stationId: row.get('station_id') as number, stats: statsFromRow(row) });
      }
      return out;
    },
  };
}
