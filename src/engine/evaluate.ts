/**
 * Scoring a model on a split from its predictions: loss, accuracy and, for binary tasks, the
 * confusion matrix. The training loop's per-epoch validation and the end-of-run evaluation both
 * use this, so the last epoch's validation doubles as the final score. The predictions come from
 * the run's model (`runModel.ts`), whichever trainer holds it.
 */
import { REFERENCE_LOSSES } from './reference/losses';
import { isStateful } from './spec/model';
import type { Split } from './data/dataset';
import type { RunModel } from './runModel';
import type { Evaluation } from './types';

/**
 * Accuracy (for mean squared error, its metric: the mean absolute error), loss and (for binary
 * tasks) the confusion matrix, from the model's predictions on a split.
 */
export async function evaluateModel(model: RunModel, s: Split, set: Evaluation['set']): Promise<Evaluation> {
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
  let correct = 0;
  let loss = 0;
  const eps = 1e-7;
  if (classes === 1) {
    const confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
    for (let i = 0; i < n; i++) {
      const p = Math.min(1 - eps, Math.max(eps, probs[i]));
      const label = s.y[i];
      loss -= label * Math.log(p) + (1 - label) * Math.log(1 - p);
      const predicted = p >= 0.5;
      if (predicted && label === 1) confusion.tp++;
      else if (predicted) confusion.fp++;
      else if (label === 1) confusion.fn++;
      else confusion.tn++;
    }
    correct = confusion.tp + confusion.tn;
    return { set, accuracy: correct / n, loss: loss / n, confusion, count: n, ...shared };
  }
  for (let i = 0; i < n; i++) {
    let best = 0;
    let target = 0;
    for (let c = 0; c < classes; c++) {
      if (probs[i * classes + c] > probs[i * classes + best]) best = c;
      if (s.y[i * classes + c] === 1) target = c;
    }
    if (best === target) correct++;
    loss -= Math.log(Math.max(eps, probs[i * classes + target]));
  }
  return { set, accuracy: correct / n, loss: loss / n, count: n, ...shared };
}
