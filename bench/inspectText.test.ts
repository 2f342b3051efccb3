/** `--inspect` without `--json`: every printed number says what it is. */
import { describe, expect, it } from 'vitest';
import type { InspectedLayer, InspectResult } from '../src/engine/inspect/types';
import { inspectText } from './inspectText';

const layer = (steps: number, units: number): InspectedLayer => {
  const rows = Array.from({ length: steps }, () => Array<number>(units).fill(0));
  return { layer: 0, name: 'lstm', kind: 'lstm', units, i: rows, f: rows, o: rows, c: rows, h: rows, steps: rows.map(() => ({ label: 'x', padding: false })) };
};

describe('inspectText', () => {
  it('labels all 26 letter probabilities, most likely first', () => {
    const probabilities = Array.from({ length: 26 }, (_, k) => (k === 3 ? 0.6 : k === 4 ? 0.3 : 0.1 / 24));
    const text = inspectText({ kind: 'letters', input: 'ABC', stateful: false, layers: [layer(5, 12)], probabilities });
    const lines = text.split('\n');
    expect(lines[0]).toBe('inspect: lstm 5 steps × 12 units');
    expect(lines[1]).toBe('next letter after ABC: D (60.0%); every letter, most likely first:');
    // Five rows of letter-probability pairs, every letter once.
    const pairs = lines.slice(2).join(' ').trim().split(/\s+/);
    expect(pairs).toHaveLength(52);
    const letters = pairs.filter((_, k) => k % 2 === 0);
    expect([...letters].sort().join('')).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    expect(letters.slice(0, 2)).toEqual(['D', 'E']);
    expect(pairs.slice(0, 4)).toEqual(['D', '0.600', 'E', '0.300']);
    // No bare list of numbers without letters.
    expect(text).not.toMatch(/(\d\.\d{3} ){3}/);
  });

  it('labels each step of a series', () => {
    const result: InspectResult = {
      kind: 'trend', series: [0.1, 0.5, 0.3, 0.8], layers: [layer(2, 4)], probabilities: [0.7],
      steps: [{ x: 0.3, label: 0, p: 0.25 }, { x: 0.8, label: 0, p: 0.7 }],
    };
    expect(inspectText(result).split('\n')).toEqual([
      'inspect: lstm 2 steps × 4 units',
      'each step: x, P(keeps its direction), what it did',
      '  1. x 0.3  P 0.250  turned',
      '  2. x 0.8  P 0.700  turned',
    ]);
  });

  it('labels each step of a user’s series with its values and the answer after it, unscaled', () => {
    const result: InspectResult = {
      kind: 'series', task: 'next', names: ['level', 'flow'], target: 0, layers: [layer(2, 3)], probabilities: [0.4], answer: 4151.75,
      steps: [{ values: [4135, 12], answer: 4136.01 }, { values: [4138.73, 12.5], answer: 4151.75 }],
    };
    expect(inspectText(result).split('\n')).toEqual([
      'inspect: lstm 2 steps × 3 units',
      'each step read (level, flow), and the model\'s next level had the window ended there',
      '  4135 · 12 → 4136.01',
      '  4138.73 · 12.5 → 4151.75',
    ]);
  });

  it('says a review’s probability of being positive', () => {
    const text = inspectText({ kind: 'review', text: 'great', tokens: [], layers: [layer(3, 2)], probabilities: [0.8123] });
    expect(text).toBe('inspect: lstm 3 steps × 2 units\npositive: 0.812');
  });

  it('names a labelled sentence’s class with every probability, and each word’s share for two classes', () => {
    const result: InspectResult = {
      kind: 'words', text: 'the team', layers: [layer(4, 2)], probabilities: [0.9], predicted: 1,
      tokens: [{ word: 'the', id: 2, status: 'ok' }, { word: 'team', id: 5, status: 'ok' }],
      classes: [{ name: 'food', p: 0.1 }, { name: 'sport', p: 0.9 }],
      attributions: { words: [-0.02, 0.41], start: 0, atInput: 0.9, atBaseline: 0.5, steps: 4, relativeError: 0.01, complete: true },
    };
    expect(inspectText(result).split('\n')).toEqual([
      'inspect: lstm 4 steps × 2 units',
      'class: sport; food 0.100, sport 0.900',
      'attributions (to sport): the -0.020, team 0.410',
    ]);
  });

  it('prints a refusal as its sentence', () => {
    expect(inspectText({ kind: 'invalid', message: 'Only the letters A–Z are allowed (found “1”).' })).toBe('inspect: Only the letters A–Z are allowed (found “1”).');
  });
});
