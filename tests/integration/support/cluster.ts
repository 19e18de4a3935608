/**
 * The loopback cluster of `make up-cluster` (stack/cluster/): the pipeline's settings from
 * stack/cluster/cluster.env, where its Kafka and Cassandra nodes listen, and its script.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamTarget } from '../stream/support';
import { readEnvFile } from './env-file';
import { ROOT } from './stack';

export const CLUSTER_ENV = readEnvFile(join(ROOT, 'stack', 'cluster', 'cluster.env'));

const list = (name: string) => (CLUSTER_ENV[name] ?? '').split(',').filter(Boolean);
export const CLUSTER_TARGET: StreamTarget = { brokers: list('AQI_KAFKA_BROKERS'), contactPoints: list('AQI_CASSANDRA_CONTACT_POINTS') };

/** `stack/cluster/cluster.sh ...` as an argv, run from the repository root (e.g. a ServiceFault's inject). */
export const clusterCommand = (...args: string[]): string[] => ['bash', join('stack', 'cluster', 'cluster.sh'), ...args];

/** Runs the cluster script and waits; true when it exited 0. */
export function clusterScript(...args: string[]): boolean {
  const [cmd, ...rest] = clusterCommand(...args);
  try {
    execFileSync(cmd as string, rest, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 400_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the node's process (var/cluster/run/<node>.pid) is alive. A killed process stays
 * a zombie until it is reaped (about a second here), and kill(pid, 0) still succeeds on it.
 */
export function nodeAlive(node: string): boolean {
  try {
    const pid = readFileSync(join(ROOT, 'var', 'cluster', 'run', `${node}.pid`), 'utf8').trim();
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)\s+/, '').charAt(0);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
