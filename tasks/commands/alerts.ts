import { Command } from 'commander';
import { createCassandraClient } from '../cassandra/client';
import { applyCassandraSchema } from '../cassandra/schema';
import { withInterval } from '../config/flags';
import { createProgress } from '../core/progress';
import { registerSecret } from '../core/redact';
import { intervalOptions, runStep } from '../core/run-command';
import { migratePostgres } from '../postgres/migrate';
import { createPgPool } from '../postgres/pool';
import { intervalReadings } from '../analytics/interval-readings';
import { cassandraAlertStore, type Channel } from '../alerts/alert-store';
import { deliverToKafka, deliverToWebhook } from '../alerts/deliver';
import { detectAlerts } from '../alerts/detect';
import { openAlertSink } from '../alerts/kafka-sink';
import { policyFromRules } from '../alerts/policy';
import { postWebhook } from '../alerts/webhook';

/** `aqi alerts`: hazardous-air episodes from the interval's readings, delivered once each. */
export function register(program: Command): void {
  intervalOptions(
    program
      .command('alerts')
      .description('open, escalate and close alert episodes from the interval\'s readings; deliver new events to Kafka and the webhook'),
  ).action(async (opts: Record<string, unknown>) => {
    process.exitCode = await runStep('alerts', withInterval({}), opts, async ({ config, log }) => {
      const { intervalStart, intervalEnd } = config.flags;
      const rules = config.alerts;
      registerSecret(rules.webhookUrl);
      const policy = policyFromRules(rules);
      const channels: Channel[] = rules.webhookUrl ? ['kafka', 'webhook'] : ['kafka'];
      const pool = createPgPool(config.postgres, 'alerts');
      const cassandra = createCassandraClient(config.cassandra, 'alerts');
      try {
        await migratePostgres(pool);
        await applyCassandraSchema(cassandra, config.cassandra.keyspace, config.cassandra.replication);
        const store = cassandraAlertStore(cassandra, config.cassandra.keyspace);
        const concurrency = Math.max(1, Math.ceil(config.cassandra.concurrency / 4));
        const progress = createProgress('alert stations', undefined, log);
        const detected = await detectAlerts(intervalReadings(pool, intervalStart, intervalEnd), store, policy, channels, concurrency, progress);
        progress.done();
        const sink = await openAlertSink(config, log);
        let kafkaSent: number;
        try {
          kafkaSent = await deliverToKafka(store, sink.send);
        } finally {
          await sink.close();
        }
        const url = rules.webhookUrl;
        const webhook = url
          ? await deliverToWebhook(store, (body) => postWebhook(url, body, { timeoutMs: rules.webhookTimeoutMs, maxRetries: rules.webhookMaxRetries }), log)
          : null;
        return {
          intervalStart: intervalStart.toISOString(),
          intervalEnd: intervalEnd.toISOString(),
          ...detected,
          kafkaSent,
          topic: config.kafka.alertsTopic,
          webhook: webhook ?? 'not configured',
        };
      } finally {
        await Promise.allSettled([pool.end(), cassandra.shutdown()]);
      }
    });
  });
}
