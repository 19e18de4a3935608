import type { Sections } from '../config/load';
import type { Logger } from '../core/log';
import { createKafka } from '../kafka/client';
import { createIdempotentProducer } from '../kafka/producer';
import { sendAcknowledged } from '../kafka/send-acknowledged';
import { ensureTopics, replicatedTopic } from '../kafka/topics';
import { loadAvroSchema, registeredEncoder } from '../registry/avro-serde';
import { createRegistryClient } from '../registry/client';
import type { StationKey } from '../publish/reading-record';
import type { KafkaSend } from './deliver';
import { eventToAvro } from './event-json';

export interface AlertSink {
  send: KafkaSend;
  close(): Promise<void>;
}

/**
 * The alerts topic (created if missing), its Avro value and key schemas registered under
 * `<topic>-value` / `<topic>-key`, and an idempotent producer keyed by station, so a
 * station's events stay ordered in one partition.
 */
export async function openAlertSink(cfg: Pick<Sections, 'kafka' | 'registry'>, log: Logger): Promise<AlertSink> {
  const topic = cfg.kafka.alertsTopic;
  const kafka = createKafka(cfg.kafka, log, 'alerts');
  const admin = kafka.admin();
  await admin.connect();
  let partitions: number;
  try {
    const ensured = await ensureTopics(admin, [replicatedTopic(cfg.kafka, topic, cfg.kafka.partitions)]);
    partitions = ensured.partitions[topic] ?? cfg.kafka.partitions;
  } finally {
    await admin.disconnect();
  }
  const registry = createRegistryClient(cfg.registry.url);
  const value = await registeredEncoder<ReturnType<typeof eventToAvro>>(registry, `${topic}-value`, loadAvroSchema('alert-value.avsc'));
  const key = await registeredEncoder<StationKey>(registry, `${topic}-key`, loadAvroSchema('station-key.avsc'));
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  return {
    async send(events) {
      if (events.length === 0) return;
      // Not producer.send: kafkajs may skip partitions after a leader change (send-acknowledged.ts).
      const messages = events.map((e) => ({
        key: key.encode({ station_id: e.stationId }),
        value: value.encode(eventToAvro(e)),
        headers: { event_id: e.eventId, event_type: e.type },
      }));
      await sendAcknowledged(producer, topic, messages, partitions);
    },
    close: () => producer.disconnect(),
  };
}
