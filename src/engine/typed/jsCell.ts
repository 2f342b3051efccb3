/**
 * The LSTM cell's arithmetic on plain Float32Arrays: the typed trainer's JavaScript kernels
 * (`engine/typed/kernels.ts`, the fallback where WebAssembly SIMD is missing, and the twin its
 * WebAssembly kernels are tested against) and its transposes. No tfjs import.
 *
 * Conventions (Keras layout and gate order):
 * - the 4u gate columns are ordered i, f, c (the candidate, called g here), o;
 * - `gates` holds the activated gates [i, f, g, o] per row, `cells` the cell state c_t.
 *
 * One step, per batch row and unit (act = tanh or relu):
 *   i = σ(z_i), f = σ(z_f), g = act(z_g), o = σ(z_o)
 *   c_t = f·c_{t-1} + i·g,  h_t = o·act(c_t)
 * and its backward, given dh (all gradient reaching h_t) and dc (gradient reaching c_t from t+1):
 *   dc' = dc + dh·o·act'(c_t);  dz_i = dc'·g·i(1-i), dz_f = dc'·c_{t-1}·f(1-f),
 *   dz_g = dc'·i·act'(z_g), dz_o = dh·act(c_t)·o(1-o);  dc_{t-1} = dc'·f
 * act' is taken from the saved outputs: tanh' = 1 - a², relu' = (a > 0), as tfjs' own gradients do.
 * `engine/reference/lstm.ts` is the float64 reference these are tested against (via the typed kernels' tests).
 */

// ---------------------------------------------------------------------------------------------
// Fast exp and tanh (the sigmoids are written out inline). Math.exp costs ~15–20 ns per call in V8; this exp (Cody–Waite range
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

export function fastTanh(x: number): number {
  // Branch-free (the sign of x is unpredictable). Near 0 the polynomial's error vanishes, so the
  // cancellation in 1 - 2/(1+e^2x) costs no relative precision at float32 resolution.
  return 1 - 2 / (1 + fastExp(2 * x));
}

// ---------------------------------------------------------------------------------------------
// Transposes, for the typed trainer's layers.

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
