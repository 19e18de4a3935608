import winston from 'winston';
import { redactDeep } from './redact';

/**
 * JSON logs on stderr (stdout is reserved for the one-line summary, which DockerOperator
 * and the local runner push to XCom). Every record is redacted before it is written.
 */
const redactFormat = winston.format((info) => {
  const cleaned = redactDeep({ ...info });
  Object.assign(info, cleaned);
  return info;
});

export type Logger = winston.Logger;

export function createLogger(step: string, level = process.env.AQI_LOG_LEVEL ?? 'info'): Logger {
  return winston.createLogger({
    level,
    defaultMeta: { step },
    format: winston.format.combine(redactFormat(), winston.format.timestamp(), winston.format.json()),
    transports: [new winston.transports.Console({ stderrLevels: Object.keys(winston.config.npm.levels) })],
  });
}
