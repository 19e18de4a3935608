/**
 * What a station measures at a given hour: US-EPA sub-indices with daily cycles (PM and
 * NO2 peak at the rush hours, O3 in the afternoon), day-to-day weather swings, and
 * weather values that follow latitude and the time of day. Pure and deterministic.
 */
import { hash, unit } from './rng';
import type { Pollutant, Station } from './stations';

export interface Observation {
  /** The observation's hour as a UTC instant (ms). */
  observedMs: number;
  iaqi: Partial<Record<Pollutant | 't' | 'h' | 'p' | 'w' | 'wg' | 'dew', number>>;
  aqi: number;
  dominant: Pollutant;
}

const HOUR_MS = 3_600_000;
const TAU = 2 * Math.PI;
const round1 = (n: number) => Math.round(n * 10) / 10;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

export function offsetHours(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) + Number(offset.slice(4, 6)) / 60);
}

function cycle(local: number, peakHour: number, period = 24): number {
  return Math.cos((TAU * (local - peakHour)) / period);
}

function subIndex(p: Pollutant, s: Station, local: number, dayFactor: number, noise: number): number {
  const base = s.city.basePm25;
  switch (p) {
    case 'pm25':
      return base * (1 + 0.25 * cycle(local, 8) + 0.2 * cycle(local, 20, 12)) * dayFactor * noise;
    case 'pm10':
      return base * 0.6 * (1 + 0.3 * cycle(local, 9)) * dayFactor * noise;
    case 'o3':
      return (25 + base * 0.2) * (1 + 0.7 * cycle(local, 15)) * noise;
    case 'no2':
      return (8 + base * 0.15) * (1 + 0.4 * cycle(local, 8, 12)) * noise;
    case 'so2':
      return (2 + base * 0.05) * noise;
    case 'co':
      return (3 + base * 0.06) * (1 + 0.2 * cycle(local, 19)) * noise;
    case 'neph':
      return base * 0.4 * dayFactor * noise;
  }
}

export function observe(seed: number, s: Station, hourIndex: number): Observation {
  const observedMs = hourIndex * HOUR_MS;
  const local = (((hourIndex + offsetHours(s.city.offset)) % 24) + 24) % 24;
  const day = Math.floor((hourIndex + offsetHours(s.city.offset)) / 24);
  const dayFactor = 0.6 + 0.9 * unit(seed, 'day', s.uid, day);
  const iaqi: Observation['iaqi'] = {};
  let aqi = -1;
  let dominant: Pollutant = s.pollutants[0] ?? 'pm25';
  for (const p of s.pollutants) {
    const noise = 0.85 + 0.3 * unit(seed, p, s.uid, hourIndex);
    const raw = clamp(subIndex(p, s, local, dayFactor, noise), 0, 999);
    const value = p === 'pm25' || p === 'pm10' ? Math.round(raw) : round1(raw);
    iaqi[p] = value;
    if (value > aqi) [aqi, dominant] = [value, p];
  }
  if (s.weather) {
    const climate = 30 - 0.45 * Math.abs(s.lat);
    const t = round1(climate + 5 * cycle(local, 15) + 6 * (unit(seed, 't', s.uid, day) - 0.5));
    const h = Math.round(clamp(60 - 20 * cycle(local, 15) + 20 * (unit(seed, 'h', s.uid, day) - 0.5), 5, 100));
    const w = round1(6 * unit(seed, 'w', s.uid, hourIndex));
    Object.assign(iaqi, {
      t,
      h,
      p: round1(1000 + 25 * unit(seed, 'p', s.uid, day)),
      w,
      ...(hash(seed, 'wg', s.uid) % 2 === 0 ? { wg: round1(w * 1.6) } : {}),
      ...(hash(seed, 'dew', s.uid) % 2 === 0 ? { dew: round1(t - (100 - h) / 5) } : {}),
    });
  }
  return { observedMs, iaqi, aqi: Math.round(aqi), dominant };
}
