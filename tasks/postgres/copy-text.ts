/** Values -> lines of PostgreSQL's COPY text format (tab-separated, \N for null, backslash escapes). */
export type CopyValue = string | number | boolean | Date | null | undefined;

function escape(text: string): string {
  return text.replace(/[\\\n\r\t\u0000]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return '\ufffd'; // PostgreSQL text cannot hold NUL
    }
  });
}

export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`COPY cannot encode the number ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return escape(value);
}

export function copyLine(values: CopyValue[]): string {
  return `${values.map(copyField).join('\t')}\n`;
}
