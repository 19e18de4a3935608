import { z } from 'zod';

/**
 * Query-parameter contracts of every API and export route, and one pure function that
 * checks a query string against them. Unknown or repeated parameters are refused too:
 * a typo such as `?contry=FR` must not silently return every country.
 */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const day = z
  .string()
  .regex(DAY, 'expected a date YYYY-MM-DD')
  .refine((s) => isRealDay(s), 'not a calendar date');

const isoInstant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const text = z.string().min(1).max(120);
/**
 * An integer query parameter. Not z.coerce: it reads an empty `hour=` as 0 (midnight) and
 * reports "abc" as "required". Here both name what is wrong and show a right value.
 */
const integer = (min: number, max: number, example: number) =>
  z
    .string()
    .regex(/^-?\d{1,12}$/, `expected an integer from ${min} to ${max}, e.g. ${example}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
const stationId = integer(-2_147_483_648, 2_147_483_647, 1451);

export const POLLUTANTS = ['aqi', 'pm25', 'pm10', 'o3', 'no2', 'so2', 'co'] as const;
export const CATEGORY_KEYS = [
  'good', 'moderate', 'unhealthy_sensitive', 'unhealthy', 'very_unhealthy', 'hazardous',
] as const;

function isRealDay(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

// Zod still runs refinements when a field failed; only compare two real instants.
const bothDates = (v: { from: unknown; to: unknown }) => v.from instanceof Date && v.to instanceof Date;

/** Adds the rule "from before to, at most maxDays apart" to a schema with optional from/to. */
function boundedRange<T extends z.ZodType<{ from: Date; to: Date }>>(schema: T, maxDays: number) {
  return schema
    .refine((v) => !bothDates(v) || v.from.getTime() < v.to.getTime(), { message: 'must be after from', path: ['to'] })
    .refine((v) => !bothDates(v) || v.to.getTime() - v.from.getTime() <= maxDays * 86_400_000, {
      message: `range longer than ${maxDays} days`,
      path: ['to'],
    });
}

export const categoriesParams = z
  .object({
    day,
    hour: integer(0, 23, 14).optional(),
    groupBy: z.enum(['country', 'city']).default('country'),
    country: text.optional(),
  })
  .strict();

export const latestParams = z
  .object({ country: text.optional(), category: z.enum(CATEGORY_KEYS).optional() })
  .strict();

export const trendsParams = boundedRange(
  z
    .object({
      scope: z.enum(['station', 'city', 'country']),
      id: text,
      grain: z.enum(['hour', 'day']).default('hour'),
      pollutant: z.enum(POLLUTANTS).default('aqi'),
      from: isoInstant,
      to: isoInstant,
    })
    .strict(),
  400,
);

export const alertsParams = z
  .object({
    status: z.enum(['open', 'all']).default('all'),
    station: stationId.optional(),
    limit: integer(1, 1000, 100).default(100),
  })
  .strict();

/** Exports may span a year: they stream, so the range is bounded only to keep a typo harmless. */
export const readingsExportParams = boundedRange(
  z
    .object({
      from: isoInstant,
      to: isoInstant,
      country: text.optional(),
      city: text.optional(),
      station: stationId.optional(),
      category: z.enum(CATEGORY_KEYS).optional(),
    })
    .strict(),
  366,
);

export const windowsExportParams = boundedRange(
  z
    .object({
      grain: z.enum(['hour', 'day']),
      scope: z.enum(['station', 'city', 'country']).default('station'),
      from: isoInstant,
      to: isoInstant,
      id: text.optional(),
    })
    .strict(),
  366,
);

export const alertsExportParams = boundedRange(
  z.object({ from: isoInstant, to: isoInstant, station: stationId.optional() }).strict(),
  366,
);

export const noParams = z.object({}).strict();

export type ParamsResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Validates a query string. Returns every problem at once in one readable sentence,
 * e.g. "day: expected a date YYYY-MM-DD; unknown parameter contry".
 */
export function parseParams<S extends z.ZodType>(schema: S, query: URLSearchParams): ParamsResult<z.infer<S>> {
  const raw: Record<string, string> = {};
  const problems: string[] = [];
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    if (values.length > 1) problems.push(`${shown(key)}: given ${values.length} times`);
    raw[key] = values[0] ?? '';
  }
  const result = schema.safeParse(raw);
  if (!result.success) problems.push(...result.error.issues.map(describeIssue));
  if (problems.length > 0) return { ok: false, reason: problems.join('; ') };
  return { ok: true, value: result.data as z.infer<S> };
}

/** Echoes a client-chosen name in a reason, cut short so a huge query cannot make a huge answer. */
const shown = (name: string) => (name.length > 40 ? `${name.slice(0, 40)}…` : name);

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => `unknown parameter ${shown(k)}`).join('; ');
  const where = issue.path.map(String).join('.');
  const message = issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message;
  return where ? `${where}: ${message}` : message;
}
