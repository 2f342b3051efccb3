/**
 * Keras 2's `GlobalAveragePooling1D()` in float64, written for clarity: [batch, steps, features]
 * → [batch, features], the mean over the steps. It supports masking: behind an
 * `Embedding(mask_zero=True)` it is Keras' `sum(x · mask) / sum(mask)` over the steps, the mean of
 * a row's real steps only, so padding never dilutes it and a padded and an unpadded review pool
 * to the same vector. The typed layer (`../typed/globalPooling.ts`) is held to this.
 *
 * Layout as `sequence.ts`: x is batch-major, (b, t, f) at (b·steps + t)·features + f; a step mask
 * is [batch, steps], 0 masked, 1 real.
 */
import { checkStepMask, isReal, type Floats } from './sequence';

/** How many of row b's steps are real: every step without a mask. */
function realSteps(stepMask: Floats | undefined, b: number, steps: number): number {
  let count = 0;
  for (let t = 0; t < steps; t++) if (isReal(stepMask, b, t, steps)) count++;
  return count;
}

/**
 * The mean of each row's real steps, [batch, features]. Masked steps are skipped, not multiplied
 * by 0: whatever a layer before left there (a recurrent layer's held state, even a NaN) never
 * reaches the mean. A wholly masked row outputs zeros, where Keras divides 0 by 0 and outputs NaN:
 * a NaN would poison the whole batch's loss, and no review the data pipeline makes is empty.
 */
export function averagePool(x: Floats, batch: number, steps: number, features: number, stepMask?: Floats): Float64Array {
  checkStepMask(stepMask, batch, steps);
  const y = new Float64Array(batch * features);
  for (let b = 0; b < batch; b++) {
    const count = realSteps(stepMask, b, steps);
    if (count === 0) continue;
    for (let t = 0; t < steps; t++) {
      if (!isReal(stepMask, b, t, steps)) continue;
      for (let f = 0; f < features; f++) y[b * features + f] += x[(b * steps + t) * features + f];
    }
    for (let f = 0; f < features; f++) y[b * features + f] /= count;
  }
  return y;
}

/**
 * The input's gradient from the output's, dy [batch, features]: dy / count at each real step,
 * zeros at masked steps and in a wholly masked row (its output is a constant zero).
 */
export function averagePoolBackward(dy: Floats, batch: number, steps: number, features: number, stepMask?: Floats): Float64Array {
  checkStepMask(stepMask, batch, steps);
  const dx = new Float64Array(batch * steps * features);
  for (let b = 0; b < batch; b++) {
    const count = realSteps(stepMask, b, steps);
    if (count === 0) continue;
    for (let t = 0; t < steps; t++) {
      if (!isReal(stepMask, b, t, steps)) continue;
      for (let f = 0; f < features; f++) dx[(b * steps + t) * features + f] = dy[b * features + f] / count;
    }
  }
  return dx;
}
