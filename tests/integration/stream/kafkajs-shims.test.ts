/**
 * The kafkajs replacements (tasks/kafka/linear-grouping.ts, tasks/kafka/record-encoding.ts)
 * only work in plain Node's module cache, which jest replaces; so this runs the compiled
 * CLI modules in a child Node process, the way `aqi publish` loads them. The record
 * encoder counts as bound when it is in the cache once the produce request module has
 * loaded: it refuses to install after that module, which would hold kafkajs's own.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../../tasks/core/paths';

const dist = join(projectRoot(), 'dist', 'tasks');

function probe(entry: string): string {
  const script = `
    require(${JSON.stringify(entry)});
    const sendMessages = require.resolve('kafkajs/src/producer/sendMessages');
    const grouping = require.cache[require.resolve('kafkajs/src/producer/groupMessagesPerPartition')];
    const shim = require(${JSON.stringify(join(dist, 'kafka', 'linear-grouping.js'))}).groupMessagesPerPartition;
    require('kafkajs/src/protocol/requests/produce/v3/request');
    const record = require.cache[require.resolve('kafkajs/src/protocol/recordBatch/record/v0')];
    process.stdout.write(JSON.stringify({
      producerLoaded: Boolean(require.cache[sendMessages]), shimInPlace: grouping.exports === shim,
      recordEncoderInPlace: record.exports.fast === true,
    }));`;
  return execFileSync(process.execPath, ['-e', script], { cwd: projectRoot(), encoding: 'utf8' });
}

describe('kafkajs uses the linear message grouping and the record encoder', () => {
  it('once the Kafka client module is loaded, before kafkajs binds it', () => {
    expect(JSON.parse(probe(join(dist, 'kafka', 'client.js')))).toEqual({ producerLoaded: true, shimInPlace: true, recordEncoderInPlace: true });
  });

  it('in the publish step as the CLI loads it', () => {
    expect(JSON.parse(probe(join(dist, 'commands', 'publish.js')))).toEqual({ producerLoaded: true, shimInPlace: true, recordEncoderInPlace: true });
  });
});
