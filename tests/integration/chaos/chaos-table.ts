/**
 * Entry point of stack/chaos.sh: runs the WAQI fault cases one after another (the stack
 * is shared and small) and prints the table. Exit 1 when any case lost or duplicated.
 * Run as: node dist/tests/integration/chaos/chaos-table.js [case ...]
 */
import { formatTable, runWaqiCase, WAQI_CASES, type CaseRow } from './waqi-cases';

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const cases = wanted.length > 0 ? WAQI_CASES.filter((c) => wanted.includes(c.name)) : WAQI_CASES;
  if (cases.length === 0) {
    process.stderr.write(`no such case; known: ${WAQI_CASES.map((c) => c.name).join(', ')}\n`);
    return 64;
  }
  const rows: CaseRow[] = [];
  for (const c of cases) {
    const started = Date.now();
    process.stderr.write(`[chaos] ${c.name}: ${c.fault} ...\n`);
    rows.push(await runWaqiCase(c));
    process.stderr.write(`[chaos] ${c.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  process.stdout.write(`${formatTable(rows)}\n`);
  return rows.every((r) => r.lost === 0 && r.duplicated === 0 && r.cassandra > 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[chaos] failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
