import type { WindowReading } from '../../../tasks/analytics/types';

/** A reading with defaults; tests override only what they are about. */
export function reading(over: Partial<WindowReading> & { at: string }): WindowReading {
  const { at, ...rest } = over;
  return {
    stationId: 1, observedAt: new Date(at), city: 'utrecht', country: 'netherland', sourceTz: '+00:00',
    aqi: 50, dominantPollutant: 'pm25', pollutants: {}, ...rest,
  };
}
