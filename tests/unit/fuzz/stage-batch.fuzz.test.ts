/**
 * Property: stageBatch accounts for every raw row exactly once (a reading or an outcome),
 * rejects carry a known reason, readings turn into COPY text without throwing, and no
 * input (HTML, truncated JSON, random bytes, transport errors) makes it throw.
 */
import fc from 'fast-check';
import { stageBatch, type StageRawRow } from '../../../tasks/ingest/stage-batch';
import { REJECT_REASONS } from '../../../tasks/waqi/types';
import { bodyText, fetchedAt, httpStatus } from './waqi-payloads';

const REASONS = new Set<string>(REJECT_REASONS);

const rawRow: fc.Arbitrary<Omit<StageRawRow, 'id'>> = fc.record({
  endpoint: fc.constantFrom('feed', 'feed', 'feed', 'map_bounds', 'search'),
  httpStatus,
  text: bodyText,
  asJsonb: fc.boolean(),
  error: fc.option(fc.constantFrom('ECONNRESET', 'timeout after 2000 ms', 'socket hang up'), { nil: null }),
  fetchedAt,
  superseded: fc.constantFrom(false, false, false, true),
}).map(({ text, asJsonb, ...rest }) => ({ ...rest, body: asJsonb ? text : null, bodyText: asJsonb ? null : text }));

describe('stageBatch on generated raw rows', () => {
  it('accounts for every row exactly once and never throws', () => {
    fc.assert(
      fc.property(fc.array(rawRow, { maxLength: 25 }), (rows) => {
        const withIds: StageRawRow[] = rows.map((r, i) => ({ ...r, id: i + 1 }));
        const { readings, outcomes } = stageBatch(withIds);
        const ids = [...readings.map((r) => r.rawId), ...outcomes.map((o) => o.rawId)].sort((a, b) => a - b);
        expect(ids).toEqual(withIds.map((r) => r.id));
        for (const o of outcomes) {
          if (o.outcome === 'reject') expect(REASONS.has(o.reason ?? '')).toBe(true);
        }
        for (const r of readings) {
          // COPY text: tab-separated, one line, hashed for change detection.
          expect(r.fields).not.toMatch(/\n/);
          expect(r.contentHash).toMatch(/^[0-9a-f]{32}$/);
        }
      }),
      { numRuns: 300, seed: 99 },
    );
  });

  it('is idempotent: the same rows give the same readings and outcomes', () => {
    fc.assert(
      fc.property(fc.array(rawRow, { maxLength: 15 }), (rows) => {
        const withIds: StageRawRow[] = rows.map((r, i) => ({ ...r, id: i + 1 }));
        expect(JSON.stringify(stageBatch(withIds))).toBe(JSON.stringify(stageBatch(withIds)));
      }),
      { numRuns: 100, seed: 5 },
    );
  });
});
