/**
 * BatchMatMul for the WASM backend. The stock kernel uses XNNPACK only when neither operand is
 * transposed and there is no batch; otherwise it runs a naive loop at about 1 GFLOP/s. Every
 * matmul in backprop is transposed (dA = dC . B^T, dB = A^T . dC), so training spends most of its
 * time there. We transpose the operands explicitly with the WASM Transpose kernel, fold a batch of
 * A into its rows when B has no batch, and hand the stock kernel the plain 2-D product it runs
 * with XNNPACK. Results agree with the stock kernel to float32 rounding (XNNPACK sums in a
 * different order). Batched B, non-float32 operands and empty tensors go to the stock kernel
 * unchanged.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  BatchMatMul,
  Transpose,
  broadcast_util,
  getKernel,
  util,
  type BatchMatMulAttrs,
  type KernelConfig,
  type NamedAttrMap,
  type TensorInfo,
  type TransposeAttrs,
} from '@tensorflow/tfjs-core';
import { attrsOf, inputsOf, type KernelArgs } from './kernelArgs';

/** x with its last two axes swapped, by the backend's Transpose kernel (a new tensor the caller disposes). */
function swapLastTwo(x: TensorInfo, backend: BackendWasm): TensorInfo {
  const transpose = getKernel(Transpose, 'wasm');
  if (!transpose) throw new Error("BatchMatMul (wasm): no 'Transpose' kernel is registered for wasm.");
  const rank = x.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  const attrs: TransposeAttrs = { perm };
  return transpose.kernelFunc({ inputs: { x }, backend, attrs: attrs as unknown as NamedAttrMap }) as TensorInfo;
}

/** Our kernel around the stock one; undefined (nothing to install) until the WASM backend's kernels are loaded. */
export function makeBatchMatMulWasmConfig(stock: KernelConfig | undefined): KernelConfig | undefined {
  if (!stock) return undefined;
  const stockFunc = stock.kernelFunc;
  const untransposedAttrs: BatchMatMulAttrs = { transposeA: false, transposeB: false };
  const untransposed = untransposedAttrs as unknown as NamedAttrMap;

  const batchMatMulWasm = (args: KernelArgs): TensorInfo => {
    const { a, b } = inputsOf(args, BatchMatMul, 'a', 'b');
    const { transposeA, transposeB } = attrsOf<BatchMatMulAttrs>(args);
    const backend = args.backend as BackendWasm;
    const batchA = util.sizeFromShape(a.shape.slice(0, -2));
    const batchB = util.sizeFromShape(b.shape.slice(0, -2));
    const rankA = a.shape.length;
    const rankB = b.shape.length;
    const innerA = transposeA ? a.shape[rankA - 2] : a.shape[rankA - 1];
    const innerB = transposeB ? b.shape[rankB - 1] : b.shape[rankB - 2];
    const stockRunsXnnpack = !transposeA && !transposeB && batchA === 1;
    const unsupported = a.dtype !== 'float32' || b.dtype !== 'float32' || rankA < 2 || rankB < 2
      || batchB !== 1 || innerA !== innerB || util.sizeFromShape(a.shape) === 0 || util.sizeFromShape(b.shape) === 0;
    if (stockRunsXnnpack || unsupported) return stockFunc(args) as TensorInfo;

    const outerDims = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    const temps: TensorInfo[] = [];
    try {
      const aN = transposeA ? swapLastTwo(a, backend) : a; // [...batch, M, K]
      if (aN !== a) temps.push(aN);
      const bN = transposeB ? swapLastTwo(b, backend) : b; // [1..., K, N]
      if (bN !== b) temps.push(bN);
      const m = aN.shape[rankA - 2];
      const n = bN.shape[rankB - 1];
      // The same data seen as 2-D matrices: A's batch folded into its rows, B's unit batch dropped.
      const a2d: TensorInfo = { dataId: aN.dataId, shape: [batchA * m, innerA], dtype: 'float32' };
      const b2d: TensorInfo = { dataId: bN.dataId, shape: [innerA, n], dtype: 'float32' };
      const out = stockFunc({ inputs: { a: a2d, b: b2d }, backend, attrs: untransposed }) as TensorInfo;
      out.shape = [...outerDims, m, n];
      return out;
    } finally {
      temps.forEach((t) => backend.disposeData(t.dataId));
    }
  };

  return { ...stock, kernelName: BatchMatMul, backendName: 'wasm', kernelFunc: batchMatMulWasm };
}
