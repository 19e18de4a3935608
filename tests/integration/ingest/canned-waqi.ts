/**
 * A WAQI-compatible server that is not the simulator: it answers each request path with
 * canned responses (status, headers, body text exactly as given), in order, repeating the
 * last one. Tests use it to put real-world bodies, byte for byte, through the same HTTP
 * client, raw layer and parser that talk to the real API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CannedResponse {
  status?: number;
  body: string;
  headers?: Record<string, string>;
}

export interface CannedServer {
  url: string;
  /** Requests answered so far, the refused-token ones included. */
  requests: () => number;
  /** Requests per path (without the query's token). */
  hits: (path: string) => number;
  close: () => Promise<void>;
}

const JSON_TYPE = { 'content-type': 'application/json; charset=UTF-8' };

/** `routes` maps a path without its query ('/feed/@4584/', '/map/bounds/') to its answers. */
export async function startCannedWaqi(token: string, routes: Record<string, CannedResponse[]>): Promise<CannedServer> {
  const served = new Map<string, number>();
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    const url = new URL(req.url ?? '/', 'http://canned');
    const path = decodeURIComponent(url.pathname);
    const n = served.get(path) ?? 0;
    served.set(path, n + 1);
    if (url.searchParams.get('token') !== token) {
      res.writeHead(200, JSON_TYPE).end('{"status":"error","data":"Invalid key"}');
      return;
    }
    const answers = routes[path];
    const answer = answers?.[Math.min(n, answers.length - 1)];
    // WAQI answers an unknown path with its own error envelope.
    const { status = 200, body, headers = JSON_TYPE } = answer ?? { body: '{"status":"error","data":"Unknown station"}' };
    res.writeHead(status, headers).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    hits: (path) => served.get(path) ?? 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
