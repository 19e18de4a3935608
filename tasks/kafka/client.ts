import './linear-grouping'; // before kafkajs loads, see the file
import './record-encoding'; // likewise
import './lz4-codec'; // the LZ4 codec our producers write and consumers read
import { Kafka, logLevel, type logCreator } from 'kafkajs';
import type { Sections } from '../config/load';
import type { Logger } from '../core/log';

/**
 * Warnings kafkajs prints on every run that say nothing about this run: the steps bound
 * the idempotent producer's retries on purpose (a step fails retryable and its rerun is
 * idempotent through the outbox, instead of retrying forever against a dead broker).
 */
const EVERY_RUN_NOISE = [/^Limiting retries for the idempotent producer may invalidate EoS guarantees/];

/** kafkajs logs through our redacting JSON logger; its chatty INFO level is kept at debug. */
function logCreatorFor(log: Logger): logCreator {
  return () => ({ namespace, level, label, log: entry }) => {
    const { message, ...extra } = entry;
    const meta = { namespace, kafkaLevel: label, ...extra };
    if (EVERY_RUN_NOISE.some((re) => re.test(String(message)))) log.debug(String(message), meta);
    else if (level === logLevel.ERROR) log.warn(String(message), meta);
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
