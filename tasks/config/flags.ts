import { z } from 'zod';

/** Flag schemas that several commands share. */
const isoInstant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const runIdFlag = z.string().min(1).max(250);

/**
 * The data interval a step works on, [start, end), plus the command's own flags.
 * Airflow passes its data interval; a step never reads the wall clock to choose it.
 */
export function withInterval<T extends z.ZodRawShape>(shape: T) {
  return z
    .object({ intervalStart: isoInstant, intervalEnd: isoInstant, ...shape })
    .refine((f: Record<string, unknown>) => (f.intervalStart as Date).getTime() < (f.intervalEnd as Date).getTime(), {
      message: 'must be after --interval-start',
      path: ['intervalEnd'],
    });
}
