/**
 * A WAQI-compatible HTTP server on 127.0.0.1: every endpoint of the real API, the
 * stations of a StationTable, and faults switched on by options. It is the other side of
 * the wire, so it uses node:http and shares nothing with the client. Request-level faults
 * are drawn from (seed, request number): a retry sees a fresh draw, as with a real outage.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { unit } from './rng';
import { error, feedBody, mapEntry, ok, searchEntry, type ContentOptions } from './responses';
import { StationTable } from './stations';

export interface SimulatorOptions extends ContentOptions {
  stations: number;
  port: number;
  /** Address to bind: loopback unless a container must serve its network (compose). */
  host?: string;
  /** "Now" for observation times; the wall clock when absent. */
  clock?: () => Date;
  /** When set, any other token gets {"status":"error","data":"Invalid key"}. */
  token?: string;
  /** Every `overQuotaEvery` requests, `overQuotaBurst` in a row answer "Over quota" (0 = never). */
  overQuotaEvery: number;
  overQuotaBurst: number;
  error5xxShare: number;
  htmlShare: number;
  malformedShare: number;
  slowShare: number;
  slowMs: number;
  /** Station ids whose feed answers a cut-off JSON body on every request: broken for good. */
  brokenStations: readonly number[];
}

export const SIMULATOR_DEFAULTS: SimulatorOptions = {
  seed: 1, stations: 1000, port: 0, dashShare: 0.02, unknownShare: 0.01,
  overQuotaEvery: 0, overQuotaBurst: 5, error5xxShare: 0, htmlShare: 0, malformedShare: 0, slowShare: 0, slowMs: 2000, brokenStations: [],
};

export interface RunningSimulator {
  url: string;
  requests(): number;
  close(): Promise<void>;
}

const HTML_PAGE = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

type Reply = { status: number; type: 'json' | 'html'; body: string };
/** The unspecified address, IPv4 or IPv6 in any spelling: "every interface", which no client can dial. */
const UNSPECIFIED_ADDRESS = /^(0+\.){3}0+$|^:(:0*)?$/;
const json = (value: unknown, status = 200): Reply => ({ status, type: 'json', body: JSON.stringify(value) });

function route(table: StationTable, opts: SimulatorOptions, url: URL): Reply {
  const now = (opts.clock ?? (() => new Date()))().getTime();
  const path = url.pathname.replace(/\/+$/, '');
  const feed = /^\/feed\/(.+)$/.exec(path);
  if (feed?.[1]) {
    const what = decodeURIComponent(feed[1]);
    const idx = /^@(-?\d+)$/.exec(what);
    if (idx?.[1]) {
      const s = table.get(Number(idx[1]));
      return json(s ? feedBody(s, now, opts) : ok({ status: 'error', msg: 'Unknown ID' }));
    }
    const geo = /^geo:(-?[\d.]+);(-?[\d.]+)$/.exec(what);
    const s = geo ? table.nearest(Number(geo[1]), Number(geo[2])) : what === 'here' ? table.list[0] : table.forCity(what);
    return json(s ? feedBody(s, now, opts) : error('Unknown station'));
  }
  if (path === '/map/bounds') {
    const box = (url.searchParams.get('latlng') ?? '').split(',').map(Number);
    if (box.length !== 4 || box.some((n) => !Number.isFinite(n))) return json(error('Invalid query'));
    const [a, b, c, d] = box as [number, number, number, number];
    return json(ok(table.inBox(a, b, c, d).map((s) => mapEntry(s, now, opts))));
  }
  if (path === '/search') return json(ok(table.search(url.searchParams.get('keyword') ?? '').map((s) => searchEntry(s, now, opts))));
  return json(error('Unknown API'), 404);
}

/** The faults of request number n, in the order a real outage shows them. */
function fault(opts: SimulatorOptions, n: number): Reply | null {
  if (opts.overQuotaEvery > 0 && n % opts.overQuotaEvery < opts.overQuotaBurst) return json(error('Over quota'));
  if (unit(opts.seed, '5xx', n) < opts.error5xxShare) return { status: 503, type: 'html', body: HTML_PAGE.replace(/502 Bad Gateway/g, '503 Service Unavailable') };
  if (unit(opts.seed, 'html', n) < opts.htmlShare) return { status: 200, type: 'html', body: HTML_PAGE };
  return null;
}

export async function startSimulator(partial: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  const opts: SimulatorOptions = { ...SIMULATOR_DEFAULTS, ...partial };
  const table = new StationTable(opts.seed, opts.stations);
  const broken = new Set(opts.brokenStations.map((id) => `/feed/@${id}`));
  let count = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const n = count++;
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (unit(opts.seed, 'slow', n) < opts.slowShare) await new Promise((r) => setTimeout(r, opts.slowMs));
    let reply: Reply;
    if (opts.token !== undefined && url.searchParams.get('token') !== opts.token) reply = json(error('Invalid key'));
    else reply = fault(opts, n) ?? route(table, opts, url);
    const cut = broken.has(url.pathname.replace(/\/+$/, '')) || unit(opts.seed, 'malformed', n) < opts.malformedShare;
    if (reply.type === 'json' && reply.status === 200 && cut) {
      reply = { ...reply, body: reply.body.slice(0, Math.max(1, Math.floor(reply.body.length / 2))) };
    }
    if (res.destroyed) return;
    res.writeHead(reply.status, {
      'content-type': reply.type === 'json' ? 'application/json; charset=UTF-8' : 'text/html',
      'content-length': Buffer.byteLength(reply.body),
    });
    res.end(reply.body);
  };

  const host = opts.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    // An unspecified bind (a container on a compose network) has no address of its own to
    // dial; this process reaches it on loopback.
    url: `http://${UNSPECIFIED_ADDRESS.test(host) ? '127.0.0.1' : host}:${port}`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
