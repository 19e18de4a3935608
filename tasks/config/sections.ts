import { z } from 'zod';
import { CATEGORIES, type CategoryId } from '../classify/epa';

/**
 * One schema for every setting of every step, one section per system. Each setting is
 * read from the environment (name in the comment); command-line flags override it.
 * Defaults match the local stack's ports in stack/stack.env.
 */
const port = z.coerce.number().int().min(1).max(65535);
const hostPortList = z
  .string()
  .min(1)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port')).min(1));

export const postgresSection = z.object({
  /** AQI_PG_URL */
  url: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL').default('postgres://aqi@127.0.0.1:15432/aqi'),
  /**
   * AQI_PG_POOL_SIZE. At least 2: steps hold one session while they write through another
   * (fetch's run lock, publish's cursor, stage's reader), and a pool of one waited for itself.
   */
  poolSize: z.coerce.number().int().min(2, 'at least 2: steps read and write on two sessions at once').max(64).default(4),
  /** AQI_PG_RAW_BATCH_ROWS: raw responses written per INSERT by fetch */
  rawBatchRows: z.coerce.number().int().min(1).max(10_000).default(500),
  /** AQI_PG_STAGE_BATCH_ROWS: raw rows parsed and bulk-loaded per transaction by stage */
  stageBatchRows: z.coerce.number().int().min(1).max(100_000).default(5000),
});

export const kafkaSection = z.object({
  /** AQI_KAFKA_BROKERS: comma-separated host:port */
  brokers: hostPortList.default(['127.0.0.1:19092']),
  /** AQI_KAFKA_CLIENT_ID */
  clientId: z.string().min(1).default('aqi'),
  /** AQI_TOPIC_READINGS */
  readingsTopic: z.string().regex(/^[a-zA-Z0-9._-]+$/).default('aqi.readings.v1'),
  /** AQI_TOPIC_DLQ */
  deadLetterTopic: z.string().regex(/^[a-zA-Z0-9._-]+$/).default('aqi.readings.dlq'),
  /** AQI_TOPIC_ALERTS */
  alertsTopic: z.string().regex(/^[a-zA-Z0-9._-]+$/).default('aqi.alerts.v1'),
  /** AQI_TOPIC_PARTITIONS */
  partitions: z.coerce.number().int().min(1).max(1024).default(6),
  /** AQI_TOPIC_REPLICATION */
  replicationFactor: z.coerce.number().int().min(1).max(9).default(1),
  /** AQI_TOPIC_MIN_INSYNC: min.insync.replicas of the topics a step creates: replicas holding a write before acks=all succeeds */
  minInsyncReplicas: z.coerce.number().int().min(1).max(9).default(1),
  /** AQI_KAFKA_SESSION_TIMEOUT_MS: how soon a dead classify worker's partitions move to the others */
  sessionTimeoutMs: z.coerce.number().int().min(6000).max(300000).default(10000),
  /** AQI_KAFKA_COORDINATOR_WAIT_MS: how long classify waits for a new broker's group coordinator before it fails retryable */
  coordinatorWaitMs: z.coerce.number().int().min(0).max(600000).default(120000),
}).refine((k) => k.minInsyncReplicas <= k.replicationFactor, {
  // More in-sync replicas than replicas: the broker would refuse every acks=all write.
  message: 'must not exceed AQI_TOPIC_REPLICATION',
  path: ['minInsyncReplicas'],
});

export const registrySection = z.object({
  /** AQI_REGISTRY_URL: the Confluent-compatible API root */
  url: z.url().default('http://127.0.0.1:18081/apis/ccompat/v7'),
});

export const cassandraSection = z.object({
  /** AQI_CASSANDRA_CONTACT_POINTS: comma-separated host:port */
  contactPoints: hostPortList.default(['127.0.0.1:19042']),
  /** AQI_CASSANDRA_LOCAL_DC */
  localDataCenter: z.string().min(1).default('datacenter1'),
  /** AQI_CASSANDRA_KEYSPACE */
  keyspace: z.string().regex(/^[a-z][a-z0-9_]{0,47}$/, 'lower-case CQL identifier').default('aqi'),
  /** AQI_CASSANDRA_REPLICATION: CQL replication map as JSON */
  replication: z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as Record<string, string | number>;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected a JSON object such as {"class":"SimpleStrategy","replication_factor":1}' });
        return z.NEVER;
      }
    })
    .default({ class: 'SimpleStrategy', replication_factor: 1 }),
  /** AQI_CASSANDRA_CONSISTENCY: ONE, LOCAL_QUORUM, QUORUM ... */
  consistency: z.enum(['ONE', 'TWO', 'QUORUM', 'LOCAL_QUORUM', 'LOCAL_ONE', 'ALL']).default('LOCAL_QUORUM'),
  /** AQI_CASSANDRA_CONCURRENCY: in-flight writes per worker */
  concurrency: z.coerce.number().int().min(1).max(2048).default(128),
});

export const waqiSection = z.object({
  /** WAQI_TOKEN: without it, fetch uses the embedded simulator */
  token: z.string().min(1).optional(),
  /** WAQI_BASE_URL: https://api.waqi.info when a token is set; unset with no token = embedded simulator */
  baseUrl: z.url().optional(),
  /** AQI_WAQI_RATE_PER_MINUTE: token bucket; 0 turns the limit off (simulator benchmarks) */
  ratePerMinute: z.coerce.number().int().min(0).default(1000),
  /** AQI_WAQI_BURST */
  burst: z.coerce.number().int().min(1).default(60),
  /** AQI_WAQI_CONCURRENCY */
  concurrency: z.coerce.number().int().min(1).max(512).default(16),
  /** AQI_WAQI_TIMEOUT_MS */
  timeoutMs: z.coerce.number().int().min(100).default(15000),
  /** AQI_WAQI_MAX_RETRIES */
  maxRetries: z.coerce.number().int().min(0).max(20).default(5),
  /** AQI_WAQI_RETRY_BASE_MS: first backoff ceiling; doubles per attempt, full jitter */
  retryBaseMs: z.coerce.number().int().min(0).default(500),
  /** AQI_WAQI_RETRY_CAP_MS: no backoff (nor Retry-After) waits longer */
  retryCapMs: z.coerce.number().int().min(0).default(30_000),
  /** AQI_FETCH_GRACE_MINUTES: an interval that ended longer ago than this is not fetched (WAQI serves only now) */
  graceMinutes: z.coerce.number().int().min(0).default(120),
  /** AQI_FETCH_MAX_FAILED_SHARE: above this share of the run's targets unreachable after retries (and above the tolerated count), fetch exits retryable (75); see ingest/fetch-verdict.ts */
  maxFailedShare: z.coerce.number().min(0).max(1).default(0.05),
  /** AQI_FETCH_TOLERATED_FAILURES: this many unreachable targets never fail a run on their own (a few broken stations) */
  toleratedFailures: z.coerce.number().int().min(0).default(3),
  /** AQI_FETCH_TILE_DEGREES: the bounding-box sweep is split into square tiles of this size */
  tileDegrees: z.coerce.number().min(1).max(360).default(45),
  /** AQI_SIM_STATIONS: stations of the embedded simulator (used when no token and no base URL) */
  simStations: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** AQI_SIM_SEED */
  simSeed: z.coerce.number().int().default(1),
});

/** Alert rules and delivery (`aqi alerts`); levels are EPA category ids from tasks/classify/epa.ts. */
const categoryId = z.enum(CATEGORIES.map((c) => c.id) as [CategoryId, ...CategoryId[]]);
export const alertsSection = z
  .object({
    /** AQI_ALERT_OPEN_CATEGORY: an episode opens when the AQI enters this category or worse */
    openCategory: categoryId.default('unhealthy'),
    /** AQI_ALERT_SEVERE_CATEGORY: the separate, higher level an open episode escalates to */
    severeCategory: categoryId.default('hazardous'),
    /** AQI_ALERT_CLOSE_BELOW_AQI: an episode closes after enough consecutive readings below this AQI */
    closeBelowAqi: z.coerce.number().int().min(1).max(500).default(101),
    /** AQI_ALERT_CLOSE_AFTER_READINGS */
    closeAfterReadings: z.coerce.number().int().min(1).max(1000).default(3),
    /** AQI_ALERT_WEBHOOK_URL: optional Slack-compatible incoming webhook (treated as a secret) */
    webhookUrl: z.url().optional(),
    /** AQI_ALERT_WEBHOOK_TIMEOUT_MS */
    webhookTimeoutMs: z.coerce.number().int().min(100).max(120_000).default(5000),
    /** AQI_ALERT_WEBHOOK_MAX_RETRIES: attempts per run after the first; what still fails waits for the next run */
    webhookMaxRetries: z.coerce.number().int().min(0).max(10).default(2),
  })
  .refine((a) => a.openCategory !== a.severeCategory, {
    message: 'must differ from AQI_ALERT_OPEN_CATEGORY',
    path: ['severeCategory'],
  });

export const ENV_NAMES = {
  postgres: {
    url: 'AQI_PG_URL', poolSize: 'AQI_PG_POOL_SIZE', rawBatchRows: 'AQI_PG_RAW_BATCH_ROWS',
    stageBatchRows: 'AQI_PG_STAGE_BATCH_ROWS',
  },
  kafka: {
    brokers: 'AQI_KAFKA_BROKERS', clientId: 'AQI_KAFKA_CLIENT_ID', readingsTopic: 'AQI_TOPIC_READINGS',
    deadLetterTopic: 'AQI_TOPIC_DLQ', alertsTopic: 'AQI_TOPIC_ALERTS', partitions: 'AQI_TOPIC_PARTITIONS',
    replicationFactor: 'AQI_TOPIC_REPLICATION', minInsyncReplicas: 'AQI_TOPIC_MIN_INSYNC',
    sessionTimeoutMs: 'AQI_KAFKA_SESSION_TIMEOUT_MS', coordinatorWaitMs: 'AQI_KAFKA_COORDINATOR_WAIT_MS',
  },
  registry: { url: 'AQI_REGISTRY_URL' },
  cassandra: {
    contactPoints: 'AQI_CASSANDRA_CONTACT_POINTS', localDataCenter: 'AQI_CASSANDRA_LOCAL_DC',
    keyspace: 'AQI_CASSANDRA_KEYSPACE', replication: 'AQI_CASSANDRA_REPLICATION',
    consistency: 'AQI_CASSANDRA_CONSISTENCY', concurrency: 'AQI_CASSANDRA_CONCURRENCY',
  },
  waqi: {
    token: 'WAQI_TOKEN', baseUrl: 'WAQI_BASE_URL', ratePerMinute: 'AQI_WAQI_RATE_PER_MINUTE', burst: 'AQI_WAQI_BURST',
    concurrency: 'AQI_WAQI_CONCURRENCY', timeoutMs: 'AQI_WAQI_TIMEOUT_MS', maxRetries: 'AQI_WAQI_MAX_RETRIES',
    retryBaseMs: 'AQI_WAQI_RETRY_BASE_MS', retryCapMs: 'AQI_WAQI_RETRY_CAP_MS', graceMinutes: 'AQI_FETCH_GRACE_MINUTES',
    maxFailedShare: 'AQI_FETCH_MAX_FAILED_SHARE', toleratedFailures: 'AQI_FETCH_TOLERATED_FAILURES', tileDegrees: 'AQI_FETCH_TILE_DEGREES', simStations: 'AQI_SIM_STATIONS', simSeed: 'AQI_SIM_SEED',
  },
  alerts: {
    openCategory: 'AQI_ALERT_OPEN_CATEGORY', severeCategory: 'AQI_ALERT_SEVERE_CATEGORY',
    closeBelowAqi: 'AQI_ALERT_CLOSE_BELOW_AQI', closeAfterReadings: 'AQI_ALERT_CLOSE_AFTER_READINGS',
    webhookUrl: 'AQI_ALERT_WEBHOOK_URL', webhookTimeoutMs: 'AQI_ALERT_WEBHOOK_TIMEOUT_MS',
    webhookMaxRetries: 'AQI_ALERT_WEBHOOK_MAX_RETRIES',
  },
} as const;

export const sectionsSchema = z.object({
  postgres: postgresSection,
  kafka: kafkaSection,
  registry: registrySection,
  cassandra: cassandraSection,
  waqi: waqiSection,
  alerts: alertsSection,
});
