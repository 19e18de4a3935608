import type { AlertStore, Channel, OutboxEntry } from '../../../tasks/alerts/alert-store';
import { deliverToKafka, deliverToWebhook } from '../../../tasks/alerts/deliver';
import { byStation, detectAlerts } from '../../../tasks/alerts/detect';
import { eventFromJson, eventToAvro, eventToJson } from '../../../tasks/alerts/event-json';
import { slackMessage } from '../../../tasks/alerts/slack';
import { initialState, type AlertEvent, type AlertPolicy, type AlertState } from '../../../tasks/alerts/state-machine';
import { classifyStatus, type WebhookResult } from '../../../tasks/alerts/webhook';
import type { IntervalReading } from '../../../tasks/analytics/interval-readings';
import { createLogger } from '../../../tasks/core/log';

/** The store contract kept in memory, with a switch that "kills" the run at a chosen write. */
class MemoryStore implements AlertStore {
  states = new Map<number, AlertState>();
  events = new Map<string, AlertEvent>();
  outbox = new Map<string, OutboxEntry>();
  writes = 0;
  killAtWrite = Infinity;

  private write() {
    this.writes += 1;
    if (this.writes >= this.killAtWrite) throw new Error('killed');
  }
  async loadState(id: number) {
    return structuredClone(this.states.get(id) ?? initialState(id));
  }
  async saveState(s: AlertState) {
    this.write();
    this.states.set(s.stationId, structuredClone(s));
  }
  async isRecorded(id: string) {
    return this.events.has(id);
  }
  async record(e: AlertEvent) {
    this.write();
    this.events.set(e.eventId, e);
  }
  async enqueue(e: OutboxEntry) {
    this.write();
    this.outbox.set(`${e.channel}|${e.eventId}`, e);
  }
  async pending(channel: Channel) {
    return [...this.outbox.values()].filter((e) => e.channel === channel).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  }
  async ack(e: OutboxEntry) {
    this.outbox.delete(`${e.channel}|${e.eventId}`);
  }
}

const policy: AlertPolicy = { levels: [{ name: 'unhealthy', minAqi: 151 }, { name: 'hazardous', minAqi: 301 }], closeBelowAqi: 101, closeAfterReadings: 2 };

function readings(station: number, aqis: number[]): IntervalReading[] {
  return aqis.map((aqi, h) => ({
    stationId: station, observedAt: new Date(Date.UTC(2026, 10, 23, h)), stationName: `S${station}`, city: 'c', country: 'k',
    sourceTz: 'Z', aqi, dominantPollutant: 'pm25', pollutants: {},
  }));
}

async function* pages(...groups: IntervalReading[][]): AsyncGenerator<IntervalReading[]> {
  for (const g of groups) yield g;
}

const log = createLogger('test', 'error');
const day = () => [...readings(1, [200, 350, 50, 50]), ...readings(2, [160, 90, 90, 170])];

describe('detectAlerts', () => {
  test('records, queues per channel, and saves state', async () => {
    const store = new MemoryStore();
    const r = await detectAlerts(pages(day()), store, policy, ['kafka', 'webhook'], 4);
    expect(r).toMatchObject({ stations: 2, readings: 8, opened: 3, escalated: 1, closed: 2, newEvents: 6, alreadyRecorded: 0, openEpisodes: 1 });
    expect(store.events.size).toBe(6);
    expect((await store.pending('kafka')).length).toBe(6);
    expect((await store.pending('webhook')).length).toBe(6);
  });

  test('a replay emits nothing and writes nothing', async () => {
    const store = new MemoryStore();
    await detectAlerts(pages(day()), store, policy, ['kafka'], 4);
    const writes = store.writes;
    const again = await detectAlerts(pages(day()), store, policy, ['kafka'], 4);
    expect(again).toMatchObject({ newEvents: 0, alreadyApplied: 8, opened: 0 });
    expect(store.writes).toBe(writes);
  });

  test.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])('killed at write %i, then rerun: every event queued exactly once', async (killAt) => {
    const store = new MemoryStore();
    store.killAtWrite = killAt;
    await expect(detectAlerts(pages(day()), store, policy, ['kafka'], 1)).rejects.toThrow('killed');
    store.killAtWrite = Infinity;
    await detectAlerts(pages(day()), store, policy, ['kafka'], 1);
    const queued = (await store.pending('kafka')).map((e) => e.eventId);
    expect(queued.sort()).toEqual([...store.events.keys()].sort());
    expect(store.events.size).toBe(6);
  });

  test('a station split across pages is one group', async () => {
    const groups = [];
    const all = day();
    for await (const g of byStation(pages(all.slice(0, 3), all.slice(3, 6), all.slice(6)))) groups.push(g.map((r) => r.stationId));
    expect(groups).toEqual([[1, 1, 1, 1], [2, 2, 2, 2]]);
  });
});

describe('delivery', () => {
  test('Kafka: sends in observation order, then acknowledges', async () => {
    const store = new MemoryStore();
    await detectAlerts(pages(day()), store, policy, ['kafka'], 4);
    const sent: AlertEvent[][] = [];
    expect(await deliverToKafka(store, async (events) => void sent.push(events), 4)).toBe(6);
    expect(sent.map((c) => c.length)).toEqual([4, 2]);
    const times = sent.flat().map((e) => e.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(await store.pending('kafka')).toEqual([]);
  });

  test('Kafka: a failed send keeps every unacknowledged event queued', async () => {
    const store = new MemoryStore();
    await detectAlerts(pages(day()), store, policy, ['kafka'], 4);
    await expect(deliverToKafka(store, async () => Promise.reject(new Error('broker down')))).rejects.toThrow('broker down');
    expect(await store.pending('kafka')).toHaveLength(6);
  });

  const outcomes = (list: WebhookResult['outcome'][]) => {
    let i = 0;
    return async (): Promise<WebhookResult> => {
      const outcome = list[i++] ?? 'delivered';
      return outcome === 'delivered' ? { outcome, attempts: 1 } : { outcome, attempts: 1, reason: 'HTTP 4xx/5xx' };
    };
  };

  test('webhook: down keeps the rest queued in order; up later delivers them once', async () => {
    const store = new MemoryStore();
    await detectAlerts(pages(day()), store, policy, ['webhook'], 4);
    expect(await deliverToWebhook(store, outcomes(['delivered', 'unavailable']), log)).toEqual({ delivered: 1, rejected: 0, pending: 5 });
    expect(await deliverToWebhook(store, outcomes([]), log)).toEqual({ delivered: 5, rejected: 0, pending: 0 });
    expect(await deliverToWebhook(store, outcomes([]), log)).toEqual({ delivered: 0, rejected: 0, pending: 0 });
  });

  test('webhook: a body refused for good moves to webhook_rejected with its reason', async () => {
    const store = new MemoryStore();
    await detectAlerts(pages(readings(1, [200])), store, policy, ['webhook'], 1);
    expect(await deliverToWebhook(store, outcomes(['rejected']), log)).toEqual({ delivered: 0, rejected: 1, pending: 0 });
    const [dead] = await store.pending('webhook_rejected');
    expect(JSON.parse(dead?.payload ?? '{}')).toMatchObject({ type: 'opened', rejectedBecause: 'HTTP 4xx/5xx' });
  });
});

describe('messages', () => {
  const event: AlertEvent = {
    eventId: 'abc', type: 'escalated', stationId: 7, stationName: 'Anand Vihar', city: 'delhi', country: 'india', level: 'hazardous',
    episodeStart: new Date('2026-11-23T01:00:00Z'), occurredAt: new Date('2026-11-23T03:00:00Z'), aqi: 350, peakAqi: 350,
  };

  test('JSON round trip keeps dates', () => expect(eventFromJson(eventToJson(event))).toEqual(event));

  test('Avro record fields', () => {
    expect(eventToAvro(event)).toEqual({
      event_id: 'abc', type: 'escalated', station_id: 7, station_name: 'Anand Vihar', city: 'delhi', country: 'india',
      level: 'hazardous', episode_start: Date.parse('2026-11-23T01:00:00Z'), occurred_at: Date.parse('2026-11-23T03:00:00Z'), aqi: 350, peak_aqi: 350,
    });
  });

  test.each([
    ['opened', ':warning: Hazardous air at Anand Vihar (delhi, india): AQI 350', '#7E0023'],
    ['escalated', ':rotating_light: Air at Anand Vihar (delhi, india) is now Hazardous: AQI 350', '#7E0023'],
    ['closed', ':white_check_mark: Hazardous episode over at Anand Vihar (delhi, india): AQI back to 350 (peak 350)', '#00E400'],
  ] as const)('Slack text for %s', (type, text, color) => {
    const m = slackMessage({ ...event, type });
    expect(m.text).toBe(text);
    expect(m.attachments[0]).toMatchObject({ color, footer: 'station 7 · event abc' });
  });

  test('an unknown level is shown as it is', () => {
    expect(slackMessage({ ...event, level: 'custom', city: null, country: null }).text).toBe(':rotating_light: Air at Anand Vihar is now custom: AQI 350');
  });
});

test.each([
  [200, 'delivered'], [204, 'delivered'], [400, 'rejected'], [404, 'rejected'], [410, 'rejected'],
  [408, 'unavailable'], [429, 'unavailable'], [500, 'unavailable'], [503, 'unavailable'], [301, 'rejected'],
])('webhook status %i is %s', (status, verdict) => expect(classifyStatus(status)).toBe(verdict));
