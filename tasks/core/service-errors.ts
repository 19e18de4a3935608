/**
 * "connect ECONNREFUSED 127.0.0.1:1" names no service and no setting. A step's failure
 * that is a refused, unresolved or silent connection is told in the user's terms: which
 * service, which variable points at it, what to check. Pure: the endpoints come from the
 * validated configuration, the error from whichever driver threw it.
 */
export interface Endpoint {
  service: string;
  variable: string;
  /** host:port pairs, as configured */
  addresses: string[];
}

interface ConfigLike {
  postgres: { url: string };
  kafka: { brokers: string[] };
  registry: { url: string };
  cassandra: { contactPoints: string[] };
  waqi: { baseUrl?: string };
}

function urlAddress(url: string, defaultPort: string): string | null {
  try {
    const u = new URL(url);
    return `${u.hostname.replace(/^\[|\]$/g, '')}:${u.port || defaultPort}`;
  } catch {
    return null;
  }
}

export function endpointsOf(c: ConfigLike): Endpoint[] {
  const out: Endpoint[] = [
    { service: 'PostgreSQL', variable: 'AQI_PG_URL', addresses: [urlAddress(c.postgres.url, '5432')].filter((a): a is string => a !== null) },
    { service: 'Kafka', variable: 'AQI_KAFKA_BROKERS', addresses: c.kafka.brokers },
    { service: 'the schema registry', variable: 'AQI_REGISTRY_URL', addresses: [urlAddress(c.registry.url, '80')].filter((a): a is string => a !== null) },
    { service: 'Cassandra', variable: 'AQI_CASSANDRA_CONTACT_POINTS', addresses: c.cassandra.contactPoints.map((p) => (p.includes(':') ? p : `${p}:9042`)) },
  ];
  const waqi = c.waqi.baseUrl ? urlAddress(c.waqi.baseUrl, c.waqi.baseUrl.startsWith('https') ? '443' : '80') : null;
  if (waqi) out.push({ service: 'the WAQI API', variable: 'WAQI_BASE_URL', addresses: [waqi] });
  return out;
}

const WHAT: Record<string, string> = {
  ECONNREFUSED: 'refused the connection',
  ENOTFOUND: 'has a host name that does not resolve',
  EAI_AGAIN: 'has a host name that does not resolve (yet)',
  ETIMEDOUT: 'did not answer in time',
  EHOSTUNREACH: 'is on an unreachable host',
  ECONNRESET: 'closed the connection',
};

interface Found {
  code: string;
  address: string;
}

/** The first network failure (code and host:port) in an error, its causes and inner errors. */
function networkFailure(err: unknown, depth = 0): Found | null {
  if (!err || typeof err !== 'object' || depth > 6) return null;
  const e = err as Record<string, unknown>;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && WHAT[code] && (typeof e.address === 'string' || typeof e.hostname === 'string')) {
    const host = String(e.address ?? e.hostname);
    return { code, address: e.port !== undefined ? `${host}:${String(e.port)}` : host };
  }
  const text = typeof e.message === 'string' ? e.message : '';
  const m = /\b(ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ECONNRESET|ENOTFOUND|EAI_AGAIN) ([\w.-]+(?::\d+)?|\[[\da-fA-F:]+\](?::\d+)?)/.exec(text);
  if (m?.[1] && m[2]) return { code: m[1], address: m[2].replace(/^\[|\]$/g, '') };
  const inner = [e.cause, e.originalError, ...(Array.isArray(e.errors) ? e.errors : []),
    ...(e.innerErrors && typeof e.innerErrors === 'object' ? Object.values(e.innerErrors as object) : [])];
  for (const next of inner) {
    const found = networkFailure(next, depth + 1);
    if (found) return found;
  }
  return null;
}

const sameAddress = (found: string, configured: string) =>
  found === configured || (!found.includes(':') && configured.startsWith(`${found}:`)) ||
  found.replace(/^localhost:/, '127.0.0.1:') === configured.replace(/^localhost:/, '127.0.0.1:');

/** One line naming the service and its variable, or null when the error is no such failure. */
export function explainUnreachable(err: unknown, endpoints: Endpoint[]): string | null {
  const found = networkFailure(err);
  if (!found) return null;
  const endpoint = endpoints.find((p) => p.addresses.some((a) => sameAddress(found.address, a)));
  const what = WHAT[found.code] ?? found.code;
  if (!endpoint) return `${found.address} ${what} (${found.code})`;
  return `${endpoint.service} at ${found.address} (${endpoint.variable}) ${what} (${found.code}): is it running and is ${endpoint.variable} right? ` +
    "'make status' shows the local stack";
}
