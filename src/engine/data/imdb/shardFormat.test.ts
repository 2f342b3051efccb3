import { describe, expect, it } from 'vitest';
import { DataFileError } from './errors';
import { SHARD_HEADER_BYTES, concatBlocks, decodeShard, encodeShard, type ShardReview } from './shardFormat';

const reviews: ShardReview[] = [
  { label: 1, ids: [1, 3, 4, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 0x7fffffff] },
  { label: 0, ids: [] },
  { label: 0, ids: [1, 2] },
];

const unpack = (b: ReturnType<typeof decodeShard>) =>
  Array.from(b.labels, (label, i) => ({ label, ids: Array.from(b.tokens.subarray(b.offsets[i], b.offsets[i + 1])) }));

describe('shard format', () => {
  it('round-trips labels and ids, including every varint width', () => {
    const bytes = encodeShard(reviews);
    expect(unpack(decodeShard(bytes))).toEqual(reviews.map((r) => ({ label: r.label, ids: Array.from(r.ids) })));
  });

  it('has the documented header and size', () => {
    const bytes = encodeShard(reviews);
    const view = new DataView(bytes.buffer);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('IMDB');
    expect(view.getUint16(4, true)).toBe(1);
    expect(view.getUint32(8, true)).toBe(3);
    expect(view.getUint32(12, true)).toBe(12);
    // Varint widths 1,1,1,1,2,2,3,3,4,5 | 1,1.
    expect(view.getUint32(16, true)).toBe(23 + 2);
    expect(bytes.length).toBe(SHARD_HEADER_BYTES + 5 * 3 + 25);
  });

  it('round-trips an empty shard', () => {
    expect(unpack(decodeShard(encodeShard([])))).toEqual([]);
  });

  it('is deterministic', () => {
    expect(encodeShard(reviews)).toEqual(encodeShard(reviews));
  });

  it('decodes from a view that does not start at offset 0', () => {
    const bytes = encodeShard(reviews);
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    expect(unpack(decodeShard(padded.subarray(3)))).toEqual(unpack(decodeShard(bytes)));
  });

  it('refuses ids it cannot store', () => {
    expect(() => encodeShard([{ label: 0, ids: [-1] }])).toThrow(RangeError);
    expect(() => encodeShard([{ label: 0, ids: [2 ** 31] }])).toThrow(RangeError);
    expect(() => encodeShard([{ label: 0, ids: [1.5] }])).toThrow(RangeError);
  });

  const damaged: { name: string; damage: (b: Uint8Array) => Uint8Array }[] = [
    { name: 'too short for a header', damage: (b) => b.slice(0, 10) },
    { name: 'wrong magic', damage: (b) => (b[0] = 0x58, b) },
    { name: 'wrong version', damage: (b) => (b[4] = 9, b) },
    { name: 'truncated payload', damage: (b) => b.slice(0, -1) },
    { name: 'extra bytes', damage: (b) => Uint8Array.from([...b, 0]) },
    { name: 'lengths disagree with the total', damage: (b) => (b[SHARD_HEADER_BYTES] += 1, b) },
    { name: 'label out of range', damage: (b) => (b[SHARD_HEADER_BYTES + 12] = 7, b) },
    { name: 'varint runs off the end', damage: (b) => (b[b.length - 1] |= 0x80, b) },
  ];

  it.each(damaged)('rejects a shard with $name as bad-format', ({ damage }) => {
    const bytes = damage(encodeShard(reviews));
    try {
      decodeShard(bytes, 'imdb/train-000.bin');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DataFileError);
      expect((e as DataFileError).problem).toBe('bad-format');
      expect((e as DataFileError).message).toContain('imdb/train-000.bin');
    }
  });

  it('concatenates blocks end to end', () => {
    const a = decodeShard(encodeShard(reviews.slice(0, 2)));
    const b = decodeShard(encodeShard(reviews.slice(2)));
    expect(unpack(concatBlocks([a, b]))).toEqual(unpack(decodeShard(encodeShard(reviews))));
  });
});
