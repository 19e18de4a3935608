/** The soak's human-readable output: one block per cycle, then the summary. Pure formatting. */
import type { Step } from './cycle-plan';
import type { CountCheck } from './counts';
import type { CycleRecord } from './records';
import { FLAT_PERCENT, type SoakSummary } from './summary';

/** The counts worth a glance per step; the JSON report keeps all of them. */
const HEADLINE: Record<Step, string[]> = {
  fetch: ['requests', 'rawRows', 'gaveUp'],
  stage: ['rawRows', 'readingsInserted', 'readingsUpdated', 'outcomes.reject'],
  publish: ['published'],
  classify: ['consumed', 'written', 'deadLettered'],
  aggregate: ['intervalReadings', 'readingsRead', 'windows'],
  alerts: ['readings', 'opened', 'escalated', 'closed', 'openEpisodes', 'kafkaSent'],
};

const pad = (v: unknown, n: number) => String(v).padStart(n);
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
const hm = (iso: string) => iso.slice(11, 16);

export function cycleBlock(r: CycleRecord, total: number): string {
  const lines = [
    `-- cycle ${r.cycle}/${total}  ${r.intervalStart.slice(0, 16)} .. ${hm(r.intervalEnd)} UTC  ${r.seconds.toFixed(1)} s  load ${load(r.loadAverage)}`,
    `   step       exit     secs  peak RSS MiB   cpu s  counts`,
  ];
  for (const s of r.steps) {
    const counts = HEADLINE[s.step].filter((k) => k in s.counts).map((k) => `${k}=${s.counts[k]}`).join(' ');
    lines.push(`   ${s.step.padEnd(10)} ${pad(s.code, 4)} ${pad(s.seconds.toFixed(1), 8)} ${pad(s.peakRssMb.toFixed(1), 13)} ${pad(s.cpuSeconds.toFixed(1), 7)}  ${counts}`);
  }
  const tcp = Object.entries(r.established.counts).map(([port, n]) => `${port} ${n}`).join(', ');
  lines.push(`   connections: pg backends scratch db ${r.pgConnections.scratch}, server ${r.pgConnections.total} | tcp established to ${tcp}`);
  lines.push(`   service RSS MiB: ${Object.entries(r.serviceRssMb).map(([k, v]) => `${k} ${v ?? '-'}`).join(', ')}`);
  return lines.join('\n');
}

function grownSteps(s: SoakSummary): string {
  return Object.entries(s.stepRss).filter(([, g]) => g.growthPercent >= FLAT_PERCENT).map(([step, g]) => `${step} +${g.growthPercent}%`).join(', ');
}

export function summaryBlock(s: SoakSummary, counts: CountCheck | null, facts: { cycles: number; stations: number; minutes: number; loadAverage: number[]; meanLoad1: number }): string {
  const k = s.window;
  const lines = [
    `== soak summary: ${facts.cycles} cycles x ${facts.stations} stations, ${facts.minutes.toFixed(1)} min, load average at end ${load(facts.loadAverage)} (1-min mean over cycles ${facts.meanLoad1.toFixed(2)})`,
    `peak RSS per step, MiB       first ${k}: mean    max | last ${k}: mean    max | growth`,
  ];
  for (const [step, g] of Object.entries(s.stepRss)) {
    const sign = g.growthMb >= 0 ? '+' : '';
    lines.push(`  ${step.padEnd(26)} ${pad(g.first.mean.toFixed(1), 12)} ${pad(g.first.max.toFixed(1), 6)} | ${pad(g.last.mean.toFixed(1), 11)} ${pad(g.last.max.toFixed(1), 6)} | ${sign}${g.growthMb.toFixed(1)} MiB (${sign}${g.growthPercent.toFixed(1)}%)`);
  }
  lines.push(`connections after a cycle    first  last  max of first ${k}  min of last ${k}   (server and tcp counts include every user of the stack)`);
  for (const [name, c] of Object.entries(s.connections)) {
    lines.push(`  ${name.padEnd(26)} ${pad(c.first, 5)} ${pad(c.last, 5)} ${pad(c.firstWindowMax, 15)} ${pad(c.lastWindowMin, 14)}${c.grew ? '  GREW' : ''}`);
  }
  lines.push('service RSS, MiB             first  last  growth');
  for (const [svc, g] of Object.entries(s.serviceRss)) {
    lines.push(`  ${svc.padEnd(26)} ${pad(g.first ?? '-', 5)} ${pad(g.last ?? '-', 5)}  ${g.growthMb === null ? '-' : `${g.growthMb >= 0 ? '+' : ''}${g.growthMb}`}`);
  }
  if (counts) {
    const unequal = counts.perCycle.filter((c) => c.lost > 0).map((c) => c.cycle);
    const perCycle = new Set(counts.perCycle.map((c) => c.staged));
    const stagedLine = perCycle.size === 1 ? `${[...perCycle][0]} in each cycle` : counts.perCycle.map((c) => `${c.cycle}:${c.staged}`).join(' ');
    lines.push(
      `counts: staged ${counts.staged} (${stagedLine}), in Cassandra ${counts.cassandraRows}, Kafka messages ${counts.kafkaMessages}, dead letters ${counts.deadLetters}, ` +
        `lost ${counts.lost}, duplicated ${counts.duplicated}; per cycle staged = Cassandra rows: ${unequal.length === 0 ? 'every cycle' : `NOT in cycles ${unequal.join(',')}`}` +
        (counts.stagedOutsideCycles !== 0 ? `; ${counts.stagedOutsideCycles} readings staged outside the cycles' hours` : ''),
    );
  }
  lines.push(
    `verdict: memory ${s.memoryFlat ? `flat (every step's growth < ${FLAT_PERCENT}%)` : `GREW (${grownSteps(s)}; flat means < ${FLAT_PERCENT}%)`}; ` +
      `connections ${s.connectionsFlat ? 'no growth' : `GREW (${Object.entries(s.connections).filter(([, c]) => c.grew).map(([n]) => n).join(', ')})`}; counts ${counts === null ? 'not checked' : counts.ok ? 'OK' : 'WRONG'}`,
  );
  return lines.join('\n');
}
