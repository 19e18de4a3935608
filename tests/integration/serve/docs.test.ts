import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALERT_COLUMNS, READING_COLUMNS, WINDOW_COLUMNS } from '../../../tasks/serve/export-columns';
import { ROOT } from '../support/stack';

// BI users build on docs/dashboard.md: every exported column must be listed there, with its type, in order.
const doc = readFileSync(join(ROOT, 'docs', 'dashboard.md'), 'utf8');

test.each([
  ['readings', READING_COLUMNS],
  ['windows', WINDOW_COLUMNS],
  ['alerts', ALERT_COLUMNS],
] as const)('docs list every %s column with its type, in export order', (name, columns) => {
  const section = doc.split(`### ${name} (`)[1]?.split('\n### ')[0] ?? '';
  const rows = [...section.matchAll(/^\| `([a-z0-9_]+)` \| ([a-z]+) \|/gm)].map((m) => `${m[1]}:${m[2]}`);
  expect(rows).toEqual(columns.map((c) => `${c.name}:${c.type}`));
});
