import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios';
import { MEMORY_KEYS, MEMORY_SYMBOLS } from '../../scenarios/memory';
import { createRng } from '../rng';
import { checkMemory, encodeMemory, generateMemory, letterOf, memorySequence } from './memory';

const SYMBOLS = MEMORY_SYMBOLS.length;

/** The symbols of sample `i`, read back from its one-hot rows ('' for an all-zero row). */
function decode(x: Float32Array, i: number, steps: number): string {
  let s = '';
  for (let t = 0; t < steps; t++) {
    const row = x.subarray((i * steps + t) * SYMBOLS, (i * steps + t + 1) * SYMBOLS);
    const hot = row.findIndex((v) => v === 1);
    s += hot < 0 ? '' : MEMORY_SYMBOLS[hot];
  }
  return s;
}

describe('generateMemory', () => {
  const hp = { seed: 3, samples: 400, seqLength: 9 };
  const { train } = generateMemory(hp);

  it('makes one-hot sequences of digits with one letter, labelled with the letter, at every distance', () => {
    expect(train.xShape).toEqual([400, 9, SYMBOLS]);
    expect(train.yShape).toEqual([400, MEMORY_KEYS.length]);
    const distances = new Set<number>();
    for (let i = 0; i < 400; i++) {
      const s = decode(train.x as Float32Array, i, 9);
      expect(s).toMatch(/^[0-9]*[A-D][0-9]*$/);
      expect(s).toHaveLength(9);
      const { letter, distance } = letterOf(s);
      distances.add(distance);
      const label = Array.from(train.y.subarray(i * 4, i * 4 + 4));
      expect(label).toEqual([...MEMORY_KEYS].map((k) => (k === letter ? 1 : 0)));
    }
    // The letter's place is uniform: every distance from 0 to 8 steps occurs.
    expect([...distances].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // Every row holds exactly one symbol.
    for (let r = 0; r < 400 * 9; r++) expect(Array.from(train.x.subarray(r * SYMBOLS, (r + 1) * SYMBOLS)).reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('draws every first letter about as often, so chance is a quarter', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 400; i++) counts[train.y.subarray(i * 4, i * 4 + 4).indexOf(1)]++;
    for (const c of counts) expect(c).toBeGreaterThan(70);
  });

  it('is the same for the same seed and differs for another', () => {
    expect(generateMemory(hp).train.x).toEqual(train.x);
    expect(generateMemory({ ...hp, seed: 4 }).train.x).not.toEqual(train.x);
  });

  it('fits the card’s model at its defaults', () => {
    const s = SCENARIOS.memory;
    const data = generateMemory(s.defaults).train;
    expect(data.xShape.slice(1)).toEqual(s.model(s.defaults).inputShape);
  });
});

describe('a typed sequence', () => {
  it('is encoded as the training data is, a shorter one after all-zero steps', () => {
    const seq = memorySequence(9, createRng(1));
    const one = generateMemory({ seed: 1, samples: 1, seqLength: 9 }).train.x;
    expect(encodeMemory(seq, 9)).toEqual(one);
    const short = encodeMemory('1c 2', 5);
    expect(decode(short, 0, 5)).toBe('1C2');
    expect(Array.from(short.subarray(0, 2 * SYMBOLS)).every((v) => v === 0)).toBe(true);
  });

  it.each<[string, RegExp]>([
    ['', /Type digits with one letter A–D among them/],
    ['E123', /Only the letters A–D and the digits 0–9 are read \(found “E”\)/],
    ['12x4', /found “X”/],
    ['1234', /exactly one letter A–D among the digits \(found none\)/],
    ['1A2B', /exactly one letter A–D among the digits \(found 2\)/],
    ['A' + '1'.repeat(10), /reads 10 symbols/],
  ])('refuses %j with a sentence', (text, message) => {
    expect(checkMemory(text, 10)).toMatch(message);
  });

  it('accepts a letter alone, spaces and lower case', () => {
    expect(checkMemory('b', 10)).toBeUndefined();
    expect(checkMemory(' 12 a 34 ', 10)).toBeUndefined();
  });
});
