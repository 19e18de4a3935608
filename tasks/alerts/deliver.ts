import type { Logger } from '../core/log';
import type { AlertStore, OutboxEntry } from './alert-store';
import { eventFromJson } from './event-json';
import { slackMessage } from './slack';
import type { AlertEvent } from './state-machine';
import type { WebhookResult } from './webhook';

/** Sends events to Kafka; resolves only once the broker acknowledged all of them. */
export type KafkaSend = (events: AlertEvent[]) => Promise<void>;
export type WebhookPost = (body: unknown) => Promise<WebhookResult>;

/**
 * Drains the Kafka outbox in observation order, in chunks; a row is deleted only after
 * its chunk was acknowledged. A crash between the two re-sends that chunk on the next
 * run: consumers deduplicate on event_id (the only window where Kafka sees a repeat).
 */
export async function deliverToKafka(store: AlertStore, send: KafkaSend, chunk = 500): Promise<number> {
  const pending = await store.pending('kafka');
  for (let i = 0; i < pending.length; i += chunk) {
    const part = pending.slice(i, i + chunk);
    await send(part.map((p) => eventFromJson(p.payload)));
    await Promise.all(part.map((p) => store.ack(p)));
  }
  return pending.length;
}

export interface WebhookDelivery {
  delivered: number;
  rejected: number;
  pending: number;
}

/**
 * Posts the webhook outbox in observation order. An unreachable receiver stops the drain
 * (order kept; the rest waits for the next run); a receiver that refuses a body for good
 * (4xx) gets it moved to the webhook_rejected channel with the reason, so it cannot block.
 */
export async function deliverToWebhook(store: AlertStore, post: WebhookPost, log: Logger): Promise<WebhookDelivery> {
  const pending = await store.pending('webhook');
  const out: WebhookDelivery = { delivered: 0, rejected: 0, pending: 0 };
  for (const [i, entry] of pending.entries()) {
    const result = await post(slackMessage(eventFromJson(entry.payload)));
    if (result.outcome === 'unavailable') {
      out.pending = pending.length - i;
      log.warn('webhook unavailable; events stay queued for the next run', { reason: result.reason, pending: out.pending });
      break;
    }
    if (result.outcome === 'rejected') {
      const rejected: OutboxEntry = { ...entry, channel: 'webhook_rejected', payload: withReason(entry.payload, result.reason) };
      await store.enqueue(rejected);
      out.rejected += 1;
      log.warn('webhook rejected an alert; moved to webhook_rejected', { eventId: entry.eventId, reason: result.reason });
    } else {
      out.delivered += 1;
    }
    await store.ack(entry);
  }
  return out;
}

const withReason = (payload: string, reason: string) => JSON.stringify({ ...(JSON.parse(payload) as object), rejectedBecause: reason });
