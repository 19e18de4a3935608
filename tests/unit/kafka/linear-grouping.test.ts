import { groupMessagesPerPartition } from '../../../tasks/kafka/linear-grouping';

type Msg = { key: string; value: number };
const partitionMetadata = [{ partitionId: 0 }, { partitionId: 1 }, { partitionId: 2 }];
const byKey = ({ message }: { message: Msg }) => Number(message.key) % 3;

describe('linear replacement of kafkajs groupMessagesPerPartition', () => {
  it('groups by the partitioner, keeping each partition in message order', () => {
    const messages = [5, 1, 3, 4, 2, 6, 0].map((k, i) => ({ key: String(k), value: i }));
    expect(groupMessagesPerPartition({ topic: 't', partitionMetadata, messages, partitioner: byKey })).toEqual({
      0: [{ key: '3', value: 2 }, { key: '6', value: 5 }, { key: '0', value: 6 }],
      1: [{ key: '1', value: 1 }, { key: '4', value: 3 }],
      2: [{ key: '5', value: 0 }, { key: '2', value: 4 }],
    });
  });

  it('passes topic, metadata and message to the partitioner, once per message', () => {
    const calls: unknown[] = [];
    const messages = [{ key: '1', value: 1 }, { key: '2', value: 2 }];
    groupMessagesPerPartition({ topic: 'readings', partitionMetadata, messages, partitioner: (args) => (calls.push(args), 0) });
    expect(calls).toEqual(messages.map((message) => ({ topic: 'readings', partitionMetadata, message })));
  });

  it('returns no partitions without metadata, as kafkajs does', () => {
    expect(groupMessagesPerPartition({ topic: 't', partitionMetadata: [], messages: [{ key: '1', value: 1 }], partitioner: byKey })).toEqual({});
  });

  it('groups 100,000 messages on 6 partitions (the size of a large publish page)', () => {
    const messages = Array.from({ length: 100_000 }, (_, i) => ({ key: String(i), value: i }));
    const groups = groupMessagesPerPartition({ topic: 't', partitionMetadata: [0, 1, 2, 3, 4, 5], messages, partitioner: ({ message }) => message.value % 6 });
    expect(Object.values(groups).map((g) => g.length)).toEqual([16667, 16667, 16667, 16667, 16666, 16666]);
  });
});
