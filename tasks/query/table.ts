/**
 * Plain-text tables for `aqi query` on a terminal: one header, aligned columns, numbers
 * right-aligned, long cells cut with an ellipsis. Pure, so the layout is unit-tested.
 */
export interface Column<R> {
  header: string;
  value: (row: R) => unknown;
  /** Right-align (numbers). */
  right?: boolean;
  maxWidth?: number;
}

export function formatCell(v: unknown): string {
  if (v === null || v === undefined) return '-';
  if (v instanceof Date) return v.toISOString().replace(/:00\.000Z$/, 'Z').replace('.000Z', 'Z');
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(1);
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}:${formatCell(x)}`)
      .join(' ');
  }
  return String(v).replace(/\s+/g, ' ');
}

const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1))}…`);

export function renderTable<R>(columns: ReadonlyArray<Column<R>>, rows: readonly R[]): string {
  const cells = rows.map((r) => columns.map((c) => cut(formatCell(c.value(r)), c.maxWidth ?? 40)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]?.right ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
  if (rows.length === 0) out.push('(no rows)');
  return `${out.join('\n')}\n`;
}
