import { boundsTarget, feedTarget, parseBox, parseStationRef, refKey, stationsInBounds, tiles, WORLD } from '../../../tasks/waqi/targets';

describe('station references', () => {
  it.each([
    ['1234', { kind: 'idx', idx: 1234 }, '@1234', '/feed/@1234/'],
    ['@1234', { kind: 'idx', idx: 1234 }, '@1234', '/feed/@1234/'],
    ['@-104161', { kind: 'idx', idx: -104161 }, '@-104161', '/feed/@-104161/'],
    [' shanghai ', { kind: 'city', name: 'shanghai' }, 'shanghai', '/feed/shanghai/'],
    ['São Paulo', { kind: 'city', name: 'São Paulo' }, 'São Paulo', '/feed/S%C3%A3o%20Paulo/'],
    ['a/b?token=x', { kind: 'city', name: 'a/b?token=x' }, 'a/b?token=x', '/feed/a%2Fb%3Ftoken%3Dx/'],
    ['geo:52.105;5.124', { kind: 'geo', lat: 52.105, lng: 5.124 }, 'geo:52.105;5.124', '/feed/geo:52.105;5.124/'],
    [' GEO: -33.9 ; 151.2 ', { kind: 'geo', lat: -33.9, lng: 151.2 }, 'geo:-33.9;151.2', '/feed/geo:-33.9;151.2/'],
    // Not a point on Earth: left to WAQI as a name, which it answers with "Unknown station".
    ['geo:95;10', { kind: 'city', name: 'geo:95;10' }, 'geo:95;10', '/feed/geo%3A95%3B10/'],
  ])('%s', (text, ref, key, target) => {
    const parsed = parseStationRef(text);
    expect(parsed).toEqual(ref);
    if (!parsed) return;
    expect(refKey(parsed)).toBe(key);
    expect(feedTarget(parsed)).toBe(target);
  });

  it('blank is no station', () => expect(parseStationRef('  ')).toBeNull());
});

describe('boxes and tiles', () => {
  it.each([
    ['10,20,30,40', { lat1: 10, lng1: 20, lat2: 30, lng2: 40 }],
    ['30,40,10,20', { lat1: 10, lng1: 20, lat2: 30, lng2: 40 }],
    ['1,2,3', 'expected lat1,lng1,lat2,lng2'],
    ['95,0,10,10', 'latitudes must lie in [-90, 90]'],
    ['0,0,10,190', 'longitudes must lie in [-180, 180]'],
    ['5,5,5,10', 'the box has no area'],
  ])('parseBox(%s)', (text, expected) => expect(parseBox(text)).toEqual(expected));

  it('tiles cover the box without overlap', () => {
    const t = tiles(WORLD, 45);
    expect(t).toHaveLength(4 * 8);
    const area = t.reduce((sum, b) => sum + (b.lat2 - b.lat1) * (b.lng2 - b.lng1), 0);
    expect(area).toBe(180 * 360);
    expect(t[0]).toEqual({ lat1: -90, lng1: -180, lat2: -45, lng2: -135 });
  });

  it('a tile size larger than the box gives the box itself', () => {
    expect(tiles({ lat1: 1, lng1: 2, lat2: 3, lng2: 4 }, 45)).toEqual([{ lat1: 1, lng1: 2, lat2: 3, lng2: 4 }]);
  });

  it('uneven tiles are clipped to the box', () => {
    const t = tiles({ lat1: 0, lng1: 0, lat2: 10, lng2: 25 }, 10);
    expect(t.map((b) => b.lng2)).toEqual([10, 20, 25]);
  });

  it('builds the bounds target', () => expect(boundsTarget({ lat1: -90, lng1: -180, lat2: 90, lng2: 180 })).toBe('/map/bounds/?latlng=-90,-180,90,180'));
});

describe('stationsInBounds', () => {
  it('keeps integer uids (negative ones too) and counts the rest', () => {
    const data = [{ uid: 11491, aqi: '97' }, { uid: -104161, aqi: '25' }, { uid: '9079', aqi: '-' }, { uid: 'x' }, {}, null, { uid: 1.5 }];
    expect(stationsInBounds(data)).toEqual({ ids: [11491, -104161, 9079], skipped: 4 });
  });
  it('anything but a list lists nothing', () => expect(stationsInBounds({ status: 'error' })).toEqual({ ids: [], skipped: 0 }));
});
