/** postWebhook against a real HTTP server on 127.0.0.1: retries, timeouts, refusals. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postWebhook } from '../../../tasks/alerts/webhook';

let server: Server;
let url: string;
/** What the server answers, request by request: a status, or 'hang' (never answers). */
let script: Array<number | 'hang'> = [];
let bodies: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(body);
      const next = script.shift() ?? 200;
      if (next !== 'hang') res.writeHead(next).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T0/B0/secret-token`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  script = [];
  bodies = [];
});

// Generous timeouts: the machine is shared, and only the hang test is about timing out.
const opts = { timeoutMs: 5000, maxRetries: 2, backoffMs: () => 10 };

test('delivers a JSON body', async () => {
  expect(await postWebhook(url, { text: 'hi' }, opts)).toEqual({ outcome: 'delivered', attempts: 1 });
  expect(bodies).toEqual(['{"text":"hi"}']);
});

test('retries 503 and 429, then delivers', async () => {
  script = [503, 429];
  expect(await postWebhook(url, { text: 'x' }, opts)).toEqual({ outcome: 'delivered', attempts: 3 });
});

test('gives up after its retries, as unavailable', async () => {
  script = [500, 500, 500];
  expect(await postWebhook(url, {}, opts)).toEqual({ outcome: 'unavailable', attempts: 3, reason: 'HTTP 500' });
});

test('a receiver that hangs times out and is retried', async () => {
  script = ['hang'];
  const r = await postWebhook(url, {}, { ...opts, timeoutMs: 300 });
  expect(r).toMatchObject({ outcome: 'delivered', attempts: 2 });
});

test('400 is a refusal, not retried', async () => {
  script = [400];
  expect(await postWebhook(url, {}, opts)).toEqual({ outcome: 'rejected', attempts: 1, reason: 'HTTP 400' });
  expect(bodies).toHaveLength(1);
});

test('a closed port is unavailable, and the URL (a secret) is in no result', async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const closed = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/services/T0/B0/secret-token`;
  await new Promise((r) => probe.close(r));
  const r = await postWebhook(closed, {}, opts);
  expect(r).toMatchObject({ outcome: 'unavailable', attempts: 3 });
  expect(JSON.stringify(r)).not.toContain('secret-token');
});
