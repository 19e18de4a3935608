/**
 * Entry point of stack/chaos.sh: runs fault cases one after another (the stack is shared
 * and small) and prints the table, then what the user saw (report.ts). Exit 1 when any
 * case lost or duplicated a reading.
 *   node dist/tests/integration/chaos/chaos-table.js [case ...]            WAQI faults
 *   node dist/tests/integration/chaos/chaos-table.js --service-faults [...] stack faults
 * Service faults stop shared services: they refuse to run without AQI_CHAOS_SERVICE_FAULTS=yes.
 */
import { SERVICE_CASES } from './service-fault';
import { formatReport, type CaseRow } from './report';
import { runWaqiCase, WAQI_CASES } from './waqi-cases';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const service = argv.includes('--service-faults');
  if (service && process.env.AQI_CHAOS_SERVICE_FAULTS !== 'yes') {
    process.stderr.write('[chaos] service faults stop shared services; set AQI_CHAOS_SERVICE_FAULTS=yes on a stack nobody else uses\n');
    return 64;
  }
  const known = service ? SERVICE_CASES : WAQI_CASES;
  const wanted = argv.filter((a) => !a.startsWith('--'));
  const cases = wanted.length > 0 ? known.filter((c) => wanted.includes(c.name)) : known;
  if (cases.length === 0) {
    process.stderr.write(`[chaos] no such case; known: ${known.map((c) => c.name).join(', ')}\n`);
    return 64;
  }
  const rows: CaseRow[] = [];
  for (const c of cases) {
    const started = Date.now();
    process.stderr.write(`[chaos] ${c.name}: ${c.fault} ...\n`);
    rows.push(await runWaqiCase(c));
    process.stderr.write(`[chaos] ${c.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  process.stdout.write(`${formatReport(rows)}\n`);
  return rows.every((r) => r.lost === 0 && r.duplicated === 0 && r.cassandra > 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[chaos] failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
