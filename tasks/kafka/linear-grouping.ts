/**
 * kafkajs 2.2.4 groups each sendBatch's messages by partition with
 * `Object.assign(result, { [partition]: [...current, message] })`, which copies the
 * partition's array for every message: quadratic in messages per partition, and about a
 * tenth of publish's CPU at 5,000-message pages (upstream: tulios/kafkajs#1576, never
 * released). This module puts a linear function with the same contract in Node's module
 * cache under kafkajs's file name. kafkajs binds the function when its producer module
 * loads, so this must be imported before kafkajs is first required: tasks/cli.ts and
 * tasks/kafka/client.ts import it first, and tests/integration/stream/kafkajs-shims
 * proves, in a plain Node process, that kafkajs then uses it.
 */
import Module from 'node:module';

interface GroupArgs<M> {
  topic: string;
  partitionMetadata: readonly unknown[];
  messages: readonly M[];
  partitioner: (args: { topic: string; partitionMetadata: readonly unknown[]; message: M }) => number;
}

/** Same result as kafkajs's: partition -> its messages in their original order; {} without metadata. */
export function groupMessagesPerPartition<M>({ topic, partitionMetadata, messages, partitioner }: GroupArgs<M>): Record<number, M[]> {
  const result: Record<number, M[]> = {};
  if (partitionMetadata.length === 0) return result;
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    (result[partition] ??= []).push(message);
  }
  return result;
}

export const KAFKAJS_GROUPING_MODULE = 'kafkajs/src/producer/groupMessagesPerPartition';

function install(): void {
  const filename = require.resolve(KAFKAJS_GROUPING_MODULE);
  if (require.cache[filename]?.exports === groupMessagesPerPartition) return;
  // Too late once kafkajs's producer has bound the original (a script that loaded kafkajs
  // first): leave it, correct but slower, rather than pretend it was replaced.
  if (require.cache[require.resolve('kafkajs/src/producer/sendMessages')]) return;
  const replacement = new Module(filename);
  replacement.filename = filename;
  replacement.loaded = true;
  replacement.exports = groupMessagesPerPartition;
  require.cache[filename] = replacement;
}

install();
