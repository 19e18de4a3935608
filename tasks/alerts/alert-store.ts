import { types, type Client } from 'cassandra-driver';
import { assertKeyspace } from '../cassandra/cql-template';
import { allRows } from '../analytics/window-store';
import { initialState, type AlertEvent, type AlertState } from './state-machine';

/** Cassandra access for `aqi alerts`: state per station, events, and the delivery outbox. */
export type Channel = 'kafka' | 'webhook' | 'webhook_rejected';

export interface OutboxEntry {
  channel: Channel;
  occurredAt: Date;
  eventId: string;
  payload: string;
}

export interface AlertStore {
  loadState(stationId: number): Promise<AlertState>;
  saveState(state: AlertState): Promise<void>;
  isRecorded(eventId: string): Promise<boolean>;
  record(event: AlertEvent): Promise<void>;
  enqueue(entry: OutboxEntry): Promise<void>;
  pending(channel: Channel): Promise<OutboxEntry[]>;
  ack(entry: OutboxEntry): Promise<void>;
}

const EVENT_COLUMNS = [
  'event_id', 'type', 'station_id', 'station_name', 'city', 'country', 'level', 'episode_start', 'occurred_at', 'aqi', 'peak_aqi',
];

const eventValues = (e: AlertEvent) => [
  e.eventId, e.type, e.stationId, e.stationName, e.city, e.country, e.level, e.episodeStart, e.occurredAt, e.aqi, e.peakAqi,
];

export function cassandraAlertStore(client: Client, keyspace: string): AlertStore {
  const ks = assertKeyspace(keyspace);
  const q = {
    loadState: `SELECT watermark, episode_start, level, below_count, peak_aqi FROM ${ks}.alert_state WHERE station_id = ?`,
    saveState: `INSERT INTO ${ks}.alert_state (station_id, watermark, episode_start, level, below_count, peak_aqi) VALUES (?, ?, ?, ?, ?, ?)`,
    isRecorded: `SELECT event_id FROM ${ks}.alert_events WHERE event_id = ?`,
    record: `INSERT INTO ${ks}.alert_events (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})`,
    recordByDay: `INSERT INTO ${ks}.alert_events_by_day (day, ${EVENT_COLUMNS.join(', ')}) VALUES (?, ${EVENT_COLUMNS.map(() => '?').join(', ')})`,
    enqueue: `INSERT INTO ${ks}.alert_outbox (channel, occurred_at, event_id, payload) VALUES (?, ?, ?, ?)`,
    pending: `SELECT occurred_at, event_id, payload FROM ${ks}.alert_outbox WHERE channel = ?`,
    ack: `DELETE FROM ${ks}.alert_outbox WHERE channel = ? AND occurred_at = ? AND event_id = ?`,
  };
  const opts = { prepare: true };
  return {
    async loadState(stationId) {
      const row = (await client.execute(q.loadState, [stationId], opts)).first();
      if (!row) return initialState(stationId);
      const start = row.get('episode_start') as Date | null;
      return {
        stationId,
        watermark: row.get('watermark') as Date | null,
        episode: start && {
          startedAt: start,
          level: row.get('level') as string,
          belowCount: (row.get('below_count') as number | null) ?? 0,
          peakAqi: (row.get('peak_aqi') as number | null) ?? 0,
        },
      };
    },
    async saveState(s) {
      const ep = s.episode;
      await client.execute(q.saveState, [s.stationId, s.watermark, ep?.startedAt ?? null, ep?.level ?? null, ep?.belowCount ?? null, ep?.peakAqi ?? null], opts);
    },
    async isRecorded(eventId) {
      return (await client.execute(q.isRecorded, [eventId], opts)).rowLength > 0;
    },
    async record(e) {
      const day = types.LocalDate.fromString(e.occurredAt.toISOString().slice(0, 10));
      await client.execute(q.recordByDay, [day, ...eventValues(e)], opts);
      await client.execute(q.record, eventValues(e), opts);
    },
    async enqueue(entry) {
      await client.execute(q.enqueue, [entry.channel, entry.occurredAt, entry.eventId, entry.payload], opts);
    },
    async pending(channel) {
      return (await allRows(client, q.pending, [channel])).map((row) => ({
        channel, occurredAt: row.get('occurred_at') as Date, eventId: row.get('event_id') as string, payload: row.get('payload') as string,
      }));
    },
    async ack(entry) {
      await client.execute(q.ack, [entry.channel, entry.occurredAt, entry.eventId], opts);
    },
  };
}
