import './linear-grouping'; // before kafkajs loads, see the file
import './record-encoding'; // likewise
import './lz4-codec'; // the LZ4 codec our producers write and consumers read
import { Kafka, logLevel, type logCreator } from 'kafkajs';
import type { Sections } from '../config/load';
import type { Logger } from '../core/log';

/** kafkajs logs through our redacting JSON logger; its chatty INFO level is kept at debug. */
function logCreatorFor(log: Logger): logCreator {
  return () => ({ namespace, level, label, log: entry }) => {
    const { message, ...extra } = entry;
    const meta = { namespace, kafkaLevel: label, ...extra };
    if (level === logLevel.ERROR) log.warn(String(message), meta);
    else if (level === logLevel.WARN) log.info(String(message), meta);
    else log.debug(String(message), meta);
  };
}

export function createKafka(cfg: Sections['kafka'], log: Logger, clientSuffix: string): Kafka {
  return new Kafka({
    clientId: `${cfg.clientId}-${clientSuffix}`,
    brokers: cfg.brokers,
    connectionTimeout: 10_000,
    requestTimeout: 30_000,
    retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 10_000 },
    logLevel: logLevel.WARN,
    logCreator: logCreatorFor(log),
  });
}
