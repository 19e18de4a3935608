/**
 * Progress for long work: a live line on a terminal, a log record every few seconds
 * otherwise (Airflow task logs are not terminals).
 */
import type { Logger } from './log';

export interface Progress {
  tick(n?: number): void;
  done(): void;
}

export function createProgress(label: string, total: number | undefined, log: Logger, everyMs = 5000): Progress {
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  let count = 0;
  let lastShown = 0;

  const render = (final: boolean) => {
    const secs = (Date.now() - started) / 1000;
    const rate = secs > 0 ? Math.round(count / secs) : 0;
    const of = total !== undefined ? `/${total}` : '';
    if (tty) {
      process.stderr.write(`\r${label}: ${count}${of} (${rate}/s)${final ? '\n' : ''}`);
    } else {
      log.info('progress', { label, count, total, ratePerSec: rate });
    }
  };

  return {
    tick(n = 1) {
      count += n;
      const now = Date.now();
      if (now - lastShown >= (tty ? 200 : everyMs)) {
        lastShown = now;
        render(false);
      }
    },
    done() {
      render(true);
    },
  };
}
