import type { Readable } from 'node:stream';
import type { Client } from 'cassandra-driver';
import type { CqlRow } from './rows';

/** Streams a query's rows page by page (the driver fetches the next page only when read). */
export async function* pages(client: Client, query: string, params: unknown[], fetchSize = 1000): AsyncGenerator<CqlRow> {
  // The driver's typings say EventEmitter; at run time it is its ResultStream, a Readable.
  const stream = client.stream(query, params, { prepare: true, fetchSize, autoPage: true }) as unknown as Readable;
  try {
    for await (const row of stream) yield row as CqlRow;
  } finally {
    stream.destroy();
  }
}

/** One small partition (a station's day, one day of alerts) read whole. */
export async function partition(client: Client, query: string, params: unknown[]): Promise<CqlRow[]> {
  const out: CqlRow[] = [];
  for await (const row of pages(client, query, params, 5000)) out.push(row);
  return out;
}
