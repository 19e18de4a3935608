/**
 * WAQI response bodies as the real API sends them (the shapes and oddities of
 * shared/reference/waqi-api.md, written out as text, not built by our own code), and the
 * canned server's routes that answer with them.
 */
import type { CannedResponse } from './canned-waqi';

/** The reference example, verbatim. */
export const UTRECHT =
  '{"status":"ok","data":{"aqi":29,"idx":4584,"attributions":[{"url":"http://www.luchtmeetnet.nl/","name":"RIVM - Rijksinstituut voor Volksgezondheid en Milieu","logo":"Netherland-RIVM.png"},' +
  '{"url":"https://waqi.info/","name":"World Air Quality Index Project"}],"city":{"geo":[52.105031,5.124464],"name":"de Jongweg, Utrecht","url":"https://aqicn.org/city/netherland/utrecht/de-jongweg","location":""},' +
  '"dominentpol":"o3","iaqi":{"h":{"v":80},"no2":{"v":2.3},"o3":{"v":29.4},"p":{"v":1008.8},"pm10":{"v":12},"pm25":{"v":17},"t":{"v":16},"w":{"v":1.4},"wg":{"v":2.4}},' +
  '"time":{"s":"2023-08-07 17:00:00","tz":"+02:00","v":1691427600,"iso":"2023-08-07T17:00:00+02:00"},' +
  '"forecast":{"daily":{"pm25":[{"avg":19,"day":"2023-08-07","max":29,"min":11}],"o3":[],"pm10":[],"uvi":[]}},"debug":{"sync":"2023-08-08T01:29:52+09:00"}}}';

/** The same station's answer under another id: a distinct reading for stations that first fail. */
export const utrechtAs = (idx: number) => UTRECHT.replace('"idx":4584', `"idx":${idx}`);

/** A station whose humidity and pressure sensors are broken: the AQI is kept, the weather dropped. */
export const BROKEN_WEATHER = utrechtAs(1008).replace('"h":{"v":80}', '"h":{"v":140}').replace('"p":{"v":1008.8}', '"p":{"v":0}');

/** A negative id (seen in map results), aqi "-", empty dominentpol, no `iso`, a station URL without /city/. */
export const GANGNAM =
  '{"status":"ok","data":{"aqi":"-","idx":-104161,"attributions":[{"url":"http://www.airkorea.or.kr/","name":"South Korea Air Korea Environment Corporation","logo":"SouthKorea-AirKorea.png"},' +
  '{"url":"https://waqi.info/","name":"World Air Quality Index Project"}],"city":{"geo":[37.5,127.0],"name":"Gangnam-gu, Seoul, South Korea","url":"https://aqicn.org/station/@-104161","location":""},' +
  '"dominentpol":"","iaqi":{"p":{"v":1011},"t":{"v":18.2}},"time":{"s":"2022-05-29 02:00:00","tz":"+09:00","v":1653789600},"forecast":{"daily":{}},"debug":{"sync":"2022-05-29T03:12:08+09:00"}}}';

/** A city feed: a one-segment /city/ URL, non-ASCII names, every pollutant but neph. */
export const SHANGHAI =
  '{"status":"ok","data":{"aqi":57,"idx":1437,"attributions":[{"url":"https://sthj.sh.gov.cn/","name":"Shanghai Environment Monitoring Center(上海市环境监测中心)"},{"url":"https://waqi.info/","name":"World Air Quality Index Project"}],' +
  '"city":{"geo":[31.2047372,121.4489017],"name":"Shanghai (上海)","url":"https://aqicn.org/city/shanghai","location":""},"dominentpol":"pm25",' +
  '"iaqi":{"co":{"v":4.6},"h":{"v":78},"no2":{"v":20.2},"o3":{"v":24.2},"p":{"v":1018},"pm10":{"v":34},"pm25":{"v":57},"so2":{"v":3.1},"t":{"v":14},"w":{"v":3.6}},' +
  '"time":{"s":"2023-11-20 21:00:00","tz":"+08:00","v":1700514000,"iso":"2023-11-20T21:00:00+08:00"},' +
  '"forecast":{"daily":{"o3":[{"avg":7,"day":"2023-11-18","max":22,"min":4}],"pm10":[],"pm25":[],"uvi":[]}},"debug":{"sync":"2023-11-20T22:46:58+09:00"}}}';

/** A quarter-hour offset (+05:45), and `neph` as the dominant pollutant. */
export const KATHMANDU =
  '{"status":"ok","data":{"aqi":153,"idx":10491,"attributions":[{"url":"https://www.airnow.gov/","name":"Air Now - US EPA"}],' +
  '"city":{"geo":[27.7172,85.324],"name":"US Embassy Kathmandu, Nepal","url":"https://aqicn.org/city/nepal/kathmandu/us-embassy","location":""},"dominentpol":"neph",' +
  '"iaqi":{"neph":{"v":153},"pm25":{"v":141},"dew":{"v":4},"h":{"v":52},"t":{"v":14}},' +
  '"time":{"s":"2023-11-20 09:00:00","tz":"+05:45","v":1700470800,"iso":"2023-11-20T09:00:00+05:45"},"debug":{"sync":"2023-11-20T12:40:11+09:00"}}}';

/** Listed in the map results, where it has no sub-indices; its own feed has them. */
export const YANGGU =
  '{"status":"ok","data":{"aqi":97,"idx":11491,"attributions":[{"url":"http://www.airkorea.or.kr/","name":"South Korea Air Korea Environment Corporation"}],' +
  '"city":{"geo":[38.109,127.989],"name":"Yanggu-eup, Gangwon, South Korea","url":"https://aqicn.org/city/korea/gangwon/yanggu-eup","location":""},"dominentpol":"pm10",' +
  '"iaqi":{"pm10":{"v":97},"pm25":{"v":68}},"time":{"s":"2022-05-29 02:00:00","tz":"+09:00","v":1653789600,"iso":"2022-05-29T02:00:00+09:00"}}}';

export const MAP_BOUNDS =
  '{"status":"ok","data":[{"lat":38.109,"lon":127.989,"uid":11491,"aqi":"97","station":{"name":"Yanggu-eup, Gangwon, South Korea","time":"2022-05-29T02:00:00+09:00"}},' +
  '{"lat":37.5,"lon":127.0,"uid":-104161,"aqi":"25","station":{"name":"Gangnam-gu, Seoul, South Korea","time":"2022-05-29T02:00:00+09:00"}},' +
  '{"lat":37.4,"lon":126.9,"uid":9079,"aqi":"-","station":{"name":"Anyang, Gyeonggi, South Korea","time":"2022-05-29T01:00:00+09:00"}}]}';

const UNKNOWN_ID = '{"status":"ok","data":{"status":"error","msg":"Unknown ID"}}';
const HTML_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const HTML_TYPE = { 'content-type': 'text/html' };
const ok = (body: string): CannedResponse => ({ body });

/** Path -> answers in order (the last repeats). Stations 1001-1007 fail first or always; 1008 has broken weather sensors. */
export const ROUTES: Record<string, CannedResponse[]> = {
  '/feed/@4584/': [ok(UTRECHT)],
  // WAQI picks the same station for the city name and the nearest one for the point: the
  // same observation, fetched three times.
  '/feed/utrecht/': [ok(UTRECHT)],
  '/feed/geo:52.105;5.124/': [ok(UTRECHT)],
  '/feed/@-104161/': [ok(GANGNAM)],
  '/feed/shanghai/': [ok(SHANGHAI)],
  '/feed/@10491/': [ok(KATHMANDU)],
  '/feed/@11491/': [ok(YANGGU)],
  '/feed/@7777/': [ok(UNKNOWN_ID)],
  '/feed/@9079/': [ok(UNKNOWN_ID)],
  '/feed/atlantis/': [ok('{"status":"error","data":"Unknown station"}')],
  '/feed/nowhere/': [ok('{"status":"error","data":"no such station"}')],
  '/feed/@8888/': [ok('{"status":"error","data":{"message":"Invalid query"}}')],
  // A proxy's HTML page with HTTP 200, then the answer.
  '/feed/@1001/': [{ body: HTML_502, headers: HTML_TYPE }, ok(utrechtAs(1001))],
  '/feed/@1002/': [{ status: 503, body: HTML_502, headers: HTML_TYPE }, ok(utrechtAs(1002))],
  '/feed/@1003/': [{ body: '{"status":"error","data":"Over quota"}', headers: { 'content-type': 'application/json', 'retry-after': '0' } }, ok(utrechtAs(1003))],
  // Cut off mid-body, every time: fetch gives up, stage rejects.
  '/feed/@1004/': [ok(utrechtAs(1004).slice(0, 180))],
  // A byte-order mark before the JSON.
  '/feed/@1005/': [ok(`\uFEFF${utrechtAs(1005)}`)],
  '/feed/@1006/': [{ status: 429, body: 'Too Many Requests', headers: { 'content-type': 'text/plain' } }, ok(utrechtAs(1006))],
  '/feed/@1007/': [ok('{"status":"error","data":"Unknown error"}')],
  '/feed/@1008/': [ok(BROKEN_WEATHER)],
  '/map/bounds/': [ok(MAP_BOUNDS)],
};

/** What stage must make of each station's attempts in the listed run, in fetch order ('reject:<reason>'). */
export const LISTED_OUTCOMES: Record<string, string[]> = {
  '@-104161': ['reading'],
  shanghai: ['reading'],
  '@10491': ['reading'],
  '@7777': ['reject:unknown_station'],
  atlantis: ['reject:unknown_station'],
  nowhere: ['reject:unknown_station'],
  '@8888': ['reject:invalid_query'],
  '@1001': ['superseded', 'reading'],
  '@1002': ['superseded', 'reading'],
  '@1003': ['superseded', 'reading'],
  '@1004': ['superseded', 'superseded', 'reject:body_not_json'],
  '@1005': ['reading'],
  '@1006': ['superseded', 'reading'],
  '@1007': ['superseded', 'superseded', 'reject:waqi_error'],
  '@1008': ['reading'],
};
