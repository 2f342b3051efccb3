/**
 * The confusion matrix: one implementation for every classifier, two classes or more. Rows are the
 * actual class, columns the predicted one (`matrix[actual][predicted]`), as scikit-learn's
 * `confusion_matrix` lays it out. A binary run keeps its four named counts (`tp`, `fp`, `tn`, `fn`,
 * the positive class being 1) as runs always stored them; they are read off the same matrix.
 */
import type { Evaluation } from './types';

export type ConfusionMatrix = number[][];
export type BinaryConfusion = NonNullable<Evaluation['confusion']>;

/** Counts of each (actual, predicted) pair over `classes` classes. */
export function confusionMatrix(actual: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): ConfusionMatrix {
  if (actual.length !== predicted.length) throw new RangeError(`confusionMatrix: ${actual.length} actual classes but ${predicted.length} predicted.`);
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < actual.length; i++) matrix[actual[i]][predicted[i]]++;
  return matrix;
}

/** A 2 × 2 matrix's counts by name, the positive class being 1. */
export function binaryConfusion(matrix: ConfusionMatrix): BinaryConfusion {
  return { tn: matrix[0][0], fp: matrix[0][1], fn: matrix[1][0], tp: matrix[1][1] };
}

/** An evaluation's matrix, whichever form it was kept in: the named counts of two classes, or the K × K matrix. */
export function evaluationMatrix(evaluation: Evaluation): ConfusionMatrix | undefined {
  if (evaluation.matrix) return evaluation.matrix;
  const c = evaluation.confusion;
  return c ? [[c.tn, c.fp], [c.fn, c.tp]] : undefined;
}

/** The class a row of outputs picks: a sigmoid's one output at 0.5, or a softmax's largest (the first of equals). */
export function predictedClass(outputs: ArrayLike<number>, offset: number, width: number): number {
  if (width === 1) return outputs[offset] >= 0.5 ? 1 : 0;
  let best = 0;
  for (let c = 1; c < width; c++) if (outputs[offset + c] > outputs[offset + best]) best = c;
  return best;
}
