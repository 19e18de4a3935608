import { z } from 'zod';
import { CATEGORIES, type CategoryId } from '../classify/epa';
import { ConfigError } from '../core/errors';
import { cityScopeKey } from '../analytics/plan';
import { hourWindowOf } from '../analytics/time-windows';
import type { Granularity, Scope } from '../analytics/types';

/** The filters every `aqi query` subcommand accepts, validated once. */
const isoInstant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const categoryId = z.enum(CATEGORIES.map((c) => c.id) as [CategoryId, ...CategoryId[]]);

export const queryFlags = z.object({
  station: z.coerce.number().int().positive().optional(),
  city: z.string().min(1).optional(),
  country: z.string().min(1).optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  category: categoryId.optional(),
  granularity: z.enum(['hour', 'day']).default('hour'),
  open: z.boolean().default(false),
  limit: z.coerce.number().int().min(1).max(100_000).default(50),
  json: z.boolean().default(false),
});
export type QueryFlags = z.infer<typeof queryFlags>;

export interface Place {
  stationId: number;
  city: string | null;
  country: string | null;
}

/** Case-insensitive station/city/country match; an absent filter matches everything. */
export function matchesPlace(p: Place, f: Pick<QueryFlags, 'station' | 'city' | 'country'>): boolean {
  const same = (a: string | null, b: string | undefined) => b === undefined || (a ?? '').toLowerCase() === b.toLowerCase();
  return (f.station === undefined || p.stationId === f.station) && same(p.city, f.city) && same(p.country, f.country);
}

/** The time range asked for, or the `days` before `now`. Queries are for people, so `now` is fine here. */
export function timeRange(f: Pick<QueryFlags, 'from' | 'to'>, days: number, now: Date): { from: Date; to: Date } {
  const to = f.to ?? now;
  const from = f.from ?? new Date(to.getTime() - days * 86_400_000);
  if (from.getTime() >= to.getTime()) throw new ConfigError(['--from: must be before --to']);
  return { from, to };
}

/** Which window partition answers `query windows`: a station, a city (with its country) or a country. */
export function windowScope(f: Pick<QueryFlags, 'station' | 'city' | 'country'>): { scope: Scope; scopeKey: string } {
  if (f.station !== undefined) return { scope: 'station', scopeKey: String(f.station) };
  if (f.city !== undefined) {
    if (f.country === undefined) throw new ConfigError(['--city: city windows are per country; add --country']);
    return { scope: 'city', scopeKey: cityScopeKey(f.country, f.city) };
  }
  if (f.country !== undefined) return { scope: 'country', scopeKey: f.country };
  throw new ConfigError(['windows need --station, --country, or --city with --country']);
}

/**
 * Inclusive window keys of the windows that overlap [from, to): hour keys in UTC, day keys
 * as dates (a local date may differ by a day at the edges). The hour under way counts: a
 * fresh pipeline's only windows are the current hour's.
 */
export function windowBounds(g: Granularity, from: Date, to: Date): { from: string; to: string } {
  const last = new Date(to.getTime() - 1);
  if (g === 'hour') return { from: hourWindowOf(from), to: hourWindowOf(last) };
  return { from: from.toISOString().slice(0, 10), to: `${last.toISOString().slice(0, 10)}~` };
}
