import { parseGeo, placeFromName, placeFromUrl, placeOf } from '../../../tasks/waqi/parse-place';

describe('placeFromUrl', () => {
  it.each([
    ['https://aqicn.org/city/netherland/utrecht/de-jongweg', { country: 'netherland', city: 'utrecht' }],
    ['https://aqicn.org/city/usa/california/los-angeles-north-main-street/', { country: 'usa', city: 'california' }],
    ['https://aqicn.org/city/beijing', { country: null, city: 'beijing' }],
    ['https://aqicn.org/city/china/shanghai?lang=en', { country: 'china', city: 'shanghai' }],
    ['netherland/brabant/klundert', { country: 'netherland', city: 'brabant' }],
    ['https://aqicn.org/city/japan/t%C5%8Dky%C5%8D/x', { country: 'japan', city: 'tōkyō' }],
    ['https://aqicn.org/station/@123', null],
    ['', null],
  ])('%s -> %j', (url, expected) => expect(placeFromUrl(url)).toEqual(expected));
});

describe('placeFromName and placeOf', () => {
  it.each([
    ['Yanggu-eup, Gangwon, South Korea', { city: 'gangwon', country: 'south korea' }],
    ['de Jongweg, Utrecht', { city: 'utrecht', country: null }],
    ['Lonely Station', { city: null, country: null }],
  ])('%s -> %j', (name, expected) => expect(placeFromName(name)).toEqual(expected));

  it('prefers the URL and falls back to the name', () => {
    expect(placeOf('https://aqicn.org/city/france/paris/x', 'Somewhere, Lyon, France')).toEqual({ country: 'france', city: 'paris' });
    expect(placeOf('https://aqicn.org/station/@5', 'Somewhere, Lyon, France')).toEqual({ country: 'france', city: 'lyon' });
  });
});

describe('parseGeo', () => {
  it.each([
    [[52.1, 5.1], { ok: true, lat: 52.1, lon: 5.1 }],
    [['52.1', '5.1'], { ok: true, lat: 52.1, lon: 5.1 }],
    [undefined, { ok: true, lat: null, lon: null }],
    [[], { ok: true, lat: null, lon: null }],
    [[null, null], { ok: true, lat: null, lon: null }],
    [[-90, 180], { ok: true, lat: -90, lon: 180 }],
  ])('%j is accepted', (geo, expected) => expect(parseGeo(geo)).toEqual(expected));

  it.each([[[91, 0]], [[0, -181]], [[1]], ['52,5'], [[null, 5]], [['', 5]], [['x', 'y']]])('%j is rejected', (geo) =>
    expect(parseGeo(geo).ok).toBe(false),
  );
});
