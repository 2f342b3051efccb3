/**
 * The LSTM arithmetic on plain Float32Arrays, shared by the CPU and WASM kernels (the WASM kernels
 * pass views of the WASM heap). No tfjs import: everything here is loops over typed arrays.
 *
 * Conventions (Keras layout and gate order):
 * - kernel `W` is [inputDim, 4u], recurrent kernel `R` is [u, 4u], bias is [4u], all row-major;
 *   the 4u gate columns are ordered i, f, c (the candidate, called g here), o.
 * - "t-major" arrays put all batch rows of one timestep together: row `t * batch + b`.
 * - `gates` holds the activated gates [i, f, g, o] per row, `cells` the cell state c_t.
 *
 * One step, per batch row and unit (z = x_t·W + b + hm_{t-1}·R, act = tanh or relu):
 *   i = σ(z_i), f = σ(z_f), g = act(z_g), o = σ(z_o)
 *   c_t = f·c_{t-1} + i·g,  h_t = o·act(c_t),  hm_t = h_t·recurrentMask (the recurrent input)
 * and its backward, given dh (all gradient reaching h_t) and dc (gradient reaching c_t from t+1):
 *   dc' = dc + dh·o·act'(c_t);  dz_i = dc'·g·i(1-i), dz_f = dc'·c_{t-1}·f(1-f),
 *   dz_g = dc'·i·act'(z_g), dz_o = dh·act(c_t)·o(1-o);  dc_{t-1} = dc'·f
 * act' is taken from the saved outputs: tanh' = 1 - a², relu' = (a > 0), as tfjs' own gradients do.
 */

export type CellActivation = 'tanh' | 'relu';

// ---------------------------------------------------------------------------------------------
// Fast sigmoid and tanh. Math.exp costs ~15–20 ns per call in V8; this exp (Cody–Waite range
// reduction, degree-6 polynomial, 2^n from a table) costs ~5 ns and is accurate to ~2e-7
// relative, below float32 resolution of the stored results. NaN propagates (NaN | 0 is 0, but r
// stays NaN), so a diverging run still shows NaN loss.

const POW2 = new Float64Array(256);
for (let i = 0; i < 256; i++) POW2[i] = Math.pow(2, i - 128);
const LOG2E = 1.4426950408889634;
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;

export function fastExp(x: number): number {
  if (x > 88) x = 88;
  else if (x < -88) x = -88;
  // x·log2(e) + 128.5 lies in (1, 256) after clamping, so `| 0` is floor(· + 0.5): round to nearest.
  const n = (x * LOG2E + 128.5) | 0;
  const m = n - 128;
  const r = x - m * LN2_HI - m * LN2_LO;
  const p =
    1 +
    r *
      (1 +
        r * (0.5 + r * (0.16666666666666666 + r * (0.041666666666666664 + r * (0.008333333333333333 + r * 0.001388888888888889)))));
  return p * POW2[n];
}

export function fastSigmoid(x: number): number {
  return 1 / (1 + fastExp(-x));
}

export function fastTanh(x: number): number {
  // Branch-free (the sign of x is unpredictable). Near 0 the polynomial's error vanishes, so the
  // cancellation in 1 - 2/(1+e^2x) costs no relative precision at float32 resolution.
  return 1 - 2 / (1 + fastExp(2 * x));
}

// ---------------------------------------------------------------------------------------------
// Matrix products. Row-major, with explicit offsets so callers can address one timestep of a
// t-major array without making subarrays. Every product is arranged as C = A·B with B's rows
// contiguous (transposing first where needed): four rows of C at a time share each load of B,
// which runs about twice as fast in V8 (≈1.5 GMAC/s on one AVX2 core) as dot products or the
// plain triple loop.

/** C[M,N] (+)= A[M,K] · B[K,N]. */
export function gemm(
  a: Float32Array, aOff: number, b: Float32Array, bOff: number, c: Float32Array, cOff: number,
  m: number, k: number, n: number, accumulate: boolean,
): void {
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const c0 = cOff + i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
    const a0 = aOff + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    if (!accumulate) for (let j = 0; j < 4 * n; j++) c[c0 + j] = 0;
    let p = 0;
    for (; p + 1 < k; p += 2) {
      const x0 = a[a0 + p], x1 = a[a0 + p + 1], y0 = a[a1 + p], y1 = a[a1 + p + 1];
      const z0 = a[a2 + p], z1 = a[a2 + p + 1], w0 = a[a3 + p], w1 = a[a3 + p + 1];
      const b0 = bOff + p * n, b1 = b0 + n;
      for (let j = 0; j < n; j++) {
        const v0 = b[b0 + j], v1 = b[b1 + j];
        c[c0 + j] += x0 * v0 + x1 * v1;
        c[c1 + j] += y0 * v0 + y1 * v1;
        c[c2 + j] += z0 * v0 + z1 * v1;
        c[c3 + j] += w0 * v0 + w1 * v1;
      }
    }
    if (p < k) {
      const x = a[a0 + p], y = a[a1 + p], z = a[a2 + p], w = a[a3 + p], bo = bOff + p * n;
      for (let j = 0; j < n; j++) {
        const v = b[bo + j];
        c[c0 + j] += x * v;
        c[c1 + j] += y * v;
        c[c2 + j] += z * v;
        c[c3 + j] += w * v;
      }
    }
  }
  // Remaining rows one at a time (all of them when M < 4, e.g. batch 1), K unrolled by four.
  for (; i < m; i++) {
    const co = cOff + i * n;
    const ao = aOff + i * k;
    if (!accumulate) for (let j = 0; j < n; j++) c[co + j] = 0;
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const a0 = a[ao + p], a1 = a[ao + p + 1], a2 = a[ao + p + 2], a3 = a[ao + p + 3];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue; // dropout zeros, relu zeros
      const b0 = bOff + p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
      for (let j = 0; j < n; j++) c[co + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
    }
    for (; p < k; p++) {
      const av = a[ao + p];
      if (av === 0) continue;
      const bo = bOff + p * n;
      for (let j = 0; j < n; j++) c[co + j] += av * b[bo + j];
    }
  }
}

/** dst[cols, rows] = src[rows, cols]ᵀ (src read from srcOff). */
export function transpose(src: Float32Array, srcOff: number, rows: number, cols: number, dst: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const so = srcOff + r * cols;
    for (let j = 0; j < cols; j++) dst[j * rows + r] = src[so + j];
  }
}

// ---------------------------------------------------------------------------------------------
// One timestep for all batch rows.

/**
 * Gate update for one step. Pre-activations are `za[zaOff..] + zb[zbOff..]` ([batch, 4u] each;
 * `zb` may be null), e.g. the input projection of step t plus the recurrent product.
 * Writes gates [batch, 4u], c [batch, u] and h [batch, u] at their offsets.
 */
export function cellForward(
  batch: number, units: number, relu: boolean,
  za: Float32Array, zaOff: number, zb: Float32Array | null, zbOff: number,
  cPrev: Float32Array, cpOff: number,
  gates: Float32Array, gOff: number, c: Float32Array, cOff: number, h: Float32Array, hOff: number,
): void {
  // One short loop per gate block, each with a single call site of its activation, so V8 inlines
  // the exp into every loop (one big loop with five activation calls exceeds its inlining budget
  // and then boxes every returned double).
  const u = units, g4 = 4 * units;
  for (let bi = 0; bi < batch; bi++) {
    const zr = zaOff + bi * g4, wr = zbOff + bi * g4, gr = gOff + bi * g4;
    if (zb === null) for (let j = 0; j < g4; j++) gates[gr + j] = za[zr + j];
    else for (let j = 0; j < g4; j++) gates[gr + j] = za[zr + j] + zb[wr + j];
    for (let j = 0; j < 2 * u; j++) gates[gr + j] = 1 / (1 + fastExp(-gates[gr + j])); // i, f
    if (relu) {
      for (let j = 2 * u; j < 3 * u; j++) if (gates[gr + j] < 0) gates[gr + j] = 0; // NaN stays NaN
    } else {
      for (let j = 2 * u; j < 3 * u; j++) gates[gr + j] = 1 - 2 / (1 + fastExp(2 * gates[gr + j]));
    }
    for (let j = 3 * u; j < g4; j++) gates[gr + j] = 1 / (1 + fastExp(-gates[gr + j])); // o
    const sr = bi * u;
    for (let k = 0; k < u; k++) {
      const ct = gates[gr + u + k] * cPrev[cpOff + sr + k] + gates[gr + k] * gates[gr + 2 * u + k];
      c[cOff + sr + k] = ct;
      h[hOff + sr + k] = ct; // activated below
    }
    if (relu) {
      for (let k = 0; k < u; k++) {
        const ct = h[hOff + sr + k];
        h[hOff + sr + k] = gates[gr + 3 * u + k] * (ct < 0 ? 0 : ct);
      }
    } else {
      for (let k = 0; k < u; k++) h[hOff + sr + k] = gates[gr + 3 * u + k] * (1 - 2 / (1 + fastExp(2 * h[hOff + sr + k])));
    }
  }
}

/**
 * Backward of one step for all batch rows. `dh` [batch, u] is all gradient reaching h_t; `dc`
 * [batch, u] holds the gradient reaching c_t from step t+1 on entry and dc_{t-1} on exit.
 * Writes dGates (pre-activation gradients) [batch, 4u] at dgOff. `cells` holds c_t (float32 as
 * stored in the forward pass) and `cPrev` c_{t-1}.
 */
export function cellBackward(
  batch: number, units: number, relu: boolean,
  gates: Float32Array, gOff: number, cells: Float32Array, cOff: number, cPrev: Float32Array, cpOff: number,
  dh: Float32Array, dhOff: number, dc: Float32Array, dcOff: number, dG: Float32Array, dgOff: number,
): void {
  const u = units, g4 = 4 * units;
  for (let bi = 0; bi < batch; bi++) {
    const gr = gOff + bi * g4, dr = dgOff + bi * g4;
    const sr = bi * u;
    for (let k = 0; k < u; k++) {
      const ig = gates[gr + k], fg = gates[gr + u + k], gg = gates[gr + 2 * u + k], og = gates[gr + 3 * u + k];
      const ct = cells[cOff + sr + k];
      const dhv = dh[dhOff + sr + k];
      let act: number, dAct: number;
      if (relu) {
        act = ct < 0 ? 0 : ct;
        dAct = ct > 0 ? 1 : 0;
      } else {
        act = fastTanh(ct);
        dAct = 1 - act * act;
      }
      const dct = dc[dcOff + sr + k] + dhv * og * dAct;
      const dGg = relu ? (gg > 0 ? dct * ig : 0) : dct * ig * (1 - gg * gg);
      dG[dr + k] = dct * gg * ig * (1 - ig);
      dG[dr + u + k] = dct * cPrev[cpOff + sr + k] * fg * (1 - fg);
      dG[dr + 2 * u + k] = dGg;
      dG[dr + 3 * u + k] = dhv * act * og * (1 - og);
      dc[dcOff + sr + k] = dct * fg;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Whole sequences, for small models where one kernel call for the whole forward (and one for the
// whole backward) beats a few tfjs calls per timestep.

/** Reusable scratch buffers, so the sequence kernels allocate nothing after the first batch. */
const scratchPool = new Map<string, Float32Array>();
function scratch(name: string, size: number, zero: boolean): Float32Array {
  let buf = scratchPool.get(name);
  if (buf === undefined || buf.length < size) {
    buf = new Float32Array(Math.max(size, 16));
    scratchPool.set(name, buf);
  } else if (zero) {
    buf.fill(0, 0, size);
  }
  return buf;
}

export interface SequenceDims {
  batch: number;
  steps: number;
  inputDim: number;
  units: number;
  activation: CellActivation;
  returnSequences: boolean;
}

export interface SequenceForwardInputs {
  /** [batch, steps, inputDim] */
  x: Float32Array;
  /** [inputDim, 4u] */
  kernel: Float32Array;
  /** [u, 4u] */
  recurrentKernel: Float32Array;
  /** [4u] */
  bias: Float32Array;
  /** [batch, u] */
  h0: Float32Array;
  /** [batch, u] */
  c0: Float32Array;
  /** [batch, inputDim], already scaled by 1/(1-rate); null when dropout is off. */
  inputMask: Float32Array | null;
  /** [batch, u], already scaled; null when recurrent dropout is off. */
  recurrentMask: Float32Array | null;
}

export interface SequenceForwardOutputs {
  /** [batch, steps, u] with returnSequences, else [batch, u]. */
  y: Float32Array;
  /** [batch, u] */
  hT: Float32Array;
  /** [batch, u] */
  cT: Float32Array;
  /** t-major activated gates [steps * batch, 4u], saved for the backward pass. */
  gates: Float32Array;
  /** t-major cell states [steps * batch, u], saved for the backward pass. */
  cells: Float32Array;
}

/** x [batch, steps, in] → t-major [steps * batch, in], times the input mask. */
function maskedTimeMajor(d: SequenceDims, x: Float32Array, mask: Float32Array | null, out: Float32Array): void {
  const { batch, steps, inputDim } = d;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < steps; t++) {
      const src = (b * steps + t) * inputDim, dst = (t * batch + b) * inputDim;
      if (mask === null) for (let i = 0; i < inputDim; i++) out[dst + i] = x[src + i];
      else for (let i = 0; i < inputDim; i++) out[dst + i] = x[src + i] * mask[b * inputDim + i];
    }
  }
}

export function sequenceForward(d: SequenceDims, inp: SequenceForwardInputs, out: SequenceForwardOutputs): void {
  const { batch: B, steps: T, inputDim: I, units: U, returnSequences } = d;
  const G = 4 * U, relu = d.activation === 'relu';
  const rows = T * B;
  const xt = scratch('xt', rows * I, false);
  maskedTimeMajor(d, inp.x, inp.inputMask, xt);
  // Input projection of every timestep at once: xp = xt·W + b.
  const xp = scratch('xp', rows * G, false);
  for (let r = 0; r < rows; r++) xp.set(inp.bias.subarray(0, G), r * G);
  gemm(xt, 0, inp.kernel, 0, xp, 0, rows, I, G, true);

  const hr = scratch('hr', B * G, false);
  const hm = scratch('hm', B * U, false);
  const h = scratch('h', B * U, false);
  const m = inp.recurrentMask;
  for (let j = 0; j < B * U; j++) hm[j] = m === null ? inp.h0[j] : inp.h0[j] * m[j];
  for (let t = 0; t < T; t++) {
    gemm(hm, 0, inp.recurrentKernel, 0, hr, 0, B, U, G, false);
    const cPrev = t === 0 ? inp.c0 : out.cells;
    const cpOff = t === 0 ? 0 : (t - 1) * B * U;
    cellForward(B, U, relu, xp, t * B * G, hr, 0, cPrev, cpOff, out.gates, t * B * G, out.cells, t * B * U, h, 0);
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < U; k++) {
        const v = h[b * U + k];
        hm[b * U + k] = m === null ? v : v * m[b * U + k];
        if (returnSequences) out.y[(b * T + t) * U + k] = v;
      }
    }
  }
  const last = (T - 1) * B * U;
  for (let j = 0; j < B * U; j++) {
    out.hT[j] = h[j];
    out.cT[j] = out.cells[last + j];
  }
  if (!returnSequences) out.y.set(h.subarray(0, B * U));
}

export interface SequenceBackwardInputs {
  x: Float32Array;
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  h0: Float32Array;
  c0: Float32Array;
  inputMask: Float32Array | null;
  recurrentMask: Float32Array | null;
  /** From the forward pass, t-major [steps * batch, 4u]. */
  gates: Float32Array;
  /** From the forward pass, t-major [steps * batch, u]. */
  cells: Float32Array;
  /** Gradient of the output: [batch, steps, u] with returnSequences, else [batch, u]. */
  dy: Float32Array;
}

export interface SequenceBackwardOutputs {
  /** [batch, steps, inputDim] */
  dx: Float32Array;
  /** [inputDim, 4u] */
  dKernel: Float32Array;
  /** [u, 4u] */
  dRecurrentKernel: Float32Array;
  /** [4u] */
  dBias: Float32Array;
}

export function sequenceBackward(d: SequenceDims, inp: SequenceBackwardInputs, out: SequenceBackwardOutputs): void {
  const { batch: B, steps: T, inputDim: I, units: U, returnSequences } = d;
  const G = 4 * U, relu = d.activation === 'relu';
  const rows = T * B;
  const m = inp.recurrentMask;
  const dG = scratch('dG', rows * G, false);
  const dh = scratch('dh', B * U, false);
  const dc = scratch('dc', B * U, true);
  const dhm = scratch('dhm', B * U, false);
  const RT = scratch('RT', G * U, false);
  transpose(inp.recurrentKernel, 0, U, G, RT);
  for (let t = T - 1; t >= 0; t--) {
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < U; k++) {
        const j = b * U + k;
        let v = 0;
        if (returnSequences) v = inp.dy[(b * T + t) * U + k];
        else if (t === T - 1) v = inp.dy[j];
        if (t < T - 1) v += m === null ? dhm[j] : dhm[j] * m[j];
        dh[j] = v;
      }
    }
    const cPrev = t === 0 ? inp.c0 : inp.cells;
    const cpOff = t === 0 ? 0 : (t - 1) * B * U;
    cellBackward(B, U, relu, inp.gates, t * B * G, inp.cells, t * B * U, cPrev, cpOff, dh, 0, dc, 0, dG, t * B * G);
    // Gradient reaching the (masked) recurrent input of this step: d(hm_{t-1}) = dG_t · Rᵀ.
    if (t > 0) gemm(dG, t * B * G, RT, 0, dhm, 0, B, G, U, false);
  }

  // Weight gradients over all timesteps at once: dW = xtᵀ·dG, dR = hmᵀ·dG, db = Σ dG.
  const db = out.dBias;
  db.fill(0);
  for (let r = 0; r < rows; r++) for (let j = 0; j < G; j++) db[j] += dG[r * G + j];
  const xt = scratch('xt', rows * I, false);
  maskedTimeMajor(d, inp.x, inp.inputMask, xt);
  const xtT = scratch('xtT', rows * I, false);
  transpose(xt, 0, rows, I, xtT);
  gemm(xtT, 0, dG, 0, out.dKernel, 0, I, rows, G, false);
  // hm_{t-1} for every step, transposed [U, T*B], rebuilt from the saved gates and cells.
  const hmT = scratch('hmT', rows * U, false);
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      const row = t * B + b;
      for (let k = 0; k < U; k++) {
        const j = b * U + k;
        let v: number;
        if (t === 0) v = inp.h0[j];
        else {
          const ct = inp.cells[(t - 1) * B * U + j];
          const act = relu ? (ct < 0 ? 0 : ct) : fastTanh(ct);
          v = inp.gates[((t - 1) * B + b) * G + 3 * U + k] * act;
        }
        hmT[k * rows + row] = m === null ? v : v * m[j];
      }
    }
  }
  gemm(hmT, 0, dG, 0, out.dRecurrentKernel, 0, U, rows, G, false);
  // dx = dG · Wᵀ, back to [batch, steps, in] and through the input mask.
  const WT = scratch('WT', G * I, false);
  transpose(inp.kernel, 0, I, G, WT);
  const dxt = scratch('dxt', rows * I, false);
  gemm(dG, 0, WT, 0, dxt, 0, rows, G, I, false);
  const mi = inp.inputMask;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const src = (t * B + b) * I, dst = (b * T + t) * I;
      if (mi === null) for (let i = 0; i < I; i++) out.dx[dst + i] = dxt[src + i];
      else for (let i = 0; i < I; i++) out.dx[dst + i] = dxt[src + i] * mi[b * I + i];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Single steps, for the per-timestep kernels of the tensor path (large models on CPU/WASM).

/**
 * One forward step: z = xp[t] + hr. Writes gates [batch, 4u], c, h and (if `hm` is given) the
 * masked recurrent input hm = h·mask, all [batch, u].
 */
export function stepForward(
  batch: number, units: number, relu: boolean, t: number,
  xp: Float32Array, hr: Float32Array, cPrev: Float32Array, mask: Float32Array | null,
  gates: Float32Array, c: Float32Array, h: Float32Array, hm: Float32Array | null,
): void {
  cellForward(batch, units, relu, xp, t * batch * 4 * units, hr, 0, cPrev, 0, gates, 0, c, 0, h, 0);
  if (hm !== null && mask !== null) for (let j = 0; j < batch * units; j++) hm[j] = h[j] * mask[j];
}

/**
 * One backward step at time t. dh = dy_t + dhRec·mask, where `dhRec` is d(hm_t) = dG_{t+1}·Rᵀ
 * (null at the last step) and `dy` is t-major [steps * batch, u] with returnSequences, or
 * [batch, u] (the last step's gradient) without. `dcNext` is the gradient reaching c_t from t+1
 * (null at the last step). Writes dG [batch, 4u] and dcPrev [batch, u].
 */
export function stepBackward(
  batch: number, units: number, relu: boolean, t: number, steps: number, returnSequences: boolean,
  gatesAll: Float32Array, cellsAll: Float32Array, c0: Float32Array,
  dhRec: Float32Array | null, dcNext: Float32Array | null, dy: Float32Array, mask: Float32Array | null,
  dG: Float32Array, dcPrev: Float32Array,
): void {
  const n = batch * units;
  const dh = scratch('stepDh', n, false);
  for (let j = 0; j < n; j++) {
    let v = 0;
    if (returnSequences) v = dy[t * n + j];
    else if (t === steps - 1) v = dy[j];
    if (dhRec !== null) v += mask === null ? dhRec[j] : dhRec[j] * mask[j];
    dh[j] = v;
  }
  if (dcNext === null) dcPrev.fill(0);
  else dcPrev.set(dcNext.subarray(0, n));
  const cPrev = t === 0 ? c0 : cellsAll;
  const cpOff = t === 0 ? 0 : (t - 1) * n;
  cellBackward(batch, units, relu, gatesAll, t * batch * 4 * units, cellsAll, t * n, cPrev, cpOff, dh, 0, dcPrev, 0, dG, 0);
}
