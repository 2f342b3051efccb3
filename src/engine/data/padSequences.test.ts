import { describe, expect, it } from 'vitest';
import { padSequences, type PadOptions } from './padSequences';

const A = [[1], [1, 2], [1, 2, 3]];

/** Each row: input, options, and the matrix Keras' `pad_sequences` returns for them. */
const CASES: { name: string; seqs: ArrayLike<number>[]; opts?: PadOptions; expected: number[][] }[] = [
  { name: 'defaults: pre-padding to the longest', seqs: A, expected: [[0, 0, 1], [0, 1, 2], [1, 2, 3]] },
  { name: 'padding pre', seqs: A, opts: { maxlen: 3, padding: 'pre' }, expected: [[0, 0, 1], [0, 1, 2], [1, 2, 3]] },
  { name: 'padding post', seqs: A, opts: { maxlen: 3, padding: 'post' }, expected: [[1, 0, 0], [1, 2, 0], [1, 2, 3]] },
  { name: 'truncating pre keeps the end', seqs: A, opts: { maxlen: 2, truncating: 'pre' }, expected: [[0, 1], [1, 2], [2, 3]] },
  { name: 'truncating post keeps the start', seqs: A, opts: { maxlen: 2, truncating: 'post' }, expected: [[0, 1], [1, 2], [1, 2]] },
  {
    name: 'truncating post with padding post',
    seqs: A,
    opts: { maxlen: 2, truncating: 'post', padding: 'post' },
    expected: [[1, 0], [1, 2], [1, 2]],
  },
  { name: 'custom value', seqs: A, opts: { maxlen: 3, value: 1 }, expected: [[1, 1, 1], [1, 1, 2], [1, 2, 3]] },
  { name: 'value -1, post', seqs: A, opts: { maxlen: 4, value: -1, padding: 'post' }, expected: [[1, -1, -1, -1], [1, 2, -1, -1], [1, 2, 3, -1]] },
  { name: 'longer maxlen than any sequence', seqs: [[5, 6]], opts: { maxlen: 5 }, expected: [[0, 0, 0, 5, 6]] },
  { name: 'empty sequence becomes all padding', seqs: [[], [7]], opts: { maxlen: 2, value: 9 }, expected: [[9, 9], [9, 7]] },
  { name: 'empty sequences, no maxlen', seqs: [[], []], expected: [[], []] },
  { name: 'empty input', seqs: [], expected: [] },
  { name: 'empty input with maxlen', seqs: [], opts: { maxlen: 4 }, expected: [] },
  { name: 'typed-array rows', seqs: [Int32Array.of(3, 4, 5), Float32Array.of(1)], opts: { maxlen: 2 }, expected: [[4, 5], [0, 1]] },
  { name: 'int32 cuts floats toward zero', seqs: [[1.7, -2.7]], expected: [[1, -2]] },
  { name: 'float32 keeps floats', seqs: [[0.5], [0.25, 0.75]], opts: { dtype: 'float32' }, expected: [[0, 0.5], [0.25, 0.75]] },
];

describe('padSequences (Keras pad_sequences semantics)', () => {
  it.each(CASES)('$name', ({ seqs, opts, expected }) => {
    const out = padSequences(seqs, opts);
    const width = expected[0]?.length ?? opts?.maxlen ?? 0;
    expect(out.length).toBe(expected.length * width);
    const rows = expected.map((_, r) => Array.from(out.subarray(r * width, (r + 1) * width)));
    expect(rows).toEqual(expected);
  });

  it('returns the requested dtype (int32 by default)', () => {
    expect(padSequences(A)).toBeInstanceOf(Int32Array);
    expect(padSequences(A, { dtype: 'int32' })).toBeInstanceOf(Int32Array);
    expect(padSequences(A, { dtype: 'float32' })).toBeInstanceOf(Float32Array);
  });

  it('does not modify its input', () => {
    const seqs = [[1, 2, 3, 4]];
    padSequences(seqs, { maxlen: 2 });
    expect(seqs).toEqual([[1, 2, 3, 4]]);
  });

  it.each([-1, 1.5, Number.NaN])('rejects maxlen %s', (maxlen) => {
    expect(() => padSequences(A, { maxlen })).toThrow(RangeError);
  });
});
