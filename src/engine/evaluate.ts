/**
 * Scoring a model on a split from its predictions: loss, accuracy and, for binary tasks, the
 * confusion matrix. The training loop's per-epoch validation and the end-of-run evaluation both
 * use this, so the last epoch's validation doubles as the final score. The predictions come from
 * the run's model (`runModel.ts`), whichever trainer holds it.
 */
import { REFERENCE_LOSSES } from './reference/losses';
import { binaryConfusion, confusionMatrix, predictedClass } from './confusion';
import { isStateful } from './spec/model';
import type { Split } from './data/dataset';
import type { RunModel } from './runModel';
import type { Evaluation } from './types';

/** Classes beyond which no K × K matrix is kept (the classifier's own limit on classes is lower). */
export const MAX_MATRIX_CLASSES = 100;

/**
 * Accuracy (for mean squared error, its metric: the mean absolute error), loss and the confusion
 * matrix, from the model's predictions on a split: named counts for binary tasks, and the K × K
 * matrix for more classes when `withMatrix`.
 */
export async function evaluateModel(model: RunModel, s: Split, set: Evaluation['set'], withMatrix = false): Promise<Evaluation> {
  const n = s.xShape[0];
  // A stateful model reads the split as one stream from a clean state, and leaves none behind.
  const stateful = isStateful(model.spec);
  if (stateful) model.resetStates();
  const { probs, threads } = await model.predict(s.x, n);
  if (stateful) model.resetStates();
  // Say so only when helper threads took part.
  const shared = threads > 1 ? { threads } : {};
  const classes = s.yShape[1];
  if (model.spec.loss === 'meanSquaredError') {
    // A regression: the loss and its metric (the mean absolute error, in `accuracy`) as the reference computes them.
    const row = REFERENCE_LOSSES.meanSquaredError;
    return { set, accuracy: row.metric(probs, s.y, n, classes), loss: row.value(probs, s.y, n, classes), count: n, ...shared };
  }
  const eps = 1e-7;
  // The actual and predicted class of each sample, for the one confusion matrix (`confusion.ts`).
  const actual = new Int32Array(n);
  const predicted = new Int32Array(n);
  let loss = 0;
  if (classes === 1) {
    for (let i = 0; i < n; i++) {
      const p = Math.min(1 - eps, Math.max(eps, probs[i]));
      const label = s.y[i];
      loss -= label * Math.log(p) + (1 - label) * Math.log(1 - p);
      actual[i] = label === 1 ? 1 : 0;
      predicted[i] = predictedClass(probs, i, 1);
    }
  } else {
    for (let i = 0; i < n; i++) {
      let target = 0;
      for (let c = 0; c < classes; c++) if (s.y[i * classes + c] === 1) target = c;
      actual[i] = target;
      predicted[i] = predictedClass(probs, i * classes, classes);
      loss -= Math.log(Math.max(eps, probs[i * classes + target]));
    }
  }
  let correct = 0;
  for (let i = 0; i < n; i++) if (actual[i] === predicted[i]) correct++;
  const base = { set, accuracy: correct / n, loss: loss / n, count: n, ...shared };
  if (classes === 1) return { ...base, confusion: binaryConfusion(confusionMatrix(actual, predicted, 2)) };
  // A matrix of K classes only where the run asks for one (a classifier of labelled texts): a next-character
  // model's thousands of classes would make a matrix of millions of cells nobody reads.
  return withMatrix && classes <= MAX_MATRIX_CLASSES ? { ...base, matrix: confusionMatrix(actual, predicted, classes) } : base;
}
