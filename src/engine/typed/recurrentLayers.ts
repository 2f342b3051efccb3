/**
 * Keras 2's GRU (reset_after=True) and SimpleRNN on the typed trainer: the reference cells'
 * arithmetic (`../reference/gru.ts`, `../reference/simpleRnn.ts`) with the products on the
 * arena's kernels (the element-wise steps too: `gruCell`, `gruCellBackward`, `rnnCell`,
 * `rnnCellBackward`), laid out as `TypedLstm` lays out its
 * buffers (time-major rows t·B + b, every buffer allocated once for the largest batch). Dropout:
 * one input and one recurrent mask per sequence, shared by the gates, as Keras' implementation 2.
 * Never stateful (the spec has no such option for these kinds). A step mask is taken as
 * `TypedLstm` takes it: a masked row is left out of the cell kernels (which would change its dh
 * in place), and only the steps some row is real in are computed.
 *
 * GRU, per step (z, r, n: the column blocks of W, R and both bias rows):
 *   x̂ = x_t·W + b_x,  ĥ = (h_{t−1} ⊙ m_r)·R + b_h
 *   z = σ(x̂_z + ĥ_z),  r = σ(x̂_r + ĥ_r),  n = act(x̂_n + r ⊙ ĥ_n),  h_t = z ⊙ h_{t−1} + (1 − z) ⊙ n
 * SimpleRNN: h_t = act(x_t·W + (h_{t−1} ⊙ m_r)·R + b).
 */
import type { LayerSpec } from '../spec/types';
import { transpose } from './jsCell';
import type { TypedKernels } from './kernels';
import {
  arenaWeights, copyRows, fillDropoutMask, inputGradient, noGradient, timeMajorInput, realRuns, realSpan, size, writeOutput, type LayerContext, type StepMask, type TypedLayer,
} from './layerBase';

type Spec = Extract<LayerSpec, { kind: 'gru' | 'simpleRnn' }>;

/** As `layers.ts`: transposed weight copies for the backward's products from this many rows on. */
const TRANSPOSE_MIN_ROWS = 4;

class TypedRecurrent implements TypedLayer {
  readonly weights: Float32Array[];
  readonly grads: Float32Array[];
  readonly outShape: readonly number[];
  private readonly T: number;
  private readonly I: number;
  private readonly U: number;
  private readonly G: number;
  private readonly gru: boolean;
  private readonly xt: Float32Array;
  /** x_t·W + b_x per step; for SimpleRNN, the whole pre-activation once the recurrent product is added. */
  private readonly xg: Float32Array;
  /** GRU: ĥ per step, and the activated z, r, n. */
  private readonly hh: Float32Array | null;
  private readonly gates: Float32Array | null;
  private readonly hs: Float32Array;
  /** Row t·B + b: h_{t−1} ⊙ m_r, the recurrent product's input at step t. */
  private readonly hm: Float32Array;
  private readonly y: Float32Array;
  private readonly inputMask: Float32Array | null;
  private readonly recurrentMask: Float32Array | null;
  /** Gradients reaching x̂ (all steps) and, for the GRU, ĥ. */
  private readonly dXg: Float32Array;
  private readonly dHH: Float32Array | null;
  private readonly dh: Float32Array;
  private readonly dhm: Float32Array;
  private readonly dxt: Float32Array;
  private readonly dx: Float32Array;
  private readonly ones: Float32Array;
  private readonly WT: Float32Array | null;
  private readonly RT: Float32Array | null;
  private readonly kernels: TypedKernels;
  /** Pairs [b0, b1) of the rows real at one step (`realRuns`). */
  private readonly runs: Int32Array;
  private masked = false;
  /** The last forward's step mask and the steps it computed (`realSpan`). */
  private stepMask: StepMask | null = null;
  private first = 0;
  private last = -1;

  constructor(private readonly spec: Spec, private readonly ctx: LayerContext) {
    const name = `${spec.kind === 'gru' ? 'GRU' : 'SimpleRNN'}(${spec.units})`;
    if (ctx.inShape.length !== 2) throw new Error(`${name} needs [timesteps, features] input, got [${ctx.inShape}].`);
    const [T, I] = ctx.inShape;
    const U = spec.units, gru = spec.kind === 'gru', G = gru ? 3 * U : U, B = ctx.maxBatch, rows = T * B;
    this.T = T;
    this.I = I;
    this.U = U;
    this.G = G;
    this.gru = gru;
    this.kernels = ctx.kernels;
    const a = ctx.alloc;
    this.weights = arenaWeights(ctx, [I * G, U * G, (gru ? 2 : 1) * G], name);
    this.grads = this.weights.map((w) => a.alloc(w.length));
    this.outShape = spec.returnSequences ? [T, U] : [U];
    this.xt = a.alloc(rows * I);
    this.xg = a.alloc(rows * G);
    this.hh = gru ? a.alloc(rows * G) : null;
    this.gates = gru ? a.alloc(rows * G) : null;
    this.hs = a.alloc(rows * U);
    this.hm = a.alloc(rows * U);
    this.y = a.alloc(B * size(this.outShape));
    this.inputMask = spec.dropout > 0 ? a.alloc(B * I) : null;
    this.recurrentMask = spec.recurrentDropout > 0 ? a.alloc(B * U) : null;
    this.dXg = a.alloc(rows * G);
    this.dHH = gru ? a.alloc(rows * G) : null;
    this.dh = a.alloc(B * U);
    this.dhm = a.alloc(B * U);
    this.dxt = a.alloc(rows * I);
    this.dx = a.alloc(B * T * I);
    this.ones = a.alloc(rows).fill(1);
    this.WT = rows >= TRANSPOSE_MIN_ROWS ? a.alloc(G * I) : null;
    this.RT = B >= TRANSPOSE_MIN_ROWS ? a.alloc(G * U) : null;
    this.runs = new Int32Array(B + 1);
  }

  forward(x: Float32Array, B: number, training: boolean, stepMask: StepMask | null = null): Float32Array {
    const { T, I, U, G, gru, kernels: K, xt, xg, hs, hm, y, runs } = this;
    const n = B * U, relu = this.spec.activation === 'relu';
    this.masked = training;
    const mi = training ? this.inputMask : null;
    const mr = training ? this.recurrentMask : null;
    if (mi) fillDropoutMask(mi, B * I, this.spec.dropout, this.ctx.rng);
    if (mr) fillDropoutMask(mr, n, this.spec.recurrentDropout, this.ctx.rng);
    // Only the steps some row is real in (`realSpan`), as the LSTM.
    const [first, last] = realSpan(stepMask, B, T);
    this.first = first;
    this.last = last;
    this.stepMask = stepMask;
    if (first <= last) {
      const rows = (last - first + 1) * B;
      timeMajorInput(x, xt, mi, B, T, I, first, last);
      // x̂ of every step at once: xt·W + b_x (the bias' first row).
      const [W, R, bias] = this.weights;
      for (let r = first * B; r < (last + 1) * B; r++) xg.set(bias.subarray(0, G), r * G);
      K.gemm(xt, first * B * I, I, 1, W, 0, xg, first * B * G, rows, I, G, true);
      // h before the first step is zeros: hm's first step (zeros, whatever the mask), which the
      // GRU also reads as h_{t−1} there.
      hm.fill(0, first * n, (first + 1) * n);
      for (let t = first; t <= last; t++) {
        const g = t * B * G, s = t * n;
        const hPrev = t === first ? hm : hs, p = t === first ? s : s - n;
        if (gru) {
          const hh = this.hh!, gates = this.gates!;
          for (let b = 0; b < B; b++) hh.set(bias.subarray(G, 2 * G), g + b * G);
          K.gemm(hm, s, U, 1, R, 0, hh, g, B, U, G, true);
        } else {
          // The pre-activation in place in x̂, then h.
          K.gemm(hm, s, U, 1, R, 0, xg, g, B, U, G, true);
        }
        // A masked row is left out of the cell and keeps its h.
        let kept = 0;
        for (let r = 0, count = realRuns(stepMask, B, T, t, runs); r < count; r++) {
          const b0 = runs[2 * r], b1 = runs[2 * r + 1];
          if (gru) K.gruCell(xg, g + b0 * G, this.hh!, g + b0 * G, this.gates!, g + b0 * G, hPrev, p + b0 * U, hs, s + b0 * U, b1 - b0, U, relu);
          else K.rnnCell(xg, g + b0 * G, hs, s + b0 * U, (b1 - b0) * U, relu);
          copyRows(hPrev, p, hs, s, kept, b0, U);
          kept = b1;
        }
        copyRows(hPrev, p, hs, s, kept, B, U);
        if (t < last) {
          if (mr === null) hm.set(hs.subarray(s, s + n), s + n);
          else for (let j = 0; j < n; j++) hm[s + n + j] = hs[s + j] * mr[j];
        }
      }
    }
    writeOutput(hs, y, B, T, U, this.spec.returnSequences, first, last);
    return y;
  }

  backward(dy: Float32Array, B: number): Float32Array {
    const { T, I, U, G, gru, kernels: K, hs, dXg, dh, dhm, runs, first, last, stepMask } = this;
    const n = B * U, relu = this.spec.activation === 'relu';
    const mr = this.masked ? this.recurrentMask : null;
    const mi = this.masked ? this.inputMask : null;
    const seq = this.spec.returnSequences;
    const [W, R] = this.weights;
    const [dW, dR, dB] = this.grads;
    const { dxt, dx } = this;
    if (first > last) return noGradient(this.grads, dx, B * T * I);
    const rows = (last - first + 1) * B;
    const RT = B >= TRANSPOSE_MIN_ROWS ? this.RT : null;
    if (RT) transpose(R, 0, U, G, RT);
    // dHH: what reaches ĥ (the GRU's), or x̂ itself (SimpleRNN: the same pre-activation).
    const dHH = this.dHH ?? dXg;
    dh.fill(0, 0, n);
    for (let t = last; t >= first; t--) {
      const g = t * B * G, s = t * n;
      // dh: the output's gradient at this step plus what step t + 1 sent back (set below). Without
      // return_sequences only the last step has one; every output after `last` is h_last.
      if (seq) {
        for (let b = 0; b < B; b++) {
          for (let u = t, to = t === last ? T : t + 1; u < to; u++) {
            for (let k = 0; k < U; k++) dh[b * U + k] += dy[(b * T + u) * U + k];
          }
        }
      } else if (t === last) {
        for (let j = 0; j < n; j++) dh[j] += dy[j];
      }
      // A masked row is left out: its dh passes to h_{t−1} unchanged (the cell kernels would
      // change it in place), and its pre-activations get no gradient.
      const hPrev = t === first ? this.hm : hs, p = t === first ? s : s - n;
      let kept = 0;
      for (let r = 0, count = realRuns(stepMask, B, T, t, runs); r < count; r++) {
        const b0 = runs[2 * r], b1 = runs[2 * r + 1];
        if (gru) {
          // dX̂, dĤ, and dh ← dh·z: the blend's direct path to h_{t−1} (the recurrent product's is added below).
          K.gruCellBackward(this.gates!, g + b0 * G, this.hh!, g + b0 * G, hPrev, p + b0 * U, dh, b0 * U, dXg, g + b0 * G, this.dHH!, g + b0 * G, b1 - b0, U, relu);
        } else {
          K.rnnCellBackward(hs, s + b0 * U, dh, b0 * U, dXg, g + b0 * G, (b1 - b0) * U, relu);
        }
        dXg.fill(0, g + kept * G, g + b0 * G);
        if (gru) this.dHH!.fill(0, g + kept * G, g + b0 * G);
        kept = b1;
      }
      dXg.fill(0, g + kept * G, g + B * G);
      if (gru) this.dHH!.fill(0, g + kept * G, g + B * G);
      if (t > first) {
        // The gradient reaching h_{t−1} through ĥ: (dĤ_t · Rᵀ) ⊙ m_r, added to dh straight from the
        // product where there is no mask (a masked row's dĤ is zeros: it adds nothing).
        const into = mr === null ? dh : dhm;
        if (RT) K.gemm(dHH, g, G, 1, RT, 0, into, 0, B, G, U, mr === null);
        else K.gemmBT(dHH, g, R, 0, into, 0, B, G, U, mr === null);
        if (mr !== null) for (let j = 0; j < n; j++) dh[j] += dhm[j] * mr[j];
      }
    }
    // Weights over the computed steps at once: dW = xtᵀ·dX̂, dR = hmᵀ·dĤ, the biases as column sums.
    const at = first * B * G;
    K.gemm(this.xt, first * B * I, 1, I, dXg, at, dW, 0, I, rows, G, false);
    K.gemm(this.hm, first * n, 1, U, dHH, at, dR, 0, U, rows, G, false);
    K.gemm(this.ones, 0, rows, 1, dXg, at, dB, 0, 1, rows, G, false);
    if (gru) K.gemm(this.ones, 0, rows, 1, dHH, at, dB, G, 1, rows, G, false);
    // dx = dX̂ · Wᵀ, back to batch-major and through the input mask; zeros at the steps not computed.
    const WT = rows >= TRANSPOSE_MIN_ROWS && I >= 4 ? this.WT : null;
    if (WT) {
      transpose(W, 0, I, G, WT);
      K.gemm(dXg, at, G, 1, WT, 0, dxt, first * B * I, rows, G, I, false);
    } else {
      K.gemmBT(dXg, at, W, 0, dxt, first * B * I, rows, G, I, false);
    }
    inputGradient(dxt, dx, mi, B, T, I, first, last);
    return dx;
  }

  resetStates(): void {
    // Not stateful: every batch starts from zeros.
  }
}

export const TYPED_RECURRENT_LAYERS = {
  gru: (spec: Extract<Spec, { kind: 'gru' }>, ctx: LayerContext): TypedLayer => new TypedRecurrent(spec, ctx),
  simpleRnn: (spec: Extract<Spec, { kind: 'simpleRnn' }>, ctx: LayerContext): TypedLayer => new TypedRecurrent(spec, ctx),
};
