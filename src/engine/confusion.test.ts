import { describe, expect, it } from 'vitest';
import { binaryConfusion, confusionMatrix, evaluationMatrix, predictedClass } from './confusion';

describe('confusionMatrix', () => {
  it('counts each (actual, predicted) pair, actual classes as rows', () => {
    expect(confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 2],
    ]);
  });

  it('reads a binary matrix as the named counts runs keep, and back', () => {
    const m = confusionMatrix([0, 0, 0, 1, 1], [0, 1, 1, 1, 0], 2);
    const named = binaryConfusion(m);
    expect(named).toEqual({ tn: 1, fp: 2, fn: 1, tp: 1 });
    expect(evaluationMatrix({ set: 'validation', accuracy: 0.4, loss: 1, count: 5, confusion: named })).toEqual(m);
    expect(evaluationMatrix({ set: 'validation', accuracy: 1, loss: 0, count: 1 })).toBeUndefined();
  });

  it('refuses lists of different lengths', () => {
    expect(() => confusionMatrix([0, 1], [0], 2)).toThrow(RangeError);
  });
});

describe('predictedClass', () => {
  it('takes a sigmoid at 0.5 and a softmax at its largest, the first of equals', () => {
    expect(predictedClass([0.5], 0, 1)).toBe(1);
    expect(predictedClass([0.49], 0, 1)).toBe(0);
    expect(predictedClass([9, 0.2, 0.5, 0.3], 1, 3)).toBe(1);
    expect(predictedClass([0.1, 0.45, 0.45], 0, 3)).toBe(1);
  });
});
