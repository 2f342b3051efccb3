import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios';
import {
  checkLetters,
  encodeLetters,
  generateAlphabetStateful,
  generateAlphabetVariable,
  indexLetter,
  letterIndex,
} from './alphabet';

const HP = SCENARIOS.alphabet.defaults; // 1000 samples, max_len 5

describe('generateAlphabetVariable', () => {
  const data = generateAlphabetVariable(HP);
  const s = data.train;
  const n = HP.samples;

  it('has the tutorial shapes', () => {
    expect(s.xShape).toEqual([n, HP.seqLength, 1]);
    expect(s.yShape).toEqual([n, 26]);
    expect(s.x).toBeInstanceOf(Float32Array);
    expect(s.x.length).toBe(n * HP.seqLength);
    expect(s.y.length).toBe(n * 26);
    expect(data.validation).toBeUndefined();
  });

  it('scales letters by 1/26 and one-hot encodes the label', () => {
    for (const v of s.x) expect(Number.isInteger(Math.round(v * 26)) && Math.abs(v * 26 - Math.round(v * 26)) < 1e-5).toBe(true);
    for (let i = 0; i < n; i++) {
      const row = s.y.subarray(i * 26, (i + 1) * 26);
      expect(row.reduce((a, b) => a + b, 0)).toBe(1);
    }
  });

  it('every input is a run of consecutive letters, padded with zeros at the front, and the label is the next letter', () => {
    const lengths = new Set<number>();
    for (let i = 0; i < n; i++) {
      const row = Array.from(s.x.subarray(i * 5, i * 5 + 5), (v) => Math.round(v * 26));
      const label = s.y.subarray(i * 26, i * 26 + 26).indexOf(1);
      // The run ends with label - 1 in the last column and counts down towards the front.
      expect(row[4]).toBe(label - 1);
      let length = 0;
      while (length < 5 && row[4 - length] === label - 1 - length) length++;
      // A run that reaches A (0) is indistinguishable from padding after it; that is the tutorial's quirk.
      const reachesA = label - 1 - (length - 1) === 0;
      for (let k = 0; k < 5 - length; k++) expect(row[k]).toBe(0);
      expect(label).toBeGreaterThanOrEqual(1);
      expect(label).toBeLessThanOrEqual(25);
      if (!reachesA) lengths.add(length);
    }
    expect([...lengths].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('covers the tutorial ranges: starts A..X, labels B..Z', () => {
    const labels = new Set<number>();
    for (let i = 0; i < n; i++) labels.add(s.y.subarray(i * 26, i * 26 + 26).indexOf(1));
    expect(Math.min(...labels)).toBe(1); // B, after a run "A"
    expect(Math.max(...labels)).toBe(25); // Z
  });

  it('is deterministic per seed and differs between seeds', () => {
    const again = generateAlphabetVariable(HP).train;
    expect(again.x).toEqual(s.x);
    expect(again.y).toEqual(s.y);
    const other = generateAlphabetVariable({ ...HP, seed: HP.seed + 1 }).train;
    expect(other.x).not.toEqual(s.x);
  });

  it.each([1, 3, 8, 30])('max_len %i bounds the run length', (seqLength) => {
    const t = generateAlphabetVariable({ seed: 3, samples: 300, seqLength }).train;
    expect(t.xShape).toEqual([300, seqLength, 1]);
    for (let i = 0; i < 300; i++) {
      const row = Array.from(t.x.subarray(i * seqLength, (i + 1) * seqLength), (v) => Math.round(v * 26));
      const label = t.y.subarray(i * 26, i * 26 + 26).indexOf(1);
      expect(row[seqLength - 1]).toBe(label - 1);
    }
  });
});

describe('generateAlphabetStateful', () => {
  const s = generateAlphabetStateful().train;
  it('is the 25 pairs A→B … Y→Z in order', () => {
    expect(s.xShape).toEqual([25, 1, 1]);
    expect(s.yShape).toEqual([25, 26]);
    for (let i = 0; i < 25; i++) {
      expect(s.x[i]).toBeCloseTo(i / 26, 7);
      expect(s.y.subarray(i * 26, i * 26 + 26).indexOf(1)).toBe(i + 1);
    }
  });
});

describe('encodeLetters', () => {
  it('matches the training encoding: pre-padded zeros, letter / 26', () => {
    expect(Array.from(encodeLetters('BCD', 5))).toEqual([0, 0, 1 / 26, 2 / 26, 3 / 26].map(Math.fround));
    expect(Array.from(encodeLetters('xyz', 3))).toEqual([23 / 26, 24 / 26, 25 / 26].map(Math.fround));
    expect(Array.from(encodeLetters(' k ', 1))).toEqual([Math.fround(10 / 26)]);
  });

  it('encodes a training sample the same way the generator did', () => {
    const s = generateAlphabetVariable(HP).train;
    for (let i = 0; i < 50; i++) {
      const row = Array.from(s.x.subarray(i * 5, i * 5 + 5), (v) => Math.round(v * 26));
      const text = row.filter((v, k) => v !== 0 || k === 4).map(indexLetter).join('');
      expect(encodeLetters(text, 5)).toEqual(s.x.subarray(i * 5, i * 5 + 5));
    }
  });

  it('letterIndex and indexLetter are inverse', () => {
    for (let k = 0; k < 26; k++) expect(letterIndex(indexLetter(k))).toBe(k);
    expect(indexLetter(0)).toBe('A');
    expect(indexLetter(25)).toBe('Z');
  });
});

describe('checkLetters', () => {
  it.each([
    ['ABC', 5],
    ['abc', 5],
    [' hij ', 3],
    ['Z', 1],
  ])('accepts %j (max %i)', (text, maxLen) => expect(checkLetters(text, maxLen)).toBeUndefined());

  it.each([
    ['', 5, /at least one letter/],
    ['   ', 5, /at least one letter/],
    ['AB1', 5, /A–Z.*“1”/],
    ['A B', 5, /space/],
    ['é', 5, /“É”/],
    ['ABCDEF', 5, /at most 5 letters.*has 6/],
    ['AB', 1, /at most 1 letter;/],
  ])('rejects %j (max %i)', (text, maxLen, message) => expect(checkLetters(text, maxLen)).toMatch(message));
});
