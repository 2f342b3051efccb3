import { describe, expect, it } from 'vitest';
import { declaredShapeProblem, fileSizeProblem, manifestPathProblem, nonFiniteProblem } from './weightChecks';

describe('manifestPathProblem', () => {
  it.each(['weights.bin', 'group1-shard1of2.bin', 'sub/weights.bin', 'my model.weights.bin', 'ünïcode.bin'])('takes %s', (path) => {
    expect(manifestPathProblem(path)).toBeNull();
  });
  it.each([
    ['', /empty/],
    ['../weights.bin', /leads outside/],
    ['a/../../b.bin', /leads outside/],
    ['./weights.bin', /leads outside/],
    ['a//b.bin', /leads outside/],
    ['..', /leads outside/],
    ['/etc/hostname', /is absolute/],
    ['C:\\weights.bin', /holds a character/],
    ['..\\weights.bin', /holds a character/],
    ['file:///etc/hostname', /holds a character/],
    ['%2e%2e/weights.bin', /holds a character/],
    ['weights.bin?x=1', /holds a character/],
    ['weights.bin\u0000.png', /holds a character/],
  ])('refuses %j', (path, message) => {
    expect(manifestPathProblem(path)).toMatch(message);
  });
});

describe('weight checks', () => {
  it('a declared shape must be the model’s, rank included', () => {
    expect(declaredShapeProblem('k', [2, 3], [2, 3])).toBeNull();
    expect(declaredShapeProblem('k', [6], [2, 3])).toBe('Weight “k” is declared as [6], but the model needs [2, 3].');
  });
  it('counts NaN and infinite values apart, and says where the first is', () => {
    expect(nonFiniteProblem('b', new Float32Array([1, 2]))).toBeNull();
    expect(nonFiniteProblem('b', new Float32Array([1, NaN, Infinity, NaN]))).toBe(
      'Weight “b” holds 2 NaN and 1 infinite values (the first at index 1): the model diverged and cannot be loaded.',
    );
  });
  it('refuses a file larger than any model the lab trains', () => {
    expect(fileSizeProblem(5e8)).toBeNull();
    expect(fileSizeProblem(3.2e9)).toBe('The file is 3.2 GB, larger than any model this lab trains (at most 1 GB).');
  });
});
