/**
 * Word attributions by integrated gradients (Sundararajan, Taly and Yan, "Axiomatic Attribution
 * for Deep Networks", 2017), for models that start with an Embedding. The path runs in a straight
 * line from a baseline, all padding (the embedding of id 0 at every position), to the embedded
 * input e; along it the gradient of the output f with respect to the embedded words is averaged,
 * and position t's attribution is Σ_k (e − e₀)_{t,k} · mean gradient_{t,k}.
 *
 * Completeness: the attributions add up to f(input) − f(baseline) when the average is exact. It
 * is a trapezoid rule here, on 2ⁿ intervals, doubled (reusing every point) until the sum is within
 * the tolerance of f(input) − f(baseline). Gradients come from the reference backward
 * (`../reference/model.ts`, the LSTM's from `../reference/lstm.ts`), in float64.
 *
 * A pre-padded review's padding is the baseline itself: on every point of the path the positions
 * before its first word are the baseline's, so the LSTMs run (and take gradients) from there on,
 * after the baseline's own steps (`SharedPrefix`). Exact: those positions' attribution is 0
 * whatever their gradient, and no gradient reaching a word passes through them.
 *
 * A masked model (`Embedding(mask_zero=True)`) is a function of the embedded words and of the
 * step mask of the ids, which has no gradient: the path keeps the input's mask at every point,
 * the baseline included (the embedding of id 0 read at the input's real steps), so completeness
 * holds against f at that baseline. A masked step is skipped by every layer that reads it: no
 * gradient reaches it, and it gets no attribution.
 */
import { backwardModel, forwardModel, stepMaskOf, type ModelRun, type ReferenceModel, type SharedPrefix } from '../reference/model';

export interface IntegratedGradientsOptions {
  /** Relative completeness error accepted: |Σ attributions − Δf| ≤ tolerance·|Δf|. */
  tolerance?: number;
  /** Intervals to start with, and the most to try (powers of two). */
  minSteps?: number;
  maxSteps?: number;
  /** The output unit to explain; by default the one the model gives the input the highest value. */
  target?: number;
  /** The model's run on the all-padding input (one row), if already made: the baseline, and the steps shared with it. */
  baseline?: ModelRun;
}

export interface Attributions {
  /** One per input position (timestep), padding included (whose attribution is 0). */
  positions: number[];
  target: number;
  /** f at the input and at the baseline: the output unit `target`. */
  atInput: number;
  atBaseline: number;
  /** Intervals of the path the gradients were averaged over. */
  steps: number;
  /** |Σ positions − (atInput − atBaseline)| / |atInput − atBaseline| (0 when both are 0). */
  relativeError: number;
  /** Whether that error is within the tolerance (false only when `maxSteps` did not suffice). */
  complete: boolean;
}

export const IG_TOLERANCE = 0.05;
/**
 * The fewest intervals tried first: each doubling reuses every point, so starting low costs
 * nothing when more are needed, and a review whose path is nearly straight takes 5 forward and
 * backward passes instead of 17. Not fewer: one midpoint can meet the sum by chance while
 * misplacing it among the words.
 */
const MIN_STEPS = 4;
const MAX_STEPS = 1024;
/** Rows of the path sent through the model at once: bounds the memory a long review's steps keep. */
const CHUNK_ROWS = 8;

/** The first index where `a` and `b` differ (their length when nowhere). */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let j = 0;
  while (j < a.length && a[j] === b[j]) j++;
  return j;
}

/** `rows` copies of one row. */
function repeatRows(row: Float64Array, rows: number): Float64Array {
  const out = new Float64Array(rows * row.length);
  for (let r = 0; r < rows; r++) out.set(row, r * row.length);
  return out;
}

/** How far attributions are from completeness, and whether that is within `tolerance`. */
export function completeness(attributions: readonly number[], atInput: number, atBaseline: number, tolerance = IG_TOLERANCE): { relativeError: number; complete: boolean } {
  const delta = atInput - atBaseline;
  const gap = Math.abs(attributions.reduce((a, v) => a + v, 0) - delta);
  // An input equal to its baseline has nothing to attribute: the gap is then 0 as well.
  const relativeError = gap === 0 ? 0 : gap / Math.abs(delta);
  return { relativeError, complete: relativeError <= tolerance };
}

/**
 * Integrated gradients of output `target` for the word ids `ids` (one sample, the model's input
 * shape). The model's first layer must be an Embedding.
 */
export function integratedGradients(model: ReferenceModel, ids: ArrayLike<number>, options: IntegratedGradientsOptions = {}): Attributions {
  if (model.spec.layers[0]?.kind !== 'embedding') throw new Error('Integrated gradients here need a model that starts with an Embedding.');
  const tolerance = options.tolerance ?? IG_TOLERANCE;
  const padding = options.baseline ?? forwardModel(model, new Float64Array(ids.length), 1);
  const input = forwardModel(model, ids, 1, { prefix: { run: padding, agreeBefore: firstDifference(ids, new Float64Array(ids.length)) } });
  const e = input.runs[0].y, e0 = padding.runs[0].y, n = e.length, E = n / ids.length;
  // Where the path leaves the baseline: the first position whose embedding differs.
  const path: SharedPrefix = { run: padding, agreeBefore: Math.floor(firstDifference(e, e0) / E) };
  const mask = stepMaskOf(model.spec, ids);
  /** `rows` points of the path through the layers after the Embedding, each with the input's step mask. */
  const pathRun = (x: Float64Array, rows: number): ModelRun =>
    forwardModel(model, x, rows, { from: 1, prefix: path, stepMask: mask && repeatRows(mask, rows) });
  // Unmasked, the padding's run is the baseline's; masked, the baseline reads e0 at the input's real steps.
  const baseline = mask ? pathRun(Float64Array.from(e0), 1) : padding;
  const outputs = input.output.length;
  const target = options.target ?? input.output.indexOf(Math.max(...input.output));
  if (!(target >= 0 && target < outputs)) throw new Error(`The model has no output ${target}.`);
  const atInput = input.output[target], atBaseline = baseline.output[target];

  /** Σ of the gradient at each α, with weight w(α). */
  const gradSum = new Float64Array(n);
  const addGradients = (alphas: readonly number[], weight: number): void => {
    for (let at = 0; at < alphas.length; at += CHUNK_ROWS) {
      const chunk = alphas.slice(at, at + CHUNK_ROWS), rows = chunk.length;
      const x = new Float64Array(rows * n);
      chunk.forEach((a, r) => {
        for (let j = 0; j < n; j++) x[r * n + j] = e0[j] + a * (e[j] - e0[j]);
      });
      const run = pathRun(x, rows);
      const dOut = new Float64Array(rows * outputs);
      for (let r = 0; r < rows; r++) dOut[r * outputs + target] = 1;
      const grads = backwardModel(model, run, dOut);
      for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) gradSum[j] += weight * grads[r * n + j];
    }
  };
  const attribute = (steps: number): number[] => {
    const positions = new Array<number>(ids.length).fill(0);
    for (let j = 0; j < n; j++) positions[Math.floor(j / E)] += ((e[j] - e0[j]) * gradSum[j]) / steps;
    return positions;
  };

  // Trapezoid rule: the ends count half; each doubling adds the midpoints of the current intervals.
  addGradients([0, 1], 0.5);
  const minSteps = options.minSteps ?? MIN_STEPS, maxSteps = Math.max(minSteps, options.maxSteps ?? MAX_STEPS);
  addGradients(Array.from({ length: minSteps - 1 }, (_, k) => (k + 1) / minSteps), 1);
  let steps = minSteps;
  for (;;) {
    const positions = attribute(steps);
    const check = completeness(positions, atInput, atBaseline, tolerance);
    if (check.complete || steps * 2 > maxSteps) return { positions, target, atInput, atBaseline, steps, ...check };
    addGradients(Array.from({ length: steps }, (_, k) => (2 * k + 1) / (2 * steps)), 1);
    steps *= 2;
  }
}
