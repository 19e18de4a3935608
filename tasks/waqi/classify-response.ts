/**
 * What a WAQI response is, from its HTTP status and body alone. Shared by fetch (to
 * decide on retries) and stage (to explain rejects), so both read the envelope alike.
 * WAQI reports most errors with HTTP 200 and a JSON envelope, and an unknown `@idx`
 * even inside an "ok" envelope; proxies in front of it answer with HTML pages.
 */
export type ResponseClass =
  | 'ok'
  | 'transport'
  | 'rate_limited'
  | 'server_error'
  | 'http_error'
  | 'not_json'
  | 'envelope_invalid'
  | 'invalid_key'
  | 'ip_not_allowed'
  | 'over_quota'
  | 'unknown_station'
  | 'invalid_query'
  | 'waqi_error';

export interface Classified {
  cls: ResponseClass;
  /** Why, in words safe to store and log (never the body). */
  message: string;
  /** The envelope's `data` when `cls` is 'ok'. */
  data?: unknown;
}

export interface ResponseFacts {
  httpStatus: number | null;
  /** The parsed JSON body; undefined when the body was not JSON. */
  body: unknown;
  transportError?: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Maps a WAQI error text to its class; the texts come from the API's public clients. */
export function classifyMessage(message: string): ResponseClass {
  const m = message.toLowerCase();
  if (m.includes('invalid key')) return 'invalid_key';
  if (m.includes('over quota') || m.includes('too many requests')) return 'over_quota';
  if (/unknown (station|id|city)|no such station/.test(m)) return 'unknown_station';
  if (m.includes('ip not allowed')) return 'ip_not_allowed';
  if (m.includes('invalid query') || m.includes('invalid param')) return 'invalid_query';
  return 'waqi_error';
}

function errorText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (isObject(data)) {
    for (const key of ['message', 'msg', 'data']) if (typeof data[key] === 'string') return data[key] as string;
  }
  return 'error without a message';
}

function classifyEnvelope(body: unknown): Classified {
  if (!isObject(body) || typeof body.status !== 'string') {
    return { cls: 'envelope_invalid', message: 'JSON body without a status field' };
  }
  if (body.status === 'error') {
    const text = errorText(body.data);
    return { cls: classifyMessage(text), message: text.slice(0, 200) };
  }
  if (body.status !== 'ok') return { cls: 'envelope_invalid', message: `unexpected status ${JSON.stringify(body.status).slice(0, 40)}` };
  // An unknown @idx answers {"status":"ok","data":{"status":"error","msg":"Unknown ID"}}.
  if (isObject(body.data) && body.data.status === 'error') {
    const text = errorText(body.data);
    return { cls: classifyMessage(text), message: text.slice(0, 200) };
  }
  if (body.data === undefined || body.data === null) return { cls: 'envelope_invalid', message: 'ok envelope without data' };
  return { cls: 'ok', message: 'ok', data: body.data };
}

export function classifyResponse(facts: ResponseFacts): Classified {
  if (facts.transportError) return { cls: 'transport', message: facts.transportError.slice(0, 200) };
  const status = facts.httpStatus;
  if (status === null) return { cls: 'transport', message: 'no HTTP response' };
  if (status === 429) return { cls: 'rate_limited', message: 'HTTP 429' };
  if (status >= 500) return { cls: 'server_error', message: `HTTP ${status}` };
  if (facts.body === undefined) {
    return status >= 200 && status < 300
      ? { cls: 'not_json', message: 'body is not JSON' }
      : { cls: 'http_error', message: `HTTP ${status}` };
  }
  const envelope = classifyEnvelope(facts.body);
  if (status >= 200 && status < 300) return envelope;
  // A non-2xx status with a WAQI error envelope (e.g. 403 Invalid key) keeps the envelope's meaning.
  return envelope.cls === 'ok' || envelope.cls === 'envelope_invalid' ? { cls: 'http_error', message: `HTTP ${status}` } : envelope;
}
