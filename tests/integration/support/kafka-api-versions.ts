/**
 * A raw ApiVersions (v0) exchange with a broker: which request versions it serves.
 * kafkajs keeps this inside, so the compatibility check asks the broker directly.
 */
import { connect } from 'node:net';

export interface VersionRange {
  min: number;
  max: number;
}

const API_VERSIONS_KEY = 18;

export function encodeApiVersionsRequest(correlationId: number, clientId: string): Buffer {
  const client = Buffer.from(clientId, 'utf8');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + client.length);
  body.writeInt16BE(API_VERSIONS_KEY, 0);
  body.writeInt16BE(0, 2);
  body.writeInt32BE(correlationId, 4);
  body.writeInt16BE(client.length, 8);
  client.copy(body, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

/** Decodes an ApiVersions v0 response body (after the 4-byte size) into key -> range. */
export function decodeApiVersionsResponse(body: Buffer): Map<number, VersionRange> {
  const errorCode = body.readInt16BE(4);
  if (errorCode !== 0) throw new Error(`ApiVersions failed with error code ${errorCode}`);
  const count = body.readInt32BE(6);
  const ranges = new Map<number, VersionRange>();
  for (let i = 0, at = 10; i < count; i++, at += 6) {
    ranges.set(body.readInt16BE(at), { min: body.readInt16BE(at + 2), max: body.readInt16BE(at + 4) });
  }
  return ranges;
}

export function fetchApiVersions(host: string, port: number, timeoutMs = 5000): Promise<Map<number, VersionRange>> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = Buffer.alloc(0);
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('ApiVersions timed out')));
    socket.on('connect', () => socket.write(encodeApiVersionsRequest(1, 'aqi-smoke')));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 4 && received.length >= 4 + received.readInt32BE(0)) {
        socket.end();
        try {
          resolve(decodeApiVersionsResponse(received.subarray(4, 4 + received.readInt32BE(0))));
        } catch (err) {
          reject(err);
        }
      }
    });
    socket.on('error', reject);
  });
}
