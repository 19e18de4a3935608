import { z } from 'zod';

/** Flag schemas that several commands share. */
const isoInstant = z.iso
  .datetime({ offset: true, error: 'expected an ISO 8601 instant with its offset, e.g. 2026-03-01T10:00:00Z or 2026-03-01T11:00:00+01:00' })
  .transform((s) => new Date(s));

export const runIdFlag = z.string().min(1).max(250);

/**
 * The data interval a step works on, [start, end), plus the command's own flags.
 * Airflow passes its data interval; a step never reads the wall clock to choose it.
 */
export function withInterval<T extends z.ZodRawShape>(shape: T) {
  return z
    .object({ intervalStart: isoInstant, intervalEnd: isoInstant, ...shape })
    // zod runs this check even when a field failed its own (a date without its offset stays
    // a string): only two parsed instants can be compared; the field's own issue is reported.
    .refine((f: Record<string, unknown>) => !(f.intervalStart instanceof Date && f.intervalEnd instanceof Date) || f.intervalStart.getTime() < f.intervalEnd.getTime(), {
      message: 'must be after --interval-start',
      path: ['intervalEnd'],
    });
}
