import type { Sections } from '../config/load';
import type { Logger } from '../core/log';
import { createKafka } from '../kafka/client';
import { createIdempotentProducer, PRODUCER_ACKS, PRODUCER_COMPRESSION } from '../kafka/producer';
import { ensureTopics } from '../kafka/topics';
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
  try {
    await ensureTopics(admin, [{ topic, numPartitions: cfg.kafka.partitions, replicationFactor: cfg.kafka.replicationFactor }]);
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
      await producer.send({
        topic,
        acks: PRODUCER_ACKS,
        compression: PRODUCER_COMPRESSION,
        messages: events.map((e) => ({
          key: key.encode({ station_id: e.stationId }),
          value: value.encode(eventToAvro(e)),
          headers: { event_id: e.eventId, event_type: e.type },
        })),
      });
    },
    close: () => producer.disconnect(),
  };
}
