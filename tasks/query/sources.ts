import { types, type Client } from 'cassandra-driver';
import { assertKeyspace } from '../cassandra/cql-template';
import { allRows } from '../analytics/window-store';
import { utcDatesBetween } from '../analytics/time-windows';
import { matchesPlace, windowBounds, windowScope, type Place, type QueryFlags } from './filters';

/**
 * The reads behind `aqi query`: each picks the partitions its filters name and filters
 * the rest in memory (queries are for debugging and scripts, not for bulk exports).
 */
export type Row = Record<string, unknown>;

/** Columns stored as JSON text (Cassandra has no JSON type): read back as values, so --json does not encode them twice. */
const JSON_TEXT_COLUMNS = new Set(['attributions']);

function jsonValue(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const plain = (r: types.Row): Row => {
  const out: Row = {};
  for (const k of r.keys()) {
    const v = r.get(k) as unknown;
    out[k] = v instanceof types.LocalDate ? v.toString() : JSON_TEXT_COLUMNS.has(k) ? jsonValue(v) : v;
  }
  return out;
};

const place = (r: Row) => ({ stationId: r.station_id as number, city: (r.city as string | null) ?? null, country: (r.country as string | null) ?? null });

export function querySources(client: Client, keyspace: string) {
  const ks = assertKeyspace(keyspace);

  /** Every station's city and country as stored, from its latest reading. */
  async function stationPlaces(): Promise<Map<number, Place>> {
    const rows = await allRows(client, `SELECT station_id, city, country FROM ${ks}.latest_by_station`, []);
    return new Map(rows.map((r) => [r.get('station_id') as number, place(plain(r))]));
  }

  /**
   * Window partitions are keyed by the place as stored ("India", "Delhi"); a user types
   * "india". The stored spelling that matches case-insensitively, or the input as given.
   */
  async function storedSpelling(f: QueryFlags): Promise<QueryFlags> {
    if (f.city === undefined && f.country === undefined) return f;
    const want = (v: string | undefined) => v?.toLowerCase();
    for (const p of (await stationPlaces()).values()) {
      const countryHit = f.country === undefined || want(p.country ?? '') === want(f.country);
      const cityHit = f.city === undefined || want(p.city ?? '') === want(f.city);
      if (countryHit && cityHit) return { ...f, country: f.country === undefined ? undefined : p.country ?? f.country, city: f.city === undefined ? undefined : p.city ?? f.city };
    }
    return f;
  }

  return {
    /** The newest reading per station, worst first. */
    async latest(f: QueryFlags): Promise<Row[]> {
      const rows = f.station !== undefined
        ? await allRows(client, `SELECT * FROM ${ks}.latest_by_station WHERE station_id = ?`, [f.station])
        : await allRows(client, `SELECT * FROM ${ks}.latest_by_station`, []);
      return rows
        .map(plain)
        .filter((r) => matchesPlace(place(r), f) && (f.category === undefined || r.category === f.category))
        .sort((a, b) => ((b.aqi as number | null) ?? -1) - ((a.aqi as number | null) ?? -1) || (a.station_id as number) - (b.station_id as number))
        .slice(0, f.limit);
    },

    /** A station's readings in [from, to), newest first. */
    async history(station: number, from: Date, to: Date, f: QueryFlags): Promise<Row[]> {
      const out: Row[] = [];
      for (const day of utcDatesBetween(from, to).reverse()) {
        const rows = await allRows(
          client,
          `SELECT * FROM ${ks}.readings_by_station_day WHERE station_id = ? AND day = ? AND observed_at >= ? AND observed_at < ?`,
          [station, types.LocalDate.fromString(day), from, to],
        );
        for (const r of rows.map(plain)) {
          if (f.category === undefined || r.category === f.category) out.push(r);
          if (out.length >= f.limit) return out;
        }
      }
      return out;
    },

    /** Windows of one station, city or country, newest first; --category keeps windows with readings in it. */
    async windows(from: Date, to: Date, f: QueryFlags): Promise<Row[]> {
      const { scope, scopeKey } = windowScope(f.station === undefined ? await storedSpelling(f) : f);
      const b = windowBounds(f.granularity, from, to);
      const rows = await allRows(
        client,
        `SELECT * FROM ${ks}.aqi_windows WHERE scope = ? AND scope_key = ? AND granularity = ? AND window >= ? AND window <= ?`,
        [scope, scopeKey, f.granularity, b.from, b.to],
      );
      return rows
        .map(plain)
        .filter((r) => f.category === undefined || ((r.category_counts as Record<string, number> | null)?.[f.category] ?? 0) > 0)
        .slice(0, f.limit);
    },

    /** Alert events in [from, to), newest first; --open lists the episodes open now instead. */
    async alerts(from: Date, to: Date, f: QueryFlags): Promise<Row[]> {
      if (f.open) {
        const states = (await allRows(client, `SELECT * FROM ${ks}.alert_state`, [])).map(plain);
        // alert_state holds no place: a city or country filter reads each station's from its latest reading.
        const places = f.city === undefined && f.country === undefined ? null : await stationPlaces();
        return states
          .filter((s) => s.episode_start !== null && (f.station === undefined || s.station_id === f.station))
          .filter((s) => places === null || matchesPlace(places.get(s.station_id as number) ?? { stationId: s.station_id as number, city: null, country: null }, f))
          .filter((s) => f.category === undefined || s.level === f.category)
          .sort((a, b) => (b.peak_aqi as number) - (a.peak_aqi as number))
          .slice(0, f.limit);
      }
      const out: Row[] = [];
      for (const day of utcDatesBetween(from, to).reverse()) {
        const rows = await allRows(
          client,
          `SELECT * FROM ${ks}.alert_events_by_day WHERE day = ? AND occurred_at >= ? AND occurred_at < ?`,
          [types.LocalDate.fromString(day), from, to],
        );
        for (const r of rows.map(plain)) {
          if (!matchesPlace(place(r), f) || (f.category !== undefined && r.level !== f.category)) continue;
          out.push(r);
          if (out.length >= f.limit) return out;
        }
      }
      return out;
    },
  };
}
