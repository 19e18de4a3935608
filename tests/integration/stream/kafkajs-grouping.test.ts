/**
 * The linear grouping shim (tasks/kafka/linear-grouping.ts) only works in plain Node's
 * module cache, which jest replaces; so this runs the compiled CLI modules in a child
 * Node process, the way `aqi publish` loads them.
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
    process.stdout.write(JSON.stringify({ producerLoaded: Boolean(require.cache[sendMessages]), shimInPlace: grouping.exports === shim }));`;
  return execFileSync(process.execPath, ['-e', script], { cwd: projectRoot(), encoding: 'utf8' });
}

describe('kafkajs uses the linear message grouping', () => {
  it('once the Kafka client module is loaded, before kafkajs binds it', () => {
    expect(JSON.parse(probe(join(dist, 'kafka', 'client.js')))).toEqual({ producerLoaded: true, shimInPlace: true });
  });

  it('in the publish step as the CLI loads it', () => {
    expect(JSON.parse(probe(join(dist, 'commands', 'publish.js')))).toEqual({ producerLoaded: true, shimInPlace: true });
  });
});
