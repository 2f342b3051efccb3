/**
 * The losses and their metrics in float64, written for clarity: the reference the typed trainer's
 * `typed/losses.ts` and the scoring in `evaluate.ts` are checked against, with tfjs-layers'
 * semantics (Keras averages a loss over the output's last axis, then over the batch):
 * - cross-entropies clip probabilities to [ε, 1 − ε] (ε = 1e-7) before the log; categorical
 *   cross-entropy divides the output by its sum first;
 * - mean squared error is mean((p − y)²) over the outputs, its metric mean(|p − y|).
 * Outputs `p` are after the output activation; gradients are with respect to `p`.
 */
import type { LossName } from '../spec/types';

type Floats = ArrayLike<number>;

const EPSILON = 1e-7;
const clip = (v: number) => Math.min(1 - EPSILON, Math.max(EPSILON, v));

export interface ReferenceLoss {
  /** Mean loss of outputs `p` [rows, classes] against targets `y`. */
  value(p: Floats, y: Floats, rows: number, classes: number): number;
  /** d(mean loss)/dp, [rows, classes]; zero where a clip cuts the gradient off. */
  gradient(p: Floats, y: Floats, rows: number, classes: number): Float64Array;
  /** The loss's metric (`spec/losses.ts`) over the rows: accuracy, or the mean absolute error. */
  metric(p: Floats, y: Floats, rows: number, classes: number): number;
}

/** Index of the largest value in row r (the first on ties, as argmax). */
function argmax(v: Floats, r: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (v[r * classes + c] > v[r * classes + best]) best = c;
  return best;
}

export const REFERENCE_LOSSES: { readonly [L in LossName]: ReferenceLoss } = {
  binaryCrossentropy: {
    value(p, y, rows, classes) {
      let total = 0;
      for (let j = 0; j < rows * classes; j++) {
        const q = clip(p[j]);
        total -= y[j] * Math.log(q) + (1 - y[j]) * Math.log(1 - q);
      }
      return total / (rows * classes);
    },
    gradient(p, y, rows, classes) {
      return Float64Array.from({ length: rows * classes }, (_, j) => {
        const inside = p[j] >= EPSILON && p[j] <= 1 - EPSILON;
        return inside ? (p[j] - y[j]) / (p[j] * (1 - p[j])) / (rows * classes) : 0;
      });
    },
    metric(p, y, rows, classes) {
      let right = 0;
      for (let j = 0; j < rows * classes; j++) if ((p[j] > 0.5 ? 1 : 0) === y[j]) right++;
      return right / (rows * classes);
    },
  },
  categoricalCrossentropy: {
    value(p, y, rows, classes) {
      let total = 0;
      for (let r = 0; r < rows; r++) {
        let sum = 0;
        for (let c = 0; c < classes; c++) sum += p[r * classes + c];
        for (let c = 0; c < classes; c++) total -= y[r * classes + c] * Math.log(clip(p[r * classes + c] / sum));
      }
      return total / rows;
    },
    gradient(p, y, rows, classes) {
      const g = new Float64Array(rows * classes);
      for (let r = 0; r < rows; r++) {
        const o = r * classes;
        let sum = 0;
        for (let c = 0; c < classes; c++) sum += p[o + c];
        // L = −Σ_c y_c·log(clip(p_c / S)): dL/dp_k = Σ_c (−y_c / q_c)·[q_c inside]·(δ_ck − q_c) / S.
        for (let k = 0; k < classes; k++) {
          let d = 0;
          for (let c = 0; c < classes; c++) {
            const q = p[o + c] / sum;
            if (q < EPSILON || q > 1 - EPSILON) continue;
            d += (-y[o + c] / q) * ((c === k ? 1 : 0) - q) / sum;
          }
          g[o + k] = d / rows;
        }
      }
      return g;
    },
    metric(p, y, rows, classes) {
      let right = 0;
      for (let r = 0; r < rows; r++) if (argmax(p, r, classes) === argmax(y, r, classes)) right++;
      return right / rows;
    },
  },
  meanSquaredError: {
    value(p, y, rows, classes) {
      let total = 0;
      for (let j = 0; j < rows * classes; j++) total += (p[j] - y[j]) ** 2;
      return total / (rows * classes);
    },
    gradient(p, y, rows, classes) {
      return Float64Array.from({ length: rows * classes }, (_, j) => (2 * (p[j] - y[j])) / (rows * classes));
    },
    metric(p, y, rows, classes) {
      let total = 0;
      for (let j = 0; j < rows * classes; j++) total += Math.abs(p[j] - y[j]);
      return total / (rows * classes);
    },
  },
};
