import { alertEventId, applyReadings, initialState, type AlertPolicy, type AlertReading } from '../../../tasks/alerts/state-machine';

const policy: AlertPolicy = {
  levels: [{ name: 'unhealthy', minAqi: 151 }, { name: 'hazardous', minAqi: 301 }],
  closeBelowAqi: 101,
  closeAfterReadings: 3,
};

/** Hourly readings of station 1 from 00:00Z, one AQI per hour (null = a reading without AQI). */
function hourly(aqis: Array<number | null>, startHour = 0): AlertReading[] {
  return aqis.map((aqi, i) => ({
    stationId: 1, aqi, stationName: 'Utrecht', city: 'utrecht', country: 'netherland',
    observedAt: new Date(Date.UTC(2026, 10, 23, startHour + i)),
  }));
}

const summary = (aqis: Array<number | null>, p = policy) =>
  applyReadings(initialState(1), hourly(aqis), p).events.map((e) => `${e.type}:${e.level}@${e.occurredAt.getUTCHours()}`);

describe('alert state machine', () => {
  test.each([
    ['clean air: nothing', [20, 80, 150, 100], []],
    ['enter Unhealthy: opened', [100, 151, 160], ['opened:unhealthy@1']],
    ['150 is not Unhealthy', [150, 150], []],
    ['enter straight at Hazardous: one opening at hazardous', [90, 320, 330], ['opened:hazardous@1']],
    ['escalate to Hazardous once', [160, 301, 400, 310], ['opened:unhealthy@0', 'escalated:hazardous@1']],
    ['no de-escalation while open', [320, 180, 320], ['opened:hazardous@0']],
    ['close after 3 consecutive readings below 101', [200, 90, 80, 70, 60], ['opened:unhealthy@0', 'closed:unhealthy@3']],
    ['a reading back above resets the count (no flapping)', [200, 90, 80, 140, 90, 80, 70], ['opened:unhealthy@0', 'closed:unhealthy@6']],
    ['hovering around the threshold never reopens', [160, 149, 152, 140, 155, 120], ['opened:unhealthy@0']],
    ['null AQI neither counts nor resets', [200, 90, null, 80, null, 70], ['opened:unhealthy@0', 'closed:unhealthy@5']],
    ['close then reopen: a new episode', [200, 50, 50, 50, 170], ['opened:unhealthy@0', 'closed:unhealthy@3', 'opened:unhealthy@4']],
    ['a hazardous episode closes at its level', [350, 20, 20, 20], ['opened:hazardous@0', 'closed:hazardous@3']],
  ])('%s', (_name, aqis, expected) => expect(summary(aqis)).toEqual(expected));

  test('closing after one reading when configured so', () => {
    expect(summary([200, 100], { ...policy, closeAfterReadings: 1 })).toEqual(['opened:unhealthy@0', 'closed:unhealthy@1']);
  });

  test('events carry the episode, the reading and the peak', () => {
    const [opened, escalated, closed] = applyReadings(initialState(1), hourly([180, 350, 90, 90, 90]), policy).events;
    expect(opened).toMatchObject({ type: 'opened', aqi: 180, peakAqi: 180, stationName: 'Utrecht', city: 'utrecht' });
    expect(escalated).toMatchObject({ type: 'escalated', aqi: 350, peakAqi: 350 });
    expect(closed).toMatchObject({ type: 'closed', aqi: 90, peakAqi: 350, level: 'hazardous' });
    expect(new Set([opened, escalated, closed].map((e) => e?.episodeStart.toISOString()))).toEqual(new Set(['2026-11-23T00:00:00.000Z']));
  });

  test('readings are applied in observation order whatever order they come in', () => {
    const readings = hourly([200, 90, 80, 70]);
    const a = applyReadings(initialState(1), readings, policy);
    const b = applyReadings(initialState(1), [...readings].reverse(), policy);
    expect(b).toEqual(a);
  });

  test('the input state is not modified', () => {
    const open = applyReadings(initialState(1), hourly([200]), policy).state;
    const copy = JSON.parse(JSON.stringify(open));
    applyReadings(open, hourly([50, 50, 50], 1), policy);
    expect(JSON.parse(JSON.stringify(open))).toEqual(copy);
  });

  describe('replay and backfill', () => {
    const day = hourly([50, 200, 350, 90, 80, 70, 60]);

    test('replaying applied readings emits nothing and keeps the state', () => {
      const first = applyReadings(initialState(1), day, policy);
      const again = applyReadings(first.state, day, policy);
      expect(again.events).toEqual([]);
      expect(again.skipped).toBe(day.length);
      expect(again.state).toEqual(first.state);
    });

    test('split into intervals, the same events as all at once, with the same ids', () => {
      const whole = applyReadings(initialState(1), day, policy).events;
      let state = initialState(1);
      const pieces = [];
      for (const chunk of [day.slice(0, 2), day.slice(2, 4), day.slice(4)]) {
        const r = applyReadings(state, chunk, policy);
        state = r.state;
        pieces.push(...r.events);
      }
      expect(pieces).toEqual(whole);
    });

    test('an episode spanning runs closes in a later run', () => {
      const first = applyReadings(initialState(1), hourly([200, 90]), policy);
      expect(first.state.episode).toMatchObject({ level: 'unhealthy', belowCount: 1 });
      const second = applyReadings(first.state, hourly([80, 70], 2), policy);
      expect(second.events.map((e) => e.type)).toEqual(['closed']);
      expect(second.state.episode).toBeNull();
    });

    test('a reading older than the watermark is skipped, not replayed into the past', () => {
      const first = applyReadings(initialState(1), hourly([50, 60], 5), policy);
      const late = applyReadings(first.state, hourly([400], 2), policy);
      expect(late).toMatchObject({ events: [], skipped: 1 });
    });

    test('readings of other stations are ignored', () => {
      const other = hourly([400]).map((r) => ({ ...r, stationId: 2 }));
      expect(applyReadings(initialState(1), other, policy).events).toEqual([]);
    });
  });

  test.each([
    [1, '2026-11-23T00:00:00Z', 'opened', 'unhealthy'],
    [1, '2026-11-23T00:00:00Z', 'closed', 'unhealthy'],
    [1, '2026-11-23T01:00:00Z', 'opened', 'unhealthy'],
    [2, '2026-11-23T00:00:00Z', 'opened', 'unhealthy'],
    [1, '2026-11-23T00:00:00Z', 'escalated', 'hazardous'],
  ] as const)('event ids are stable and distinct: %s %s %s %s', (station, start, type, level) => {
    const id = alertEventId(station, new Date(start), type, level);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(alertEventId(station, new Date(start), type, level)).toBe(id);
    expect(id).not.toBe(alertEventId(1, new Date('2026-11-23T00:00:00Z'), 'opened', 'hazardous'));
  });
});
