import { describe, expect, it } from 'vitest';
import type { LabelledTexts } from './labelledTexts';
import { problemOf } from './problem';
import { textClassificationData, validationIndices } from './textClassification';

const labelled = (pairs: [string, number][], classNames: string[]): LabelledTexts => ({
  texts: pairs.map(([t]) => t), labels: Int32Array.from(pairs.map(([, l]) => l)), classNames, sources: pairs.map(() => ({ file: 'f.csv' })),
});

describe('labelled texts → a dataset', () => {
  it('keeps the last fraction of each class for validation (stratified), or of all samples (last)', () => {
    const labels = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]); // sorted by label, as a folder is
    const s = validationIndices(labels, 2, 0.25, 'stratified');
    expect(Array.from(s.validation)).toEqual([3, 7]);
    expect(Array.from(s.train)).toEqual([0, 1, 2, 4, 5, 6]);
    expect(Array.from(validationIndices(labels, 2, 0.25, 'last').validation)).toEqual([6, 7]);
    expect(validationIndices(labels, 2, 0, 'stratified').validation).toHaveLength(0);
    expect(() => validationIndices(labels, 2, 1, 'last')).toThrow(RangeError);
  });

  it('fits the tokenizer on the training texts only, pads as pad_sequences, and gives 0/1 targets for two classes', () => {
    const data = textClassificationData('f.csv', labelled([['good good film', 1], ['bad film', 0], ['good', 1], ['awful', 0]], ['neg', 'pos']), { maxlen: 3, validationSplit: 0.5 });
    // Training: "good good film" and "bad film" (the first half of each class).
    expect([...data.tokenizer.wordIndex]).toEqual([['good', 1], ['film', 2], ['bad', 3]]);
    expect(Array.from(data.dataset.train.x)).toEqual([1, 1, 2, 0, 3, 2]);
    expect(data.dataset.train.yShape).toEqual([2, 1]);
    expect(Array.from(data.dataset.train.y)).toEqual([1, 0]);
    // "awful" was never seen in training: dropped (no OOV token), leaving a row of padding.
    expect(Array.from(data.dataset.validation!.x)).toEqual([0, 0, 1, 0, 0, 0]);
    expect(Array.from(data.validationIndices)).toEqual([2, 3]);
  });

  it('gives one-hot targets for three classes and takes tokenizer settings', () => {
    const data = textClassificationData('f.csv', labelled([['a b', 0], ['c', 1], ['d e f', 2]], ['x', 'y', 'z']), { maxlen: 2, validationSplit: 0, tokenizer: { oovToken: '?' }, padding: 'post', truncating: 'post' });
    expect(data.dataset.validation).toBeUndefined();
    expect(data.dataset.train.yShape).toEqual([3, 3]);
    expect(Array.from(data.dataset.train.y)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(Array.from(data.dataset.train.x)).toEqual([2, 3, 4, 0, 5, 6]);
  });

  it.each([
    ['last', 0.5, [['a', 0], ['b', 1]], 'f.csv: the training part has no sample of “pos”; add samples of it or change the validation split.'],
    ['stratified', 0.2, [['a', 0], ['b', 1]], 'f.csv: there are 2 samples, too few to keep 20% for validation and train on the rest; add samples or change the validation split.'],
  ] as const)('refuses too few samples (%s, split %s)', (order, split, pairs, message) => {
    try {
      textClassificationData('f.csv', labelled(pairs.map(([t, l]) => [t, l]), ['neg', 'pos']), { maxlen: 4, validationSplit: split, validationOrder: order });
      throw new Error('not refused');
    } catch (e) {
      expect(problemOf(e)?.message).toBe(message);
    }
  });
});
