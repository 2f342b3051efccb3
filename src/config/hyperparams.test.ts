import { describe, expect, it } from 'vitest';
import { LAYER_KINDS } from '../engine/spec/layers';
import { CELL_CHOICES, HP_KEYS, HYPERPARAMS } from './hyperparams';

/** Words of our internals that mean nothing to someone who knows Keras (issue 12). */
const JARGON = /typed[- ]arrays?|typed trainer|SIMD|relaxed|kernel|probe|dispatch|tfjs[’']/i;

describe('hyperparameter help', () => {
  it.each(HP_KEYS)('%s: one plain sentence or two, no internals', (key) => {
    const { help } = HYPERPARAMS[key];
    expect(help).not.toMatch(JARGON);
    expect(help.length).toBeLessThan(200);
  });

  it('says that the training subset also shrinks the test set', () => {
    expect(HYPERPARAMS.trainSubset.help).toMatch(/test set/);
  });
});

describe('the recurrent layer choice', () => {
  it('shows each kind by its Keras class name, as the layer table names it', () => {
    for (const cell of CELL_CHOICES) expect(HYPERPARAMS.cell.labels?.[cell]).toBe(LAYER_KINDS[cell].className);
  });
});
