import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { csvField, csvHeader, csvRow, encoder, jsonObject, type Column } from '../../../tasks/serve/encode';

interface Row { id: number; name: string | null; at: Date; v: number }
const COLUMNS: Column<Row>[] = [
  { name: 'id', type: 'integer', description: '', get: (r) => r.id },
  { name: 'name', type: 'string', description: '', get: (r) => r.name },
  { name: 'at', type: 'timestamp', description: '', get: (r) => r.at },
  { name: 'v', type: 'number', description: '', get: (r) => r.v },
];
const at = new Date('2026-11-23T10:00:00Z');

describe('csvField quotes per RFC 4180', () => {
  test.each([
    [null, ''],
    [undefined, ''],
    [42, '42'],
    [-1.5, '-1.5'],
    [Number.NaN, ''],
    [Number.POSITIVE_INFINITY, ''],
    [true, 'true'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    [at, '2026-11-23T10:00:00.000Z'],
    [{ a: 1 }, '"{""a"":1}"'],
    ['Zürich, Kreis 4', '"Zürich, Kreis 4"'],
  ])('%p -> %p', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

test('csv header and rows end with CRLF', () => {
  expect(csvHeader(COLUMNS)).toBe('id,name,at,v\r\n');
  expect(csvRow(COLUMNS, { id: 1, name: 'A, B', at, v: 2.5 })).toBe('1,"A, B",2026-11-23T10:00:00.000Z,2.5\r\n');
});

test('jsonObject keeps column order and turns missing or non-finite values into null', () => {
  const o = jsonObject(COLUMNS, { id: 1, name: null, at, v: Number.NaN });
  expect(Object.keys(o)).toEqual(['id', 'name', 'at', 'v']);
  expect(o).toEqual({ id: 1, name: null, at: '2026-11-23T10:00:00.000Z', v: null });
});

describe('encoder frames a stream of rows', () => {
  const rows: Row[] = [
    { id: 1, name: 'x', at, v: 1 },
    { id: 2, name: 'y "q"', at, v: 2 },
  ];
  const run = (format: 'csv' | 'json', input: Row[]) => text(Readable.from(input).pipe(encoder(format, COLUMNS)));

  test('csv with rows', async () => {
    expect(await run('csv', rows)).toBe(
      'id,name,at,v\r\n1,x,2026-11-23T10:00:00.000Z,1\r\n2,"y ""q""",2026-11-23T10:00:00.000Z,2\r\n',
    );
  });
  test('csv without rows still has its header', async () => {
    expect(await run('csv', [])).toBe('id,name,at,v\r\n');
  });
  test('json is one parseable array', async () => {
    expect(JSON.parse(await run('json', rows))).toEqual(rows.map((r) => ({ ...r, at: at.toISOString() })));
  });
  test('json without rows is an empty array', async () => {
    expect(JSON.parse(await run('json', []))).toEqual([]);
  });
});
