import type { Client } from 'cassandra-driver';
import type { ReadingRow } from '../store';
import { cityScopeKey } from '../../analytics/plan';
import { pages } from './cql';
import { readingFromRow } from './rows';

/**
 * The latest reading of every station (latest_by_station), read in pages and kept for a
 * few seconds: the map, the attributions and the exports' station lists all need it, and
 * one page load asks for it several times. 12,000 stations are a few MB.
 */
export class StationDirectory {
  private cached: { at: number; rows: Promise<ReadingRow[]> } | undefined;

  constructor(
    private readonly client: Client,
    private readonly keyspace: string,
    private readonly ttlMs = 10_000,
  ) {}

  all(): Promise<ReadingRow[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > this.ttlMs) {
      const rows = this.load();
      // A failed read is not cached: the next request tries again.
      rows.catch(() => {
        if (this.cached?.rows === rows) this.cached = undefined;
      });
      this.cached = { at: now, rows };
    }
    return this.cached.rows;
  }

  private async load(): Promise<ReadingRow[]> {
    const out: ReadingRow[] = [];
    const query = `SELECT station_id, observed_at, station_name, city, country, lat, lon, aqi, category, dominant_pollutant,
      pm25, pm10, o3, no2, so2, co, attributions FROM ${this.keyspace}.latest_by_station`;
    for await (const row of pages(this.client, query, [], 2000)) out.push(readingFromRow(row));
    return out.sort((a, b) => a.stationId - b.stationId);
  }

  /** Distinct countries, as stored (null country is stored as 'unknown' in the hour table). */
  async countries(): Promise<string[]> {
    const set = new Set((await this.all()).map((r) => r.country ?? 'unknown'));
    return [...set].sort();
  }

  /**
   * The stored spelling of a country, city ("country/city") or station scope key that
   * matches `typed` case-insensitively: partitions are keyed as stored ("India"), users
   * type "india". The input itself when nothing matches (the answer is then empty).
   */
  async storedKey(scope: 'country' | 'city' | 'station', typed: string): Promise<string> {
    if (scope === 'station') return typed;
    const want = typed.toLowerCase();
    for (const r of await this.all()) {
      // The keys aggregate writes: a country window only for a known country (plan.ts).
      const key = scope === 'country' ? r.country : r.city ? cityScopeKey(r.country, r.city) : null;
      if (key?.toLowerCase() === want) return key;
    }
    return typed;
  }
}

/** Case-insensitive equality of a stored value and a filter; an absent filter matches all. */
export const samePlace = (stored: string | null, filter: string | undefined): boolean =>
  !filter || (stored ?? '').toLowerCase() === filter.toLowerCase();
