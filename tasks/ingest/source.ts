/**
 * Where WAQI answers come from: the configured API (WAQI_BASE_URL, WAQI_TOKEN), or, when
 * neither is configured, the embedded simulator, so the pipeline runs end to end without
 * a token. The choice is logged loudly; the token never is.
 */
import type { Sections } from '../config/load';
import type { Logger } from '../core/log';
import { startSimulator } from '../simulator/server';

export interface WaqiSource {
  baseUrl: string;
  token: string | undefined;
  simulated: boolean;
  close(): Promise<void>;
}

export const WAQI_API = 'https://api.waqi.info';

export async function openSource(cfg: Sections['waqi'], log: Logger): Promise<WaqiSource> {
  if (cfg.token || cfg.baseUrl) {
    const baseUrl = cfg.baseUrl ?? WAQI_API;
    log.info('fetching from WAQI', { baseUrl, tokenSet: Boolean(cfg.token) });
    return { baseUrl, token: cfg.token, simulated: false, close: async () => undefined };
  }
  const sim = await startSimulator({ stations: cfg.simStations, seed: cfg.simSeed });
  log.warn('WAQI_TOKEN and WAQI_BASE_URL are unset: SIMULATING WAQI with the embedded simulator', {
    url: sim.url,
    stations: cfg.simStations,
    seed: cfg.simSeed,
  });
  return { baseUrl: sim.url, token: undefined, simulated: true, close: () => sim.close() };
}
