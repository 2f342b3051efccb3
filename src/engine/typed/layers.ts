/**
 * The layers of the typed trainer: Embedding, LSTM, Dropout and Dense here, Conv1D and
 * MaxPooling1D in `convLayers.ts`, GlobalAveragePooling1D in `globalPooling.ts`, GRU and SimpleRNN
 * in `recurrentLayers.ts`, on float32 views of one arena (`kernels.ts`), batch axis first,
 * with every buffer allocated once for the largest batch.
 * Weights are in Keras order and layout (as `layer.getWeights()` returns them), so they copy to
 * and from the tfjs model as they are.
 */
import type { LayerSpec } from '../spec/types';
import { transpose } from './jsCell';
import { TYPED_CONV_LAYERS } from './convLayers';
import { TYPED_GLOBAL_POOLING_LAYERS } from './globalPooling';
import { TYPED_RECURRENT_LAYERS } from './recurrentLayers';
import { typedBidirectional } from './bidirectional';
import type { TypedKernels } from './kernels';
import {
  arenaWeights, copyRows, fillDropoutMask, inputGradient, noGradient, timeMajorInput, realRuns, realSpan, size, writeOutput, type Factory, type LayerContext, type StepMask,
  type TypedLayer,
} from './layerBase';

/**
 * Products with a transposed weight (dG·Rᵀ, dG·Wᵀ) take `gemmBT`'s dot products for fewer rows
 * than this, and a transposed copy of the weight (once per batch) plus the row-blocked `gemm`
 * from here on: at batch 32 the dot products re-read the whole weight from L2 for every row and
 * ran at a third of the blocked speed; at batch 1 the copy would cost as much as the product.
 */
const TRANSPOSE_MIN_ROWS = 4;

type LstmLayerSpec = Extract<LayerSpec, { kind: 'lstm' }>;

/**
 * Keras' LSTM (gates i, f, c, o; sigmoid gates; tanh or relu), the arithmetic of the fused LSTM's
 * sequence path (`jsCell.ts` for the gate updates), with the products on the
 * arena's kernels. Dropout: one input and one recurrent mask per sequence, as Keras.
 *
 * With a step mask (`Embedding(mask_zero=True)`), Keras' masking (`../reference/sequence.ts`): a
 * row masked at a step is left out of that step's cell call, so its h and c stay and, backwards,
 * its gates get no gradient while its dh and dc pass to the step before unchanged. The products
 * and the cell run only over the steps some row of the batch is real in (`realSpan`). Not with
 * `stateful` (`support.ts` refuses the mix): masked outputs start at zeros, which is h0 only when
 * every batch starts from zeros.
 */
class TypedLstm implements TypedLayer {
  readonly weights: Float32Array[];
  readonly grads: Float32Array[];
  readonly outShape: readonly number[];
  private readonly T: number;
  private readonly I: number;
  private readonly U: number;
  private readonly relu: boolean;
  /** Time-major (row t·B + b) buffers of the last forward, kept for the backward. */
  private readonly xt: Float32Array;
  private readonly gates: Float32Array;
  private readonly cells: Float32Array;
  private readonly hs: Float32Array;
  /** Row t·B + b: the (masked) recurrent input of step t, i.e. h_{t−1}·mask. */
  private readonly hm: Float32Array;
  private readonly y: Float32Array;
  private readonly h0: Float32Array;
  private readonly c0: Float32Array;
  private readonly inputMask: Float32Array | null;
  private readonly recurrentMask: Float32Array | null;
  private readonly dG: Float32Array;
  private readonly dh: Float32Array;
  private readonly dc: Float32Array;
  private readonly dhm: Float32Array;
  private readonly dxt: Float32Array;
  private readonly dx: Float32Array;
  /** A row of ones, [rows]: summing the bias gradient over timesteps and samples as a product. */
  private readonly ones: Float32Array;
  /** Transposed copies of the kernel and recurrent kernel, for batches of TRANSPOSE_MIN_ROWS or more. */
  private readonly WT: Float32Array | null;
  private readonly RT: Float32Array | null;
  private readonly kernels: TypedKernels;
  /** Pairs [b0, b1) of the rows real at one step (`realRuns`). */
  private readonly runs: Int32Array;
  private masked = false;
  private carry = false;
  /** The last forward's step mask and the steps it computed (`realSpan`). */
  private stepMask: StepMask | null = null;
  private first = 0;
  private last = -1;

  constructor(private readonly spec: LstmLayerSpec, private readonly ctx: LayerContext) {
    if (ctx.inShape.length !== 2) throw new Error(`LSTM needs [timesteps, features] input, got [${ctx.inShape}].`);
    const [T, I] = ctx.inShape;
    const U = spec.units, G = 4 * U, B = ctx.maxBatch, rows = T * B;
    this.T = T;
    this.I = I;
    this.U = U;
    this.relu = spec.activation === 'relu';
    this.kernels = ctx.kernels;
    const a = ctx.alloc;
    this.weights = arenaWeights(ctx, [I * G, U * G, G], `LSTM(${U})`);
    this.grads = this.weights.map((w) => a.alloc(w.length));
    this.outShape = spec.returnSequences ? [T, U] : [U];
    this.xt = a.alloc(rows * I);
    this.gates = a.alloc(rows * G);
    this.cells = a.alloc(rows * U);
    this.hs = a.alloc(rows * U);
    this.hm = a.alloc(rows * U);
    this.y = a.alloc(B * size(this.outShape));
    this.h0 = a.alloc(B * U);
    this.c0 = a.alloc(B * U);
    this.inputMask = spec.dropout > 0 ? a.alloc(B * I) : null;
    this.recurrentMask = spec.recurrentDropout > 0 ? a.alloc(B * U) : null;
    this.dG = a.alloc(rows * G);
    this.dh = a.alloc(B * U);
    this.dc = a.alloc(B * U);
    this.dhm = a.alloc(B * U);
    this.dxt = a.alloc(rows * I);
    this.dx = a.alloc(B * T * I);
    this.ones = a.alloc(rows).fill(1);
    this.WT = rows >= TRANSPOSE_MIN_ROWS ? a.alloc(G * I) : null;
    this.RT = B >= TRANSPOSE_MIN_ROWS ? a.alloc(G * U) : null;
    this.runs = new Int32Array(B + 1);
  }

  forward(x: Float32Array, B: number, training: boolean, stepMask: StepMask | null = null): Float32Array {
    const { T, I, U, relu, kernels: K } = this;
    const G = 4 * U, n = B * U;
    // Keras' masked outputs start at zeros, not at the carried state: the two do not mix here.
    if (stepMask && this.spec.stateful) throw new Error('A stateful LSTM cannot read a step mask (Embedding(mask_zero=True)) here.');
    if (this.spec.stateful && this.carry) {
      // The last batch's final state: h_{T−1} and c_{T−1}.
      this.h0.set(this.hs.subarray((T - 1) * n, T * n));
      this.c0.set(this.cells.subarray((T - 1) * n, T * n));
    }
    this.masked = training;
    const mi = training ? this.inputMask : null;
    const mr = training ? this.recurrentMask : null;
    if (mi) fillDropoutMask(mi, B * I, this.spec.dropout, this.ctx.rng);
    if (mr) fillDropoutMask(mr, n, this.spec.recurrentDropout, this.ctx.rng);
    // Only the steps some row is real in are computed (`realSpan`): every row is still at h0, c0
    // before them and holds its state after them.
    const [first, last] = realSpan(stepMask, B, T);
    this.first = first;
    this.last = last;
    this.stepMask = stepMask;

    const { xt, gates, cells, hs, hm, y, h0, c0, runs } = this;
    if (first <= last) {
      const rows = (last - first + 1) * B;
      timeMajorInput(x, xt, mi, B, T, I, first, last);
      // Input projection of every timestep at once: gates = xt·W + b.
      const bias = this.weights[2];
      for (let r = first * B; r < (last + 1) * B; r++) gates.set(bias, r * G);
      K.gemm(xt, first * B * I, I, 1, this.weights[0], 0, gates, first * B * G, rows, I, G, true);
      for (let j = 0; j < n; j++) hm[first * n + j] = mr === null ? h0[j] : h0[j] * mr[j];
      for (let t = first; t <= last; t++) {
        const g = t * B * G, s = t * n;
        const cPrev = t === first ? c0 : cells, hPrev = t === first ? h0 : hs, p = t === first ? 0 : s - n;
        K.gemm(hm, s, U, 1, this.weights[1], 0, gates, g, B, U, G, true);
        // In place: the pre-activations become the activated gates. A masked row is left out and
        // keeps its h and c.
        let kept = 0;
        for (let r = 0, count = realRuns(stepMask, B, T, t, runs); r < count; r++) {
          const b0 = runs[2 * r], b1 = runs[2 * r + 1];
          K.lstmCell(gates, g + b0 * G, cPrev, p + b0 * U, cells, s + b0 * U, hs, s + b0 * U, b1 - b0, U, relu);
          copyRows(cPrev, p, cells, s, kept, b0, U);
          copyRows(hPrev, p, hs, s, kept, b0, U);
          kept = b1;
        }
        copyRows(cPrev, p, cells, s, kept, B, U);
        copyRows(hPrev, p, hs, s, kept, B, U);
        if (t < last) for (let j = 0; j < n; j++) hm[s + n + j] = mr === null ? hs[s + j] : hs[s + j] * mr[j];
      }
    }
    writeOutput(hs, y, B, T, U, this.spec.returnSequences, first, last);
    this.carry = this.spec.stateful;
    return y;
  }

  backward(dy: Float32Array, B: number): Float32Array {
    const { T, I, U, relu, kernels: K, gates, cells, dG, dh, dc, dhm, runs, first, last, stepMask } = this;
    const G = 4 * U, n = B * U;
    const mr = this.masked ? this.recurrentMask : null;
    const mi = this.masked ? this.inputMask : null;
    const seq = this.spec.returnSequences;
    const [dW, dR, dB] = this.grads;
    const { dxt, dx } = this;
    if (first > last) return noGradient(this.grads, dx, B * T * I);
    const rows = (last - first + 1) * B;
    dc.fill(0, 0, n);
    const RT = B >= TRANSPOSE_MIN_ROWS ? this.RT : null;
    if (RT) transpose(this.weights[1], 0, U, G, RT);
    for (let t = last; t >= first; t--) {
      for (let b = 0; b < B; b++) {
        // A row masked at step t + 1 kept h_t as h_{t+1}: all of h_{t+1}'s gradient is h_t's,
        // past the recurrent dropout mask (which only scales the recurrent product's input).
        const through = t < last && stepMask !== null && stepMask[b * T + t + 1] === 0;
        for (let k = 0; k < U; k++) {
          const j = b * U + k;
          let v = seq ? dy[(b * T + t) * U + k] : 0;
          if (t === last) {
            // Every output from here on is h_last: the last output's (or the later steps').
            if (!seq) v += dy[j];
            else for (let u = t + 1; u < T; u++) v += dy[(b * T + u) * U + k];
          } else if (through) {
            v += dh[j];
          } else {
            v += mr === null ? dhm[j] : dhm[j] * mr[j];
          }
          dh[j] = v;
        }
      }
      const s = t * n, g = t * B * G;
      const cPrev = t === first ? this.c0 : cells, p = t === first ? 0 : s - n;
      // A masked row is left out: its dc passes to c_{t−1} unchanged, and its gates get no gradient.
      let kept = 0;
      for (let r = 0, count = realRuns(stepMask, B, T, t, runs); r < count; r++) {
        const b0 = runs[2 * r], b1 = runs[2 * r + 1];
        K.lstmCellBackward(gates, g + b0 * G, cells, s + b0 * U, cPrev, p + b0 * U, dh, b0 * U, dc, b0 * U, dG, g + b0 * G, b1 - b0, U, relu);
        dG.fill(0, g + kept * G, g + b0 * G);
        kept = b1;
      }
      dG.fill(0, g + kept * G, g + B * G);
      // Gradient reaching this step's recurrent input: d(hm_t) = dG_t · Rᵀ.
      if (t > first && RT) K.gemm(dG, g, G, 1, RT, 0, dhm, 0, B, G, U, false);
      else if (t > first) K.gemmBT(dG, g, this.weights[1], 0, dhm, 0, B, G, U, false);
    }
    // Weight gradients over the computed timesteps at once: dW = xtᵀ·dG, dR = hmᵀ·dG, db = Σ dG.
    K.gemm(this.xt, first * B * I, 1, I, dG, first * B * G, dW, 0, I, rows, G, false);
    K.gemm(this.hm, first * n, 1, U, dG, first * B * G, dR, 0, U, rows, G, false);
    // db = 1ᵀ·dG: a one-row product runs the column sums as SIMD (a plain loop over IMDB's
    // 2,560 × 512 was about 2% of the step).
    K.gemm(this.ones, 0, rows, 1, dG, first * B * G, dB, 0, 1, rows, G, false);
    // dx = dG · Wᵀ, back to batch-major and through the input mask; zeros at the steps not computed.
    const WT = rows >= TRANSPOSE_MIN_ROWS && I >= 4 ? this.WT : null;
    if (WT) {
      transpose(this.weights[0], 0, I, G, WT);
      K.gemm(dG, first * B * G, G, 1, WT, 0, dxt, first * B * I, rows, G, I, false);
    } else {
      K.gemmBT(dG, first * B * G, this.weights[0], 0, dxt, first * B * I, rows, G, I, false);
    }
    inputGradient(dxt, dx, mi, B, T, I, first, last);
    return dx;
  }

  resetStates(): void {
    this.h0.fill(0);
    this.c0.fill(0);
    this.carry = false;
  }
}

class TypedDropout implements TypedLayer {
  readonly weights: Float32Array[] = [];
  readonly grads: Float32Array[] = [];
  readonly outShape: readonly number[];
  private readonly mask: Float32Array;
  private readonly y: Float32Array;
  private readonly dx: Float32Array;
  private masked = false;

  constructor(private readonly rate: number, private readonly ctx: LayerContext) {
    this.outShape = ctx.inShape;
    const n = ctx.maxBatch * size(ctx.inShape);
    this.mask = ctx.alloc.alloc(n);
    this.y = ctx.alloc.alloc(n);
    this.dx = ctx.alloc.alloc(n);
  }

  forward(x: Float32Array, batch: number, training: boolean): Float32Array {
    // Identity outside training, as Keras (and for rates the layer treats as off).
    this.masked = training && this.rate > 0 && this.rate < 1;
    if (!this.masked) return x;
    const n = batch * size(this.outShape);
    fillDropoutMask(this.mask, n, this.rate, this.ctx.rng);
    for (let j = 0; j < n; j++) this.y[j] = x[j] * this.mask[j];
    return this.y;
  }

  backward(dy: Float32Array, batch: number): Float32Array {
    if (!this.masked) return dy;
    const n = batch * size(this.outShape);
    for (let j = 0; j < n; j++) this.dx[j] = dy[j] * this.mask[j];
    return this.dx;
  }

  resetStates(): void {}
}

type EmbeddingLayerSpec = Extract<LayerSpec, { kind: 'embedding' }>;

/**
 * Keras' Embedding as the first layer: word ids (stored as floats in the network's input buffer;
 * exact below 2²⁴) to rows of the table. Its gradient is the scatter-add of the output gradient
 * into a dense [vocab, dim] buffer, as tfjs' UnsortedSegmentSum gives Adam, so rows a batch did not
 * touch still move with their moments, as on the tensor path.
 */
class TypedEmbedding implements TypedLayer {
  readonly weights: Float32Array[];
  readonly grads: Float32Array[];
  readonly outShape: readonly number[];
  private readonly T: number;
  private readonly V: number;
  private readonly E: number;
  private readonly y: Float32Array;
  /** The ids of the last forward: the backward scatters by them. */
  private ids: Float32Array;

  constructor(spec: EmbeddingLayerSpec, ctx: LayerContext) {
    if (ctx.inShape.length !== 1) throw new Error(`Embedding takes [timesteps] word ids, got [${ctx.inShape}].`);
    this.T = ctx.inShape[0];
    this.V = spec.inputDim;
    this.E = spec.outputDim;
    this.outShape = [this.T, this.E];
    this.weights = arenaWeights(ctx, [this.V * this.E], `Embedding(${this.V}, ${this.E})`);
    this.grads = [ctx.alloc.alloc(this.V * this.E)];
    this.y = ctx.alloc.alloc(ctx.maxBatch * this.T * this.E);
    this.ids = this.y;
  }

  forward(x: Float32Array, B: number): Float32Array {
    const { T, V, E, y } = this;
    const table = this.weights[0];
    for (let r = 0; r < B * T; r++) {
      const id = x[r];
      // tfjs' gather throws on such ids too; a clear message beats a row of garbage.
      if (!(id >= 0 && id < V && Number.isInteger(id))) throw new Error(`Word id ${id} is outside the Embedding's vocabulary of ${V}.`);
      const src = id * E, dst = r * E;
      for (let k = 0; k < E; k++) y[dst + k] = table[src + k];
    }
    this.ids = x;
    return y;
  }

  backward(dy: Float32Array, B: number): Float32Array {
    const { T, E, ids } = this;
    const dW = this.grads[0];
    dW.fill(0);
    for (let r = 0; r < B * T; r++) {
      const row = ids[r] * E, src = r * E;
      for (let k = 0; k < E; k++) dW[row + k] += dy[src + k];
    }
    // Nothing precedes an Embedding: ids have no gradient.
    return dy;
  }

  resetStates(): void {}
}

/** Dense on [batch, features] input: the pre-activation z = x·W + b (the network applies the activation). */
class TypedDense implements TypedLayer {
  readonly weights: Float32Array[];
  readonly grads: Float32Array[];
  readonly outShape: readonly number[];
  private readonly I: number;
  private readonly N: number;
  private readonly z: Float32Array;
  private readonly dx: Float32Array;
  private readonly kernels: TypedKernels;
  private x: Float32Array;

  constructor(units: number, ctx: LayerContext) {
    if (ctx.inShape.length !== 1) throw new Error(`Dense here takes [features] input, got [${ctx.inShape}].`);
    this.I = ctx.inShape[0];
    this.N = units;
    this.outShape = [units];
    this.kernels = ctx.kernels;
    this.weights = arenaWeights(ctx, [this.I * units, units], `Dense(${units})`);
    this.grads = this.weights.map((w) => ctx.alloc.alloc(w.length));
    this.z = ctx.alloc.alloc(ctx.maxBatch * units);
    this.dx = ctx.alloc.alloc(ctx.maxBatch * this.I);
    this.x = this.z;
  }

  forward(x: Float32Array, B: number): Float32Array {
    this.x = x;
    const [w, bias] = this.weights;
    for (let b = 0; b < B; b++) this.z.set(bias, b * this.N);
    this.kernels.gemm(x, 0, this.I, 1, w, 0, this.z, 0, B, this.I, this.N, true);
    return this.z;
  }

  backward(dz: Float32Array, B: number): Float32Array {
    const { I, N, kernels: K } = this;
    const [dW, dB] = this.grads;
    K.gemm(this.x, 0, 1, I, dz, 0, dW, 0, I, B, N, false);
    dB.fill(0);
    for (let b = 0; b < B; b++) for (let j = 0; j < N; j++) dB[j] += dz[b * N + j];
    K.gemmBT(dz, 0, this.weights[0], 0, this.dx, 0, B, N, I, false);
    return this.dx;
  }

  resetStates(): void {}
}


/** The layer kinds this trainer has; a model with any other kind trains with tfjs. */
export const TYPED_LAYERS: { readonly [K in LayerSpec['kind']]?: Factory<Extract<LayerSpec, { kind: K }>> } = {
  embedding: (spec, ctx) => new TypedEmbedding(spec, ctx),
  lstm: (spec, ctx) => new TypedLstm(spec, ctx),
  dropout: (spec, ctx) => new TypedDropout(spec.rate, ctx),
  dense: (spec, ctx) => new TypedDense(spec.units, ctx),
  ...TYPED_CONV_LAYERS,
  ...TYPED_GLOBAL_POOLING_LAYERS,
  ...TYPED_RECURRENT_LAYERS,
  bidirectional: (spec, ctx) => typedBidirectional(spec, ctx, createTypedLayer),
};

/** Builds one layer for its spec; throws for a kind missing from `TYPED_LAYERS`. */
export function createTypedLayer(spec: LayerSpec, ctx: LayerContext): TypedLayer {
  const factory = TYPED_LAYERS[spec.kind] as Factory<LayerSpec> | undefined;
  if (!factory) throw new Error(`The typed trainer has no ${spec.kind} layer.`);
  return factory(spec, ctx);
}
