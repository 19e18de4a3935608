import { Client, types } from 'cassandra-driver';
import type { Sections } from '../config/load';

/**
 * One driver client per process, connected without a keyspace (the schema step may have
 * to create it); statements name their keyspace explicitly. The caller shuts it down.
 */
export function createCassandraClient(cfg: Sections['cassandra'], applicationName: string): Client {
  return new Client({
    contactPoints: cfg.contactPoints,
    localDataCenter: cfg.localDataCenter,
    applicationName: `aqi-${applicationName}`,
    pooling: { coreConnectionsPerHost: { [types.distance.local]: 2 } },
    socketOptions: { connectTimeout: 10_000, readTimeout: 30_000 },
    queryOptions: { consistency: consistencyOf(cfg.consistency), prepare: true },
  });
}

export function consistencyOf(name: Sections['cassandra']['consistency']): number {
  const value = types.consistencies[toDriverName(name)];
  if (typeof value !== 'number') throw new Error(`unknown consistency ${name}`);
  return value;
}

const toDriverName = (name: string) =>
  name.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof typeof types.consistencies;
