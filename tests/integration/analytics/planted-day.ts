/**
 * A day of hourly readings (2026-11-20 UTC) with planted pollution episodes, staged in
 * four 6-hour intervals, plus one late reading staged in the last interval. The expected
 * windows and alert events are derived by hand in the test, not by the code under test.
 */
export interface PlantedReading {
  stationId: number;
  stationName: string;
  city: string;
  country: string;
  sourceTz: string;
  observedAt: Date;
  aqi: number | null;
  pm25: number | null;
  dominant: string | null;
  /** Index of the 6-hour staging interval (0-3). */
  interval: number;
}

export const DAY = '2026-11-20';
export const intervalOf = (i: number) => ({
  start: new Date(Date.UTC(2026, 10, 20, 6 * i)),
  end: new Date(Date.UTC(2026, 10, 20, 6 * i + 6)),
});

/** Station 101: unhealthy 06-09 with a hazardous peak at 08, back below 101 from 10 (closes at 12); reopens at 14, closes at 18. */
const S101 = [40, 40, 40, 40, 40, 40, 160, 170, 320, 180, 90, 80, 70, 40, 155, 140, 100, 100, 100, 40, 40, 40, 40, 40];
/** Station 102: moderate all day, one hour without an index; its 03:00 reading arrives late. */
const S102: Array<number | null> = [60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, null, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60];
/** Station 103: hazardous all day (opens at 00, never closes). */
const S103 = Array.from({ length: 24 }, () => 350);

export const LATE = { stationId: 102, hour: 3 };

export function plantedDay(): PlantedReading[] {
  const out: PlantedReading[] = [];
  const add = (stationId: number, stationName: string, city: string, country: string, sourceTz: string, aqis: Array<number | null>) => {
    aqis.forEach((aqi, hour) => {
      const late = stationId === LATE.stationId && hour === LATE.hour;
      out.push({
        stationId, stationName, city, country, sourceTz, aqi,
        observedAt: new Date(Date.UTC(2026, 10, 20, hour)),
        pm25: aqi, dominant: aqi === null ? null : 'pm25',
        interval: late ? 3 : Math.floor(hour / 6),
      });
    });
  };
  add(101, 'Utrecht Kardinaal', 'utrecht', 'netherland', '+01:00', S101);
  add(102, 'Utrecht Griftpark', 'utrecht', 'netherland', '+01:00', S102);
  add(103, 'Delhi Anand Vihar', 'delhi', 'india', '+05:30', S103);
  return out;
}
