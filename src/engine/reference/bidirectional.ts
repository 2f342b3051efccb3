/**
 * The reference Bidirectional wrapper around an LSTM, GRU or SimpleRNN (`recurrent.ts`), with
 * Keras' `merge_mode='concat'`: the forward layer's output, then the backward layer's, on the
 * last axis ([batch, 2u], or [batch, steps, 2u] with `returnSequences`).
 *
 * The backward layer is Keras' `go_backwards=True`: it runs over each row's steps reversed, its
 * step mask reversed with them, so for a pre-padded review it reads the words last to first and
 * then keeps its state over the padding: its output is the state after the first word. Returning
 * sequences, its outputs are reversed back to the input's order (output t is the state after
 * reading steps T−1…t).
 *
 * Masked steps of a returned sequence are zeros in both halves: Keras' Bidirectional forces
 * `zero_output_for_mask` on its layers when they return sequences. (tfjs-layers' Bidirectional
 * does not: there a masked step repeats the previous output, as a plain layer's does. The halves
 * agree with it at real steps and wherever no sequence is returned.)
 *
 * Each direction has its own weights (Keras saves the forward layer's three, then the backward
 * layer's), its own dropout masks and its own initial state.
 */
import { RECURRENT_KINDS, recurrentOutput, type RecurrentForward, type RecurrentGradients, type RecurrentKind, type RecurrentOptions, type RecurrentRun, type RecurrentWeights } from './recurrent';
import { checkStepMask, isReal, type Floats } from './sequence';

/** What differs between the directions: dropout masks and initial states. */
export type DirectionOptions = Pick<RecurrentOptions, 'h0' | 'c0' | 'inputMask' | 'recurrentMask'>;

export interface BidirectionalOptions {
  activation: RecurrentOptions['activation'];
  returnSequences: boolean;
  /** Steps to mask, [batch, steps], in the input's order: 0 masked, 1 real. */
  stepMask?: Floats;
  forward?: DirectionOptions;
  /** The backward layer's; its masks and state are per row, like the forward's (not reversed). */
  backward?: DirectionOptions;
}

export interface BidirectionalWeights {
  forward: RecurrentWeights;
  backward: RecurrentWeights;
}

/** Everything a forward pass computed, for the backward and for inspection (both directions). */
export interface BidirectionalForward {
  kind: RecurrentKind;
  batch: number;
  steps: number;
  inputDim: number;
  units: number;
  returnSequences: boolean;
  stepMask?: Floats;
  /** The forward layer's run, in the input's order. */
  forward: RecurrentForward;
  /**
   * The backward layer's run, in its own order: its step s read the input's step T−1−s (so
   * `backward.h[s]` is the state after reading steps T−1…T−1−s).
   */
  backward: RecurrentForward;
  /** The layer's output, [batch, 2u] or [batch, steps, 2u]. */
  y: Float64Array;
  /** The directions' backward passes, bound to their runs. */
  runs: { forward: RecurrentRun; backward: RecurrentRun };
}

export interface BidirectionalGradients {
  /** [batch, steps, inputDim] */
  dx: Float64Array;
  forward: Omit<RecurrentGradients, 'dx'>;
  backward: Omit<RecurrentGradients, 'dx'>;
}

/** Each row's steps in reverse order: a [batch, steps, width] array with step t at T−1−t. */
export function reverseSteps(a: Floats, batch: number, steps: number, width: number): Float64Array {
  const out = new Float64Array(batch * steps * width);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < steps; t++) {
      const src = (b * steps + t) * width, dst = (b * steps + (steps - 1 - t)) * width;
      for (let k = 0; k < width; k++) out[dst + k] = a[src + k];
    }
  }
  return out;
}

/** [forward | backward] on the last axis: rows of u from each into rows of 2u. */
function concatHalves(a: Float64Array, b: Float64Array, rows: number, units: number): Float64Array {
  const y = new Float64Array(rows * 2 * units);
  for (let r = 0; r < rows; r++) {
    y.set(a.subarray(r * units, (r + 1) * units), r * 2 * units);
    y.set(b.subarray(r * units, (r + 1) * units), r * 2 * units + units);
  }
  return y;
}

/** The two halves of rows of 2u. */
function splitHalves(y: Floats, rows: number, units: number): [Float64Array, Float64Array] {
  const a = new Float64Array(rows * units), b = new Float64Array(rows * units);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < units; k++) {
      a[r * units + k] = y[r * 2 * units + k];
      b[r * units + k] = y[r * 2 * units + units + k];
    }
  }
  return [a, b];
}

/** The Bidirectional layer over x [batch, steps, inputDim]. */
export function bidirectionalForward(
  kind: RecurrentKind, x: Floats, batch: number, steps: number, w: BidirectionalWeights, options: BidirectionalOptions,
): BidirectionalForward {
  const row = RECURRENT_KINDS[kind], { units: U, inputDim: I } = w.forward, { stepMask, returnSequences: rs } = options;
  if (w.backward.units !== U || w.backward.inputDim !== I) throw new Error('Both directions of a Bidirectional layer have the same sizes.');
  checkStepMask(stepMask, batch, steps);
  const common = { activation: options.activation };
  const forward = row.run(x, batch, steps, w.forward, { ...common, ...options.forward, stepMask });
  const backward = row.run(reverseSteps(x, batch, steps, I), batch, steps, w.backward, {
    ...common, ...options.backward, stepMask: stepMask && reverseSteps(stepMask, batch, steps, 1),
  });
  const yForward = recurrentOutput(forward.forward, U, rs, rs);
  const yBackwardOwnOrder = recurrentOutput(backward.forward, U, rs, rs);
  const yBackward = rs ? reverseSteps(yBackwardOwnOrder, batch, steps, U) : yBackwardOwnOrder;
  return {
    kind, batch, steps, inputDim: I, units: U, returnSequences: rs, stepMask, forward: forward.forward, backward: backward.forward,
    y: concatHalves(yForward, yBackward, rs ? batch * steps : batch, U), runs: { forward, backward },
  };
}

/** The layer's backward from `dy` reaching its output ([batch, 2u], or [batch, steps, 2u]). */
export function bidirectionalBackward(f: BidirectionalForward, dy: Floats): BidirectionalGradients {
  const { batch: B, steps: T, inputDim: I, units: U, returnSequences: rs, stepMask } = f;
  const [dyForward, dyBackward] = splitHalves(dy, rs ? B * T : B, U);
  if (rs && stepMask) {
    // Masked steps output zeros: no gradient reaches anything through them.
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        if (isReal(stepMask, b, t, T)) continue;
        dyForward.fill(0, (b * T + t) * U, (b * T + t + 1) * U);
        dyBackward.fill(0, (b * T + t) * U, (b * T + t + 1) * U);
      }
    }
  }
  const gForward = f.runs.forward.backward(dyForward, rs);
  const gBackward = f.runs.backward.backward(rs ? reverseSteps(dyBackward, B, T, U) : dyBackward, rs);
  const dxBackward = reverseSteps(gBackward.dx, B, T, I);
  const dx = gForward.dx.map((v, j) => v + dxBackward[j]);
  const weights = (g: RecurrentGradients) => ({ dKernel: g.dKernel, dRecurrentKernel: g.dRecurrentKernel, dBias: g.dBias });
  return { dx, forward: weights(gForward), backward: weights(gBackward) };
}

/**
 * Keras' paths of a Bidirectional layer's six weights, in the order it saves them (forward layer
 * first): `bidirectional/forward_lstm/lstm_cell/kernel:0`, … `layerName` is the wrapper's name
 * (`bidirectional`, `bidirectional_1`, …), `innerName` the wrapped layer's (`lstm`, …).
 */
export function bidirectionalWeightNames(kind: RecurrentKind, layerName = 'bidirectional', innerName = RECURRENT_KINDS[kind].kerasName): string[] {
  const cell = RECURRENT_KINDS[kind].kerasCell;
  return ['forward', 'backward'].flatMap((direction) =>
    ['kernel', 'recurrent_kernel', 'bias'].map((w) => `${layerName}/${direction}_${innerName}/${cell}/${w}:0`));
}
