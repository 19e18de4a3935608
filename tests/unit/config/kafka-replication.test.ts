import { join } from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../../../tasks/config/load';
import { streamTopics } from '../../../tasks/kafka/topics';
import { PRODUCER_ACKS } from '../../../tasks/kafka/producer';
import { ConfigError } from '../../../tasks/core/errors';
import { parseEnvFile, readEnvFile } from '../../integration/support/env-file';

const noFlags = z.object({});
const load = (env: Record<string, string>) => loadConfig(noFlags, {}, env);

function problemsOf(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('AQI_TOPIC_MIN_INSYNC', () => {
  it('defaults to 1, as the single-node stack needs', () => {
    const { kafka } = load({});
    expect({ rf: kafka.replicationFactor, minInsync: kafka.minInsyncReplicas }).toEqual({ rf: 1, minInsync: 1 });
  });

  it('becomes min.insync.replicas of the readings and dead-letter topics, beside their replication', () => {
    const { kafka } = load({ AQI_TOPIC_REPLICATION: '3', AQI_TOPIC_MIN_INSYNC: '2' });
    const [readings, dlq] = streamTopics(kafka);
    expect(readings).toMatchObject({ replicationFactor: 3, configs: { 'min.insync.replicas': '2' } });
    expect(dlq).toMatchObject({ replicationFactor: 3, configs: { 'min.insync.replicas': '2', 'retention.ms': '2592000000' } });
  });

  it.each([
    ['more than the replicas', { AQI_TOPIC_REPLICATION: '2', AQI_TOPIC_MIN_INSYNC: '3' }, 'AQI_TOPIC_MIN_INSYNC: must not exceed AQI_TOPIC_REPLICATION'],
    ['zero', { AQI_TOPIC_MIN_INSYNC: '0' }, 'AQI_TOPIC_MIN_INSYNC: '],
    ['not a number', { AQI_TOPIC_MIN_INSYNC: 'two' }, 'AQI_TOPIC_MIN_INSYNC: '],
  ])('is refused when %s, naming the variable', (_label, env, problem) => {
    expect(problemsOf(env).some((p) => p.startsWith(problem))).toBe(true);
  });
});

describe('stack/cluster/cluster.env', () => {
  const env = readEnvFile(join(__dirname, '..', '..', '..', 'stack', 'cluster', 'cluster.env'));

  it('is a valid configuration: three brokers, RF 3, min in-sync 2, RF 3 per DC, QUORUM', () => {
    const { kafka, cassandra } = load(env);
    expect(kafka.brokers).toHaveLength(3);
    expect({ rf: kafka.replicationFactor, minInsync: kafka.minInsyncReplicas }).toEqual({ rf: 3, minInsync: 2 });
    expect(cassandra.contactPoints).toHaveLength(3);
    expect(cassandra.replication).toEqual({ class: 'NetworkTopologyStrategy', [cassandra.localDataCenter]: 3 });
    expect(cassandra.consistency).toBe('QUORUM');
  });

  it('is used with producers that wait for every in-sync replica (acks=all)', () => {
    expect(PRODUCER_ACKS).toBe(-1);
  });
});

describe('parseEnvFile', () => {
  it('reads KEY=value and export KEY=value, unquotes one level, skips the rest', () => {
    const text = "# comment\nexport A=1\nB='{\"x\":3}'\nC=\"two words\"\nnot a line\n  export D=d\n";
    expect(parseEnvFile(text)).toEqual({ A: '1', B: '{"x":3}', C: 'two words', D: 'd' });
  });
});
