/**
 * The reference recurrent layer kinds as one typed table: LSTM, GRU and SimpleRNN share a weight
 * layout (kernel, recurrent kernel, bias, in that order, as Keras saves them), a sequence layout
 * and Keras' masking (`sequence.ts`), so a consumer (Bidirectional here; later the model
 * reference, Inspect, export) handles every kind through one interface, and the compiler makes
 * it handle a new kind.
 */
import { gruBackward, gruForward } from './gru';
import { lstmBackward, lstmForward } from './lstm';
import { sequenceOutput, type CellActivation, type Floats } from './sequence';
import { simpleRnnBackward, simpleRnnForward } from './simpleRnn';

export type RecurrentKind = 'lstm' | 'gru' | 'simpleRnn';

/** A recurrent layer's weights, in Keras' layout for its kind (see each kind's file). */
export interface RecurrentWeights {
  inputDim: number;
  units: number;
  kernel: Floats;
  recurrentKernel: Floats;
  bias: Floats;
}

export interface RecurrentOptions {
  activation: CellActivation;
  /** Initial states [batch, u]; zeros when absent. `c0` is the LSTM's alone. */
  h0?: Floats;
  c0?: Floats;
  /** Scaled dropout masks, one per sequence: [batch, inputDim] and [batch, u]. */
  inputMask?: Floats;
  recurrentMask?: Floats;
  /** Steps to mask, [batch, steps]: 0 masked, 1 real. */
  stepMask?: Floats;
}

/** What every kind's forward keeps: the state after each step and the mask it ran with. */
export interface RecurrentForward {
  batch: number;
  steps: number;
  /** h_t per step, [batch, u]. */
  h: Float64Array[];
  hT: Float64Array;
  stepMask?: Floats;
  /** The activated gates per step, [batch, gates·u] in Keras' column order; absent for SimpleRNN, which has none. */
  gates?: Float64Array[];
}

/** One run of a layer: what its forward kept, and its backward from there. */
export interface RecurrentRun {
  forward: RecurrentForward;
  /** The gradients from `dy` reaching the output ([batch, steps, u] with `returnSequences`, else [batch, u]). */
  backward(dy: Floats, returnSequences: boolean): RecurrentGradients;
}

/** Gradients in the order of the weights (kernel, recurrent kernel, bias) and of the input. */
export interface RecurrentGradients {
  /** [batch, steps, inputDim] */
  dx: Float64Array;
  dKernel: Float64Array;
  dRecurrentKernel: Float64Array;
  dBias: Float64Array;
}

export interface RecurrentRow {
  /** Keras' class name and its default layer name (`lstm`, `lstm_1`, …) and cell name, as in weight paths. */
  kerasClass: 'LSTM' | 'GRU' | 'SimpleRNN';
  kerasName: string;
  kerasCell: string;
  /** Column blocks of the kernels: one per gate (i, f, c, o; z, r, h; one for SimpleRNN). */
  gates: number;
  /** Keras' shapes of kernel, recurrent kernel and bias. */
  shapes(inputDim: number, units: number): [number[], number[], number[]];
  /** The forward over x [batch, steps, inputDim], with its backward bound to it. */
  run(x: Floats, batch: number, steps: number, w: RecurrentWeights, options: RecurrentOptions): RecurrentRun;
}

export const RECURRENT_KINDS: { readonly [K in RecurrentKind]: RecurrentRow } = {
  lstm: {
    kerasClass: 'LSTM', kerasName: 'lstm', kerasCell: 'lstm_cell', gates: 4,
    shapes: (I, U) => [[I, 4 * U], [U, 4 * U], [4 * U]],
    run: (x, batch, steps, w, o) => {
      const forward = lstmForward(x, batch, steps, w, o);
      return { forward, backward: (dy, rs) => lstmBackward(x, w, forward, dy, rs, o) };
    },
  },
  gru: {
    kerasClass: 'GRU', kerasName: 'gru', kerasCell: 'gru_cell', gates: 3,
    shapes: (I, U) => [[I, 3 * U], [U, 3 * U], [2, 3 * U]],
    run: (x, batch, steps, w, o) => {
      const forward = gruForward(x, batch, steps, w, o);
      return { forward, backward: (dy, rs) => gruBackward(x, w, forward, dy, rs, o) };
    },
  },
  simpleRnn: {
    kerasClass: 'SimpleRNN', kerasName: 'simple_rnn', kerasCell: 'simple_rnn_cell', gates: 1,
    shapes: (I, U) => [[I, U], [U, U], [U]],
    run: (x, batch, steps, w, o) => {
      const forward = simpleRnnForward(x, batch, steps, w, o);
      return { forward, backward: (dy, rs) => simpleRnnBackward(x, w, forward, dy, rs, o) };
    },
  },
};

/**
 * A recurrent layer's output: h of every step [batch, steps, u] with `returnSequences`, else the
 * last output [batch, u]; Keras' masked outputs with a step mask, zeros at masked steps with
 * `zeroMasked` (inside a Bidirectional).
 */
export function recurrentOutput(f: RecurrentForward, units: number, returnSequences: boolean, zeroMasked = false): Float64Array {
  return sequenceOutput(f.h, f.batch, units, returnSequences, f.stepMask, zeroMasked);
}
