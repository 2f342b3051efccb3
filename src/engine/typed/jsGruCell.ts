/**
 * The GRU cell's element-wise arithmetic (Keras 2, reset_after=True) on plain Float32Arrays: the
 * typed trainer's JavaScript kernels for it (`kernels.ts`, the fallback where WebAssembly SIMD is
 * missing, and the twin its WebAssembly kernels are tested against). The products around it are
 * the caller's. Column blocks z, r, h of [batch, 3u] rows; `engine/reference/gru.ts` is the float64
 * reference the typed layer is tested against.
 *
 * Forward, per row and unit, from x̂ = x·W + b_x and ĥ = h_{t−1}·R + b_h:
 *   z = σ(x̂_z + ĥ_z),  r = σ(x̂_r + ĥ_r),  n = act(x̂_h + r·ĥ_h),  h_t = z·h_{t−1} + (1 − z)·n
 * Backward, from dh (all gradient reaching h_t):
 *   dn' = dh·(1 − z)·act'(n),  dz' = dh·(h_{t−1} − n)·z(1 − z),  dr' = dn'·ĥ_h·r(1 − r)
 *   dX̂ = [dz', dr', dn'],  dĤ = [dz', dr', dn'·r],  and dh ← dh·z (the direct path to h_{t−1}).
 */
import { fastExp, fastTanh } from './jsCell';

const sigmoid = (v: number): number => 1 / (1 + fastExp(-v));

export function gruCellForward(
  batch: number, units: number, relu: boolean,
  xg: Float32Array, xgOff: number, hh: Float32Array, hhOff: number,
  gates: Float32Array, gOff: number, hPrev: Float32Array, hpOff: number, h: Float32Array, hOff: number,
): void {
  const U = units, G = 3 * U;
  for (let b = 0; b < batch; b++) {
    const x = xgOff + b * G, r0 = hhOff + b * G, g = gOff + b * G, hb = b * U;
    for (let k = 0; k < U; k++) {
      const z = sigmoid(xg[x + k] + hh[r0 + k]);
      const r = sigmoid(xg[x + U + k] + hh[r0 + U + k]);
      const pre = xg[x + 2 * U + k] + r * hh[r0 + 2 * U + k];
      const n = relu ? (pre > 0 ? pre : pre <= 0 ? 0 : pre) : fastTanh(pre);
      gates[g + k] = z;
      gates[g + U + k] = r;
      gates[g + 2 * U + k] = n;
      h[hOff + hb + k] = z * hPrev[hpOff + hb + k] + (1 - z) * n;
    }
  }
}

export function gruCellBackward(
  batch: number, units: number, relu: boolean,
  gates: Float32Array, gOff: number, hh: Float32Array, hhOff: number, hPrev: Float32Array, hpOff: number,
  dh: Float32Array, dhOff: number, dXg: Float32Array, dxOff: number, dHH: Float32Array, dhhOff: number,
): void {
  const U = units, G = 3 * U;
  for (let b = 0; b < batch; b++) {
    const g = gOff + b * G, r0 = hhOff + b * G, dx = dxOff + b * G, dr = dhhOff + b * G, hb = b * U;
    for (let k = 0; k < U; k++) {
      const z = gates[g + k], r = gates[g + U + k], n = gates[g + 2 * U + k];
      const d = dh[dhOff + hb + k];
      const dAct = relu ? (n > 0 ? 1 : 0) : 1 - n * n;
      const dnPre = d * (1 - z) * dAct;
      const dzPre = d * (hPrev[hpOff + hb + k] - n) * z * (1 - z);
      const drPre = dnPre * hh[r0 + 2 * U + k] * r * (1 - r);
      dXg[dx + k] = dzPre;
      dXg[dx + U + k] = drPre;
      dXg[dx + 2 * U + k] = dnPre;
      dHH[dr + k] = dzPre;
      dHH[dr + U + k] = drPre;
      dHH[dr + 2 * U + k] = dnPre * r;
      dh[dhOff + hb + k] = d * z;
    }
  }
}
