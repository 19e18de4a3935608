/** The page's only I/O: GET a JSON route of this server; a refusal becomes an Error with its reason. */
export async function getJson<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, String(v));
  const qs = query.toString();
  const res = await fetch(qs ? `${path}?${qs}` : path, { headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!res.ok) throw new Error(body.error?.message ?? `${res.status} ${res.statusText}`);
  return body as T;
}

export function exportUrl(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
  return `${path}?${query.toString()}`;
}

export interface Band { key: string; name: string; min: number; max: number; color: string }
export interface Station {
  stationId: number; name: string; city: string | null; country: string | null; lat: number | null; lon: number | null;
  observedAt: string; aqi: number | null; category: string | null; dominantPollutant: string | null;
}
