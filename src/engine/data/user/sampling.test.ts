import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../rng';
import { argmax, sampleWithTemperature, topK } from './sampling';

const fixed = (u: number): Rng => ({ ...createRng(0), next: () => u });

describe('sampling with temperature', () => {
  it('draws from the probabilities at temperature 1', () => {
    const p = [0.1, 0.6, 0.3];
    expect([0.05, 0.5, 0.95].map((u) => sampleWithTemperature(p, 1, fixed(u)))).toEqual([0, 1, 2]);
  });

  it('sharpens below 1: p ** (1 / T), renormalised', () => {
    // At 0.5: 0.01, 0.36, 0.09 of 0.46, so the cumulative shares are 0.0217, 0.8043, 1.
    const p = [0.1, 0.6, 0.3];
    expect([0.02, 0.8, 0.81].map((u) => sampleWithTemperature(p, 0.5, fixed(u)))).toEqual([0, 1, 2]);
  });

  it('takes the most likely at temperature 0, and never draws a zero', () => {
    expect(sampleWithTemperature([0.2, 0.5, 0.3], 0, fixed(0.99))).toBe(1);
    expect(sampleWithTemperature([0, 1, 0], 2, fixed(0.999))).toBe(1);
    expect(sampleWithTemperature([0.5, 0.5, 0], 1, fixed(0.9999999999))).toBe(1);
    expect(() => sampleWithTemperature([1], -1, fixed(0))).toThrow(RangeError);
  });

  it('matches the probabilities over many draws, and a seed repeats them', () => {
    const p = [0.2, 0.5, 0.3];
    const rng = createRng(7);
    const counts = [0, 0, 0];
    for (let i = 0; i < 20_000; i++) counts[sampleWithTemperature(p, 1, rng)]++;
    counts.forEach((c, k) => expect(Math.abs(c / 20_000 - p[k])).toBeLessThan(0.015));
    const draws = (seed: number) => { const r = createRng(seed); return Array.from({ length: 20 }, () => sampleWithTemperature(p, 1.2, r)); };
    expect(draws(3)).toEqual(draws(3));
  });

  it('argmax and the top k', () => {
    expect(argmax([0.1, 0.7, 0.2])).toBe(1);
    expect(topK([0.1, 0.3, 0.3, 0.3], 2)).toEqual([{ index: 1, probability: 0.3 }, { index: 2, probability: 0.3 }]);
  });
});
