import type { ReadingRecord } from '../publish/reading-record';
import { DecodeError, type Decoder } from '../registry/avro-serde';
import { InvalidReadingError, toClassifiedReading, type ClassifiedReading } from './classified-reading';
import type { Rejected } from './dead-letter';

export interface IncomingMessage {
  key: Buffer | null;
  value: Buffer | null;
  offset: string;
  timestamp: string;
}

export interface Sorted {
  classified: ClassifiedReading[];
  rejected: Rejected[];
}

/**
 * Splits fetched messages into classified readings and rejects with their reason. Only
 * the message's own faults become rejects; anything else (registry down) is thrown so the
 * batch is retried rather than dead-lettered. The decoder must be prepared for them.
 */
export function sortMessages(messages: readonly IncomingMessage[], decoder: Decoder<ReadingRecord>, topic: string, partition: number): Sorted {
  const classified: ClassifiedReading[] = [];
  const rejected: Rejected[] = [];
  for (const m of messages) {
    try {
      classified.push(toClassifiedReading(decoder.decode(m.value)));
    } catch (err) {
      if (!(err instanceof DecodeError || err instanceof InvalidReadingError)) throw err;
      rejected.push({ key: m.key, value: m.value, topic, partition, offset: m.offset, timestamp: m.timestamp, code: err.code, reason: err.message });
    }
  }
  return { classified, rejected };
}
