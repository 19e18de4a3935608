import type { IHeaders, Message } from 'kafkajs';

/**
 * A message classify cannot use goes to the dead-letter topic unchanged (same key, same
 * bytes), with why and where it came from in its headers, so it can be inspected and
 * replayed once the cause is fixed. Pure: builds the message only.
 */
export const DLQ_HEADERS = {
  code: 'aqi-error-code',
  message: 'aqi-error-message',
  topic: 'aqi-source-topic',
  partition: 'aqi-source-partition',
  offset: 'aqi-source-offset',
  timestamp: 'aqi-source-timestamp',
} as const;

export interface Rejected {
  key: Buffer | null;
  value: Buffer | null;
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  code: string;
  reason: string;
}

const MAX_REASON = 1000;

export function deadLetterMessage(r: Rejected): Message {
  const headers: IHeaders = {
    [DLQ_HEADERS.code]: r.code,
    [DLQ_HEADERS.message]: r.reason.slice(0, MAX_REASON),
    [DLQ_HEADERS.topic]: r.topic,
    [DLQ_HEADERS.partition]: String(r.partition),
    [DLQ_HEADERS.offset]: r.offset,
    [DLQ_HEADERS.timestamp]: r.timestamp,
  };
  return { key: r.key, value: r.value, headers };
}

/** Reads the headers back (tests, the dashboard's dead-letter view). */
export function readDeadLetterHeaders(headers: IHeaders | undefined): Record<keyof typeof DLQ_HEADERS, string | undefined> {
  const get = (name: string) => {
    const v = headers?.[name];
    const first = Array.isArray(v) ? v[0] : v;
    return first === undefined ? undefined : first.toString();
  };
  return {
    code: get(DLQ_HEADERS.code),
    message: get(DLQ_HEADERS.message),
    topic: get(DLQ_HEADERS.topic),
    partition: get(DLQ_HEADERS.partition),
    offset: get(DLQ_HEADERS.offset),
    timestamp: get(DLQ_HEADERS.timestamp),
  };
}
