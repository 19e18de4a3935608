import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';

/**
 * The producer every step uses: idempotent (the broker drops a retried duplicate), so
 * acks must be all and in-flight requests one, as kafkajs requires for its sequence
 * numbers. GZIP is the codec kafkajs ships; large sendBatch calls make the batches.
 */
export const PRODUCER_ACKS = -1;
export const PRODUCER_COMPRESSION = CompressionTypes.GZIP;

export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
}
