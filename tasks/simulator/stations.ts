/**
 * The simulator's stations: N stations generated deterministically around real cities,
 * with WAQI-like names, aqicn.org URLs, the pollutants each one measures, and the small
 * oddities real stations show (no `iso`, an empty `dominentpol`, a stale clock).
 */
import { CITIES, slug, type City } from './cities';
import { hash, pick, unit } from './rng';

export type Pollutant = 'pm25' | 'pm10' | 'o3' | 'no2' | 'so2' | 'co' | 'neph';

export interface Station {
  uid: number;
  name: string;
  url: string;
  city: City;
  citySlug: string;
  lat: number;
  lon: number;
  pollutants: Pollutant[];
  weather: boolean;
  /** Hours the station's latest observation lags behind the current hour. */
  lagHours: number;
  missingIso: boolean;
  emptyDominant: boolean;
  agency: { name: string; url: string };
}

const SYLLABLES = ['ka', 'lo', 'ri', 'an', 'ver', 'do', 'mi', 'sa', 'tel', 'nor', 'bu', 'gen', 'ha', 'zu', 'pe', 'lin', 'mar', 'os'];
const KINDS = ['Street', 'Park', 'Road', 'Station', 'School', 'Harbour', 'Hospital', 'Square', 'Bridge', 'Market'];
const AGENCIES = [
  { name: 'Environmental Protection Agency', url: 'https://www.airnow.gov/' },
  { name: 'Ministry of Ecology and Environment', url: 'http://www.mee.gov.cn/' },
  { name: 'European Environment Agency', url: 'https://www.eea.europa.eu/' },
  { name: 'Central Pollution Control Board', url: 'https://cpcb.nic.in/' },
  { name: 'RIVM - Rijksinstituut voor Volksgezondheid en Milieu', url: 'http://www.luchtmeetnet.nl/' },
  { name: 'Citizen Weather Observers', url: 'https://sensor.community/' },
];

function district(seed: number, i: number): string {
  const n = 2 + (hash(seed, 'syl', i) % 2);
  let word = '';
  for (let k = 0; k < n; k += 1) word += pick(SYLLABLES, seed, 'syl', i, k);
  return `${word.charAt(0).toUpperCase()}${word.slice(1)} ${pick(KINDS, seed, 'kind', i)}`;
}

function measured(seed: number, i: number): Pollutant[] {
  if (unit(seed, 'neph-only', i) < 0.03) return ['neph'];
  const shares: [Pollutant, number][] = [['pm25', 0.95], ['pm10', 0.8], ['o3', 0.6], ['no2', 0.6], ['so2', 0.4], ['co', 0.4]];
  const list = shares.filter(([p, share]) => unit(seed, 'has', p, i) < share).map(([p]) => p);
  return list.length > 0 ? list : ['pm25'];
}

export function generateStation(seed: number, i: number): Station {
  const city = CITIES[i % CITIES.length] ?? CITIES[0]!;
  const name = district(seed, i);
  const citySlug = slug(city.name);
  const lag = unit(seed, 'lag', i);
  // A few stations come from other networks: WAQI lists those with negative ids.
  const sign = unit(seed, 'neg', i) < 0.03 ? -1 : 1;
  return {
    uid: sign * (1000 + i * 13 + (hash(seed, 'uid', i) % 13)),
    name: `${name}, ${city.name}`,
    url: `https://aqicn.org/city/${city.country}/${citySlug}/${slug(name)}`,
    city,
    citySlug,
    lat: Math.round((city.lat + (unit(seed, 'lat', i) - 0.5) * 0.4) * 1e6) / 1e6,
    lon: Math.round((city.lon + (unit(seed, 'lon', i) - 0.5) * 0.4) * 1e6) / 1e6,
    pollutants: measured(seed, i),
    weather: unit(seed, 'weather', i) < 0.8,
    lagHours: lag < 0.7 ? 0 : lag < 0.95 ? 1 : 3,
    missingIso: unit(seed, 'no-iso', i) < 0.03,
    emptyDominant: unit(seed, 'no-dom', i) < 0.02,
    agency: pick(AGENCIES, seed, 'agency', i),
  };
}

/** All stations, with lookups by id and by city name (what /feed/@idx and /feed/{city} need). */
export class StationTable {
  readonly list: Station[];
  private readonly byUid = new Map<number, Station>();
  private readonly byCity = new Map<string, Station>();

  constructor(readonly seed: number, count: number) {
    this.list = Array.from({ length: count }, (_, i) => generateStation(seed, i));
    for (const s of this.list) {
      this.byUid.set(s.uid, s);
      if (!this.byCity.has(s.citySlug)) this.byCity.set(s.citySlug, s);
    }
  }

  get(uid: number): Station | undefined {
    return this.byUid.get(uid);
  }

  forCity(name: string): Station | undefined {
    return this.byCity.get(slug(name));
  }

  nearest(lat: number, lon: number): Station | undefined {
    let best: Station | undefined;
    let bestD = Infinity;
    for (const s of this.list) {
      const d = (s.lat - lat) ** 2 + (s.lon - lon) ** 2;
      if (d < bestD) [best, bestD] = [s, d];
    }
    return best;
  }

  inBox(lat1: number, lng1: number, lat2: number, lng2: number): Station[] {
    const [a, c] = [Math.min(lat1, lat2), Math.max(lat1, lat2)];
    const [b, d] = [Math.min(lng1, lng2), Math.max(lng1, lng2)];
    return this.list.filter((s) => s.lat >= a && s.lat < c && s.lon >= b && s.lon < d);
  }

  search(keyword: string, limit = 20): Station[] {
    const k = keyword.trim().toLowerCase();
    if (k === '') return [];
    return this.list.filter((s) => s.name.toLowerCase().includes(k)).slice(0, limit);
  }
}
