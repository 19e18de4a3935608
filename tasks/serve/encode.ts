import { Transform } from 'node:stream';

/**
 * Streaming encoders for exports: one row in, one chunk out, so a year of data never
 * sits in memory. The pure functions build the text; the Transform only frames it.
 */
export type CellType = 'string' | 'integer' | 'number' | 'timestamp' | 'date' | 'boolean';

export interface Column<R> {
  name: string;
  type: CellType;
  /** Documented meaning; docs/dashboard.md lists the same columns. */
  description: string;
  get: (row: R) => unknown;
}

/** RFC 4180: quote a field that holds a comma, quote, CR or LF; double inner quotes. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) return '';
  const s = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader<R>(columns: readonly Column<R>[]): string {
  return `${columns.map((c) => csvField(c.name)).join(',')}\r\n`;
}

export function csvRow<R>(columns: readonly Column<R>[], row: R): string {
  return `${columns.map((c) => csvField(c.get(row))).join(',')}\r\n`;
}

/** A plain JSON object with the columns' names, in column order; non-finite numbers become null. */
export function jsonObject<R>(columns: readonly Column<R>[], row: R): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    const v = c.get(row);
    out[c.name] = v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

export type ExportFormat = 'csv' | 'json';

/**
 * Frames rows as CSV (header first, even with no rows) or as one JSON array written
 * element by element (`[`, rows separated by `,\n`, `]`), which Power BI and Grafana's
 * JSON sources read as a table.
 */
export function encoder<R>(format: ExportFormat, columns: readonly Column<R>[]): Transform {
  let first = true;
  return new Transform({
    writableObjectMode: true,
    readableObjectMode: false,
    // Bounded buffering on both sides keeps memory flat when the client reads slowly.
    writableHighWaterMark: 256,
    transform(row: R, _enc, done) {
      let chunk: string;
      if (format === 'csv') chunk = (first ? csvHeader(columns) : '') + csvRow(columns, row);
      else chunk = (first ? '[\n' : ',\n') + JSON.stringify(jsonObject(columns, row));
      first = false;
      done(null, chunk);
    },
    flush(done) {
      if (format === 'csv') done(null, first ? csvHeader(columns) : '');
      else done(null, first ? '[]\n' : '\n]\n');
    },
  });
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};
