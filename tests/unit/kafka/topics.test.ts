import type { Admin } from 'kafkajs';
import { AqiError } from '../../../tasks/core/errors';
import { ensureTopics } from '../../../tasks/kafka/topics';

const spec = { topic: 'aqi.readings.v1', numPartitions: 6, replicationFactor: 1 };

describe('ensureTopics', () => {
  it('turns kafkajs\'s TypeError on lost metadata into a retryable error', async () => {
    // What kafkajs 2.2.4's listTopics throws when its broker connection dropped after connect.
    const admin = { listTopics: () => Promise.reject(new TypeError("Cannot destructure property 'topicMetadata' of '(intermediate value)' as it is null.")) };
    const failure = await ensureTopics(admin as unknown as Admin, [spec]).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(AqiError);
    expect(failure).toMatchObject({ code: 'KAFKA_METADATA_LOST', retryable: true });
  });

  it('passes any other failure through unchanged', async () => {
    const refused = Object.assign(new Error('Connection error: connect ECONNREFUSED'), { name: 'KafkaJSConnectionError' });
    const admin = { listTopics: () => Promise.reject(refused) };
    await expect(ensureTopics(admin as unknown as Admin, [spec])).rejects.toBe(refused);
  });

  it('creates only the missing topics and reports their partitions', async () => {
    const created: unknown[] = [];
    const admin = {
      listTopics: () => Promise.resolve(['aqi.readings.v1']),
      createTopics: (req: { topics: unknown[] }) => (created.push(...req.topics), Promise.resolve(true)),
      fetchTopicMetadata: () => Promise.resolve({ topics: [{ name: 'aqi.readings.v1', partitions: [1, 2, 3, 4, 5, 6] }, { name: 'aqi.dlq', partitions: [1] }] }),
    };
    const result = await ensureTopics(admin as unknown as Admin, [spec, { topic: 'aqi.dlq', numPartitions: 1, replicationFactor: 1 }]);
    expect(created).toEqual([{ topic: 'aqi.dlq', numPartitions: 1, replicationFactor: 1, configEntries: [] }]);
    expect(result).toEqual({ created: ['aqi.dlq'], partitions: { 'aqi.readings.v1': 6, 'aqi.dlq': 1 } });
  });
});
