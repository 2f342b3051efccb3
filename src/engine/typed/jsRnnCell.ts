/**
 * SimpleRNN's element-wise arithmetic on plain Float32Arrays: the typed trainer's JavaScript
 * kernels for it (`kernels.ts`, the fallback where WebAssembly SIMD is missing, and the twin its
 * WebAssembly kernels are tested against). The products around it are the caller's;
 * `engine/reference/simpleRnn.ts` is the float64 reference the typed layer is tested against.
 *
 * Forward: h = act(pre), pre = x·W + h_{t−1}·R + b. Backward: dPre = dh·act'(h), from the output
 * (tanh' = 1 − h², relu' = 1 where h > 0); dh is then cleared, the caller adding what the
 * recurrent product sends back to h_{t−1}.
 */
import { fastTanh } from './jsCell';

export function rnnCellForward(n: number, relu: boolean, pre: Float32Array, preOff: number, h: Float32Array, hOff: number): void {
  for (let j = 0; j < n; j++) {
    const v = pre[preOff + j];
    // relu keeps NaN (as the WebAssembly max does): a diverging run still shows a NaN loss.
    h[hOff + j] = relu ? (v > 0 ? v : v <= 0 ? 0 : v) : fastTanh(v);
  }
}

export function rnnCellBackward(
  n: number, relu: boolean, h: Float32Array, hOff: number, dh: Float32Array, dhOff: number, dPre: Float32Array, dpOff: number,
): void {
  for (let j = 0; j < n; j++) {
    const y = h[hOff + j];
    dPre[dpOff + j] = dh[dhOff + j] * (relu ? (y > 0 ? 1 : 0) : 1 - y * y);
    dh[dhOff + j] = 0;
  }
}
