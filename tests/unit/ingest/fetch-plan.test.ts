import { mergeRefs, parseStationList, planStations, stationListProblems, unfetchableReason } from '../../../tasks/ingest/fetch-plan';
import { WORLD } from '../../../tasks/waqi/targets';

const at = (iso: string) => new Date(iso);
const interval = { start: at('2025-01-01T10:00:00Z'), end: at('2025-01-01T11:00:00Z') };
const GRACE = 2 * 3600_000;

describe('unfetchableReason', () => {
  it.each([
    ['during the interval', '2025-01-01T10:30:00Z', false],
    ['just after it', '2025-01-01T11:05:00Z', false],
    ['at the end of the grace', '2025-01-01T13:00:00Z', false],
    ['after the grace', '2025-01-01T13:01:00Z', true],
    ['before it starts', '2025-01-01T09:00:00Z', false],
  ])('%s', (_name, now, refused) => expect(unfetchableReason(interval, at(now), GRACE) !== null).toBe(refused));
});

describe('parseStationList', () => {
  it('reads ids and names, commas and lines, comments, once each', () => {
    const refs = parseStationList('1234, @1234 ,shanghai\n# a comment\n\n@-5 # trailing\nBeijing,,');
    expect(refs).toEqual([
      { kind: 'idx', idx: 1234 },
      { kind: 'city', name: 'shanghai' },
      { kind: 'idx', idx: -5 },
      { kind: 'city', name: 'Beijing' },
    ]);
  });
  it('empty text lists nothing', () => expect(parseStationList('\n \n')).toEqual([]));
});

describe('stationListProblems', () => {
  it.each([
    ['ids, points and names of any script', "1451, @-5, geo:39.9;116.4, new york, São Paulo, Xi'an, 北京, saint-étienne", 0],
    ['comments and blank entries', '# only a comment\n1451,,\n', 0],
    ['a point out of range', 'geo:999;999', 1],
    ['a point that is no point', 'geo:here', 1],
    ['an id that is no id', '@abc', 1],
    ['the id zero', '@0', 1],
    ['a shell accident', '$HOME/stations', 1],
    ['SQL-ish text', "x'; DROP TABLE readings;--", 1],
    ['a pasted URL', 'https://aqicn.org/city/beijing/', 1],
    ['no letter at all', '---', 1],
    ['a control character', 'bei\u0007jing', 1],
    ['a huge entry', 'a'.repeat(500), 1],
    ['each bad entry once', 'geo:91;0,1451,@x', 2],
  ])('%s', (_name, text, problems) => expect(stationListProblems(text)).toHaveLength(problems));

  it('names the entry and shows a right value', () => {
    expect(stationListProblems('geo:999;999')).toEqual(['"geo:999;999": a point is geo:lat;lng with lat in [-90, 90] and lng in [-180, 180], e.g. geo:39.9;116.4']);
  });
});

describe('planStations', () => {
  const listed = [{ kind: 'idx' as const, idx: 1 }];
  it('sweeps the whole world when nothing is listed', () => expect(planStations([], undefined, 90).boxes).toHaveLength(2 * 4));
  it('fetches only the list when no box is given', () => expect(planStations(listed, undefined, 45)).toEqual({ refs: listed, boxes: [] }));
  it('adds a sweep of the given box', () => {
    const plan = planStations(listed, { lat1: 0, lng1: 0, lat2: 10, lng2: 10 }, 45);
    expect(plan.boxes).toEqual([{ lat1: 0, lng1: 0, lat2: 10, lng2: 10 }]);
    expect(plan.refs).toBe(listed);
  });
  it('world is the default box', () => expect(planStations([], undefined, 360).boxes).toEqual([WORLD]));
});

describe('mergeRefs', () => {
  it('keeps listed refs first and adds swept ids once', () => {
    const merged = mergeRefs([{ kind: 'idx', idx: 2 }, { kind: 'city', name: 'x' }], [1, 2, 3, 1]);
    expect(merged).toEqual([{ kind: 'idx', idx: 2 }, { kind: 'city', name: 'x' }, { kind: 'idx', idx: 1 }, { kind: 'idx', idx: 3 }]);
  });
});
