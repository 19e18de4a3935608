// Waits until the broker's group coordinator answers: on a new broker the first group
// request creates the consumer-offsets topic, and until its partitions are loaded every
// group request fails "coordinator is loading". `make up` waits here so that the first
// run's classify workers join at once. Usage: node kafka-coordinator.cjs host:port timeoutSeconds
const { Kafka, logLevel } = require('kafkajs');

async function main() {
  const [broker, timeout = '60'] = process.argv.slice(2);
  const deadline = Date.now() + Number(timeout) * 1000;
  const kafka = new Kafka({ clientId: 'stack-coordinator-probe', brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 2 } });
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (;;) {
      try {
        await admin.describeGroups(['aqi-stack-probe']);
        return 0;
      } catch (err) {
        if (Date.now() > deadline) {
          console.error(`kafka: the group coordinator did not answer within ${timeout} s (${err.message})`);
          return 1;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`kafka: no answer from ${process.argv[2]} (${err.message})`);
    process.exit(1);
  },
);
