import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/runConfig';
import { generateAlphabetVariable } from '../engine/data/alphabet';
import { letterCoverage } from './letterCoverage';

const seen = (coverage: ReturnType<typeof letterCoverage>, text: string) => coverage!.judge(text)?.seen;

describe('letterCoverage, variable-length alphabet', () => {
  const config = defaultConfig('alphabet');
  const coverage = letterCoverage(config);

  it('marks "Z" and a lone "Y", which its training data never holds', () => {
    expect(seen(coverage, 'Z')).toBe(false);
    expect(seen(coverage, 'y')).toBe(false);
    expect(coverage!.judge('Z')).toEqual({ seen: false, why: expect.stringMatching(/never holds “Z”.*guess/) });
  });

  it('knows every input the generator produced, with the run’s seed and sizes', () => {
    const small = { ...config, hp: { ...config.hp, samples: 40, seed: 3, seqLength: 4 } };
    const c = letterCoverage(small)!;
    const { x } = generateAlphabetVariable(small.hp).train;
    for (let r = 0; r < 40; r++) {
      const letters = Array.from(x.subarray(r * 4, r * 4 + 4), (v) => Math.round(v * 26))
        .filter((v, i, all) => v > 0 || all.slice(0, i).some((u) => u > 0))
        .map((v) => String.fromCharCode(65 + v))
        .join('');
      expect(c.judge(letters || 'A'), letters).toEqual({ seen: true });
    }
    // Fewer samples, fewer known inputs: coverage follows the data, not a fixed list.
    const known = (cov: typeof c) => 'ABCDEFGHIJKLMNOPQRSTUVWX'.split('').filter((l) => cov.judge(l)?.seen).length;
    expect(known(c)).toBeLessThan(known(coverage!));
  });

  it('leaves input the model cannot take to the engine’s message', () => {
    expect(coverage!.judge('ABCDEFG')).toBeNull(); // longer than seqLength 5
    expect(coverage!.judge('A1')).toBeNull();
  });
});

describe('letterCoverage, stateful alphabet', () => {
  const coverage = letterCoverage(defaultConfig('alphabet-stateful'))!;

  it.each([
    ['A', true], ['ABC', true], ['abcdefghijklmnopqrstuvwxy', true],
    // Runs that do not start at A were never fed from a reset state: "K" → "B" is a guess.
    ['K', false], ['BCD', false], ['ACE', false], ['Z', false],
  ])('%s seen: %s', (text, want) => {
    expect(seen(coverage, text)).toBe(want);
  });

  it('says where the user types that runs start at A, and shows an example it knows', () => {
    expect(coverage.hint).toMatch(/start at “A”/);
    expect(coverage.example).toBe('ABC');
  });
});

it('has nothing to say about other tutorials', () => {
  expect(letterCoverage(defaultConfig('trend'))).toBeNull();
});
