/**
 * The WAQI token travels in the URL query string, so anything that may hold a URL is
 * scrubbed before it reaches a log, an error, a stored row or a summary.
 */
const TOKEN_PARAM = /([?&](?:token|apikey|api_key|key|password)=)[^&#\s"']*/gi;
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@/\s]+@/gi;

const knownSecrets = new Set<string>();

/** Registers a secret value so that it is masked wherever it appears, not only in `token=`. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) knownSecrets.add(value);
}

export function redact(text: string): string {
  let out = text.replace(TOKEN_PARAM, '$1REDACTED').replace(URL_CREDENTIALS, '$1REDACTED@');
  for (const secret of knownSecrets) out = out.split(secret).join('REDACTED');
  return out;
}

/** Deep-redacts every string inside a JSON-like value. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}
