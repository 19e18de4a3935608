import type { Client } from 'cassandra-driver';
import { cityScopeKey } from '../../analytics/plan';
import { hourWindowOf, utcDatesBetween } from '../../analytics/time-windows';
import { assertKeyspace } from '../../cassandra/cql-template';
import type { DashboardStore, ReadingRow, WindowsExportQuery } from '../store';
import { alertQueries } from './cassandra-alerts';
import { partition } from './cql';
import { inOrder } from './lookahead';
import { readingFromRow, sampleFromRow, windowFromRow } from './rows';
import { samePlace, StationDirectory } from './station-directory';

/** Partitions read ahead while an export streams: hides latency, bounds memory. */
const LOOKAHEAD = 16;
const EXPORTED = [
  'station_id', 'station_name', 'city', 'country', 'lat', 'lon', 'observed_at', 'aqi', 'category', 'dominant_pollutant',
  'pm25', 'pm10', 'o3', 'no2', 'so2', 'co',
];

/** The dashboard's reads of the tables that classify, aggregate and alerts write. */
export function cassandraStore(client: Client, keyspace: string): DashboardStore {
  const ks = assertKeyspace(keyspace);
  const directory = new StationDirectory(client, ks);
  // One partition per query, only the exported columns: measured against multi-partition IN queries
  // (bench/dashboard-export.ts), as fast here and with a far smaller memory peak.
  const readingsSql = `SELECT ${EXPORTED.join(', ')} FROM ${ks}.readings_by_station_day
    WHERE station_id = ? AND day = ? AND observed_at >= ? AND observed_at < ? ORDER BY observed_at ASC`;
  const hourSql = `SELECT country, city, station_id, aqi, observed_at FROM ${ks}.stations_by_country_hour WHERE country = ? AND day = ?`;
  const windowsSql = `SELECT * FROM ${ks}.aqi_windows WHERE scope = ? AND scope_key = ? AND granularity = ? AND window >= ? AND window <= ? ORDER BY window ASC`;

  /** The scope keys an export walks: one when asked for, else every station, city or country known. */
  async function scopeKeys(q: WindowsExportQuery): Promise<string[]> {
    if (q.id) return [await directory.storedKey(q.scope, q.id)];
    const stations = await directory.all();
    if (q.scope === 'station') return stations.map((s) => String(s.stationId));
    const keys = stations.flatMap((s) => (q.scope === 'country' ? (s.country ? [s.country] : []) : s.city ? [cityScopeKey(s.country, s.city)] : []));
    return [...new Set(keys)].sort();
  }

  return {
    async *samples(from, to, country) {
      const countries = country ? [await directory.storedKey('country', country)] : await directory.countries();
      for (const day of utcDatesBetween(from, to)) {
        for await (const row of inOrder(countries, (c) => partition(client, hourSql, [c, day]), 4)) {
          const s = sampleFromRow(row);
          if (s.observedAt >= from && s.observedAt < to) yield s;
        }
      }
    },

    async latest(q) {
      return (await directory.all()).filter(
        (r) => samePlace(r.country, q.country) && (!q.category || r.category === q.category),
      );
    },

    async *readings(q) {
      const stations: number[] = q.station !== undefined
        ? [q.station]
        : (await directory.all()).filter((s) => samePlace(s.country, q.country) && samePlace(s.city, q.city)).map((s) => s.stationId);
      const days = utcDatesBetween(q.from, q.to);
      const keys = (function* () {
        for (const day of days) for (const station of stations) yield [station, day] as const;
      })();
      const load = ([station, day]: readonly [number, string]) => partition(client, readingsSql, [station, day, q.from, q.to]);
      for await (const row of inOrder(keys, load, LOOKAHEAD)) {
        const r: ReadingRow = readingFromRow(row);
        if ((q.category && r.category !== q.category) || !samePlace(r.country, q.country) || !samePlace(r.city, q.city)) continue;
        yield r;
      }
    },

    async *windows(q) {
      const last = new Date(q.to.getTime() - 1);
      const [lo, hi] = q.grain === 'hour'
        ? [hourWindowOf(q.from), hourWindowOf(last)]
        : [q.from.toISOString().slice(0, 10), last.toISOString().slice(0, 10)];
      const keys = await scopeKeys(q);
      const load = (key: string) => partition(client, windowsSql, [q.scope, key, q.grain, lo, hi]);
      for await (const row of inOrder(keys, load, 16)) yield windowFromRow(row);
    },

    ...alertQueries(client, ks, directory),
  };
}

