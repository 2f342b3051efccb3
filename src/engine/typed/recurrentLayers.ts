/**
 * Keras 2's GRU (reset_after=True) and SimpleRNN on the typed trainer: the reference cells'
 * arithmetic (`../reference/gru.ts`, `../reference/simpleRnn.ts`) with the products on the
 * arena's kernels (the element-wise steps too: `gruCell`, `gruCellBackward`, `rnnCell`,
 * `rnnCellBackward`), laid out as `TypedLstm` lays out its
 * buffers (time-major rows t·B + b, every buffer allocated once for the largest batch). Dropout:
 * one input and one recurrent mask per sequence, shared by the gates, as Keras' implementation 2.
 * Never stateful (the spec has no such option for these kinds).
 *
 * GRU, per step (z, r, n: the column blocks of W, R and both bias rows):
 *   x̂ = x_t·W + b_x,  ĥ = (h_{t−1} ⊙ m_r)·R + b_h
 *   z = σ(x̂_z + ĥ_z),  r = σ(x̂_r + ĥ_r),  n = act(x̂_n + r ⊙ ĥ_n),  h_t = z ⊙ h_{t−1} + (1 − z) ⊙ n
 * SimpleRNN: h_t = act(x_t·W + (h_{t−1} ⊙ m_r)·R + b).
 */
import type { LayerSpec } from '../spec/types';
import { transpose } from './jsCell';
import type { TypedKernels } from './kernels';
import { arenaWeights, fillDropoutMask, size, type LayerContext, type TypedLayer } from './layerBase';

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
  private masked = false;

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
  }

  forward(x: Float32Array, B: number, training: boolean): Float32Array {
    const { T, I, U, G, gru, kernels: K, xt, xg, hs, hm, y } = this;
    const rows = T * B, n = B * U;
    this.masked = training;
    const mi = training ? this.inputMask : null;
    const mr = training ? this.recurrentMask : null;
    if (mi) fillDropoutMask(mi, B * I, this.spec.dropout, this.ctx.rng);
    if (mr) fillDropoutMask(mr, n, this.spec.recurrentDropout, this.ctx.rng);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const src = (b * T + t) * I, dst = (t * B + b) * I;
        for (let i = 0; i < I; i++) xt[dst + i] = mi === null ? x[src + i] : x[src + i] * mi[b * I + i];
      }
    }
    // x̂ of every step at once: xt·W + b_x (the bias' first row).
    const [W, R, bias] = this.weights;
    for (let r = 0; r < rows; r++) xg.set(bias.subarray(0, G), r * G);
    K.gemm(xt, 0, I, 1, W, 0, xg, 0, rows, I, G, true);
    hm.fill(0, 0, n);
    for (let t = 0; t < T; t++) {
      const g = t * B * G, s = t * n;
      if (gru) {
        const hh = this.hh!, gates = this.gates!;
        for (let b = 0; b < B; b++) hh.set(bias.subarray(G, 2 * G), g + b * G);
        K.gemm(hm, s, U, 1, R, 0, hh, g, B, U, G, true);
        // h_{−1} is zeros: hm's first step (zeros, whatever the mask).
        K.gruCell(xg, g, hh, g, gates, g, t === 0 ? hm : hs, t === 0 ? 0 : s - n, hs, s, B, U, this.spec.activation === 'relu');
      } else {
        // The pre-activation in place in x̂, then h.
        K.gemm(hm, s, U, 1, R, 0, xg, g, B, U, G, true);
        K.rnnCell(xg, g, hs, s, n, this.spec.activation === 'relu');
      }
      if (t < T - 1) {
        if (mr === null) hm.set(hs.subarray(s, s + n), s + n);
        else for (let j = 0; j < n; j++) hm[s + n + j] = hs[s + j] * mr[j];
      }
    }
    if (this.spec.returnSequences) {
      for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) for (let k = 0; k < U; k++) y[(b * T + t) * U + k] = hs[(t * B + b) * U + k];
    } else {
      y.set(hs.subarray((T - 1) * n, T * n));
    }
    return y;
  }

  backward(dy: Float32Array, B: number): Float32Array {
    const { T, I, U, G, gru, kernels: K, hs, dXg, dh, dhm } = this;
    const rows = T * B, n = B * U;
    const mr = this.masked ? this.recurrentMask : null;
    const mi = this.masked ? this.inputMask : null;
    const seq = this.spec.returnSequences;
    const [W, R] = this.weights;
    const RT = B >= TRANSPOSE_MIN_ROWS ? this.RT : null;
    if (RT) transpose(R, 0, U, G, RT);
    // dHH: what reaches ĥ (the GRU's), or x̂ itself (SimpleRNN: the same pre-activation).
    const dHH = this.dHH ?? dXg;
    dh.fill(0, 0, n);
    for (let t = T - 1; t >= 0; t--) {
      const g = t * B * G, s = t * n;
      // dh: the output's gradient at this step plus what step t + 1 sent back (set below). Without
      // return_sequences only the last step has one.
      if (seq) {
        for (let b = 0; b < B; b++) for (let k = 0; k < U; k++) dh[b * U + k] += dy[(b * T + t) * U + k];
      } else if (t === T - 1) {
        for (let j = 0; j < n; j++) dh[j] += dy[j];
      }
      if (gru) {
        // dX̂, dĤ, and dh ← dh·z: the blend's direct path to h_{t−1} (the recurrent product's is added below).
        K.gruCellBackward(this.gates!, g, this.hh!, g, t === 0 ? this.hm : hs, t === 0 ? 0 : s - n, dh, 0, dXg, g, this.dHH!, g, B, U, this.spec.activation === 'relu');
      } else {
        K.rnnCellBackward(hs, s, dh, 0, dXg, g, n, this.spec.activation === 'relu');
      }
      if (t > 0) {
        // The gradient reaching h_{t−1} through ĥ: (dĤ_t · Rᵀ) ⊙ m_r, added to dh straight from the
        // product where there is no mask.
        const into = mr === null ? dh : dhm;
        if (RT) K.gemm(dHH, g, G, 1, RT, 0, into, 0, B, G, U, mr === null);
        else K.gemmBT(dHH, g, R, 0, into, 0, B, G, U, mr === null);
        if (mr !== null) for (let j = 0; j < n; j++) dh[j] += dhm[j] * mr[j];
      }
    }
    // Weights over all steps at once: dW = xtᵀ·dX̂, dR = hmᵀ·dĤ, the biases as column sums.
    const [dW, dR, dB] = this.grads;
    K.gemm(this.xt, 0, 1, I, dXg, 0, dW, 0, I, rows, G, false);
    K.gemm(this.hm, 0, 1, U, dHH, 0, dR, 0, U, rows, G, false);
    K.gemm(this.ones, 0, rows, 1, dXg, 0, dB, 0, 1, rows, G, false);
    if (gru) K.gemm(this.ones, 0, rows, 1, dHH, 0, dB, G, 1, rows, G, false);
    // dx = dX̂ · Wᵀ, back to batch-major and through the input mask.
    const { dxt, dx } = this;
    const WT = rows >= TRANSPOSE_MIN_ROWS && I >= 4 ? this.WT : null;
    if (WT) {
      transpose(W, 0, I, G, WT);
      K.gemm(dXg, 0, G, 1, WT, 0, dxt, 0, rows, G, I, false);
    } else {
      K.gemmBT(dXg, 0, W, 0, dxt, 0, rows, G, I, false);
    }
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const src = (t * B + b) * I, dst = (b * T + t) * I;
        for (let i = 0; i < I; i++) dx[dst + i] = mi === null ? dxt[src + i] : dxt[src + i] * mi[b * I + i];
      }
    }
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
