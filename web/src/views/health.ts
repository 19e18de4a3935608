import { getJson } from '../api';
import type { View } from '../context';
import { errorBox, h, table } from '../dom';

type Part<T> = { ok: true; value: T } | { ok: false; error: string };
interface Health {
  generatedAt: string;
  dagRuns: Part<{ dagId: string; runId: string; state: string; logicalDate: string | null; startDate: string | null; endDate: string | null; tasks: { taskId: string; state: string | null; mapIndex: number }[] }[]>;
  consumerLag: Part<{ topic: string; group: string; partition: number; committed: number | null; end: number; lag: number }[]>;
  schemas: Part<{ subject: string; version: number; id: number }[]>;
  stageRows: Part<Record<string, number>>;
  fetchRuns: Part<{ runId: string; intervalStart: string; status: string; finishedAt: string | null; planned: number | null; gaveUp: number; gaveUpTargets: { ref: string; reason: string; message: string }[] }[]>;
  deadLetters: Part<{ topic: string; messages: number }>;
}

const chip = (state: string | null) => h('span', { class: `chip state-${state ?? 'none'}` }, state ?? 'none');
const time = (t: string | null) => (t ? t.replace('T', ' ').slice(0, 19) : '');

/** Pipeline health: each block shows its data or why its service could not answer. */
export const healthView: View = async (root) => {
  root.append(h('h2', {}, 'Pipeline health'));
  let health: Health;
  try {
    health = await getJson<Health>('/api/health');
  } catch (err) {
    root.append(errorBox(err));
    return;
  }
  root.append(h('p', { class: 'note' }, `As of ${time(health.generatedAt)} UTC.`));
  block(root, 'Last DAG runs', 'dag-runs', health.dagRuns, (runs) => table(
    ['DAG', 'Run', 'State', 'Started', 'Ended', 'Tasks'],
    runs.map((r) => [r.dagId, r.runId, chip(r.state), time(r.startDate), time(r.endDate),
      h('span', {}, ...r.tasks.map((t) => h('span', { title: t.taskId }, `${t.taskId}${t.mapIndex >= 0 ? `[${t.mapIndex}]` : ''} `, chip(t.state), ' ')))]),
  ));
  block(root, 'Kafka consumer lag', 'consumer-lag', health.consumerLag, (rows) => table(
    ['Topic', 'Group', 'Partition', 'Committed', 'End', 'Lag'],
    rows.map((r) => [r.topic, r.group, r.partition, r.committed ?? '-', r.end, r.lag]), [2, 3, 4, 5],
  ));
  block(root, 'Schemas in the registry', 'schemas', health.schemas, (rows) => h('div', { class: 'scroll' },
    h('p', { class: 'note' }, `${rows.length} subjects, latest version of each.`),
    table(['Subject', 'Version', 'Id'], rows.map((r) => [r.subject, r.version, r.id]), [1, 2]),
  ));
  block(root, 'Rows per stage', 'stage-rows', health.stageRows, (counts) => table(
    ['Stage', 'Rows'], Object.entries(counts).map(([k, n]) => [k, n.toLocaleString('en')]), [1],
  ));
  // A run completes with a few broken stations given up: a data-quality fact shown here.
  block(root, 'Last fetch runs', 'fetch-runs', health.fetchRuns, (runs) => table(
    ['Run', 'Interval', 'Status', 'Targets', 'Given up', 'Stations given up'],
    runs.map((r) => [r.runId, time(r.intervalStart), chip(r.status), r.planned ?? '-', r.gaveUp,
      h('span', {}, ...r.gaveUpTargets.map((t) => h('span', { class: 'chip', title: t.message }, `${t.ref} ${t.reason}`)),
        r.gaveUp > r.gaveUpTargets.length ? ` and ${r.gaveUp - r.gaveUpTargets.length} more` : '')]), [3, 4],
  ));
  block(root, 'Dead letters', 'dead-letters', health.deadLetters, (d) => table(
    ['Topic', 'Messages'], [[d.topic, d.messages.toLocaleString('en')]], [1],
  ));
};

function block<T>(root: HTMLElement, title: string, id: string, part: Part<T>, render: (v: T) => HTMLElement): void {
  const panel = h('section', { class: 'panel', 'data-block': id }, h('h3', {}, title));
  panel.append(part.ok ? render(part.value) : h('p', { class: 'error' }, `unavailable: ${part.error}`));
  root.append(panel);
}
