import type { AlertEvent } from './state-machine';

/** The outbox payload: an event as JSON text, dates as ISO strings. */
export function eventToJson(e: AlertEvent): string {
  return JSON.stringify({ ...e, episodeStart: e.episodeStart.toISOString(), occurredAt: e.occurredAt.toISOString() });
}

export function eventFromJson(text: string): AlertEvent {
  const o = JSON.parse(text) as AlertEvent & { episodeStart: string; occurredAt: string };
  return { ...o, episodeStart: new Date(o.episodeStart), occurredAt: new Date(o.occurredAt) };
}

/** The Avro record io.aqi.AlertEvent (schemas/avro/alert-value.avsc). */
export function eventToAvro(e: AlertEvent) {
  return {
    event_id: e.eventId, type: e.type, station_id: e.stationId, station_name: e.stationName, city: e.city, country: e.country,
    level: e.level, episode_start: e.episodeStart.getTime(), occurred_at: e.occurredAt.getTime(), aqi: e.aqi, peak_aqi: e.peakAqi,
  };
}
