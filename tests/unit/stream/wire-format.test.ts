import { frame, unframe, WireFormatError } from '../../../tasks/registry/wire-format';

describe('Confluent wire format', () => {
  it.each([[0], [1], [258], [0x7fffffff], [0xffffffff]])('round-trips schema id %p', (id) => {
    const body = Buffer.from([1, 2, 3]);
    const framed = frame(id, body);
    expect(framed[0]).toBe(0);
    expect(framed.readUInt32BE(1)).toBe(id);
    expect(unframe(framed)).toEqual({ schemaId: id, body });
  });

  it('writes the id big-endian', () => {
    expect([...frame(0x01020304, Buffer.alloc(0))]).toEqual([0, 1, 2, 3, 4]);
  });

  it.each([
    ['null', null, 'MESSAGE_EMPTY'],
    ['empty', Buffer.alloc(0), 'MESSAGE_EMPTY'],
    ['short', Buffer.from([0, 0, 1]), 'MESSAGE_TRUNCATED'],
    ['wrong magic', Buffer.from([1, 0, 0, 0, 1, 9]), 'MAGIC_BYTE_UNKNOWN'],
    ['json text', Buffer.from('{"station_id":1}'), 'MAGIC_BYTE_UNKNOWN'],
  ])('rejects %s', (_name, input, code) => {
    expect(() => unframe(input)).toThrow(WireFormatError);
    try {
      unframe(input);
    } catch (err) {
      expect((err as WireFormatError).code).toBe(code);
    }
  });

  it.each([[-1], [1.5], [2 ** 32]])('refuses schema id %p', (id) => {
    expect(() => frame(id, Buffer.alloc(0))).toThrow(WireFormatError);
  });
});
