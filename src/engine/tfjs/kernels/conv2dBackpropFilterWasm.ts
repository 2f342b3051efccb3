/**
 * Conv2DBackpropFilter for the WASM backend, which has none (so without this no Conv1D model can
 * train on WASM).
 *
 * NHWC (what Conv1D uses) goes through XNNPACK: we write im2col(x) transposed, colT
 * [filterHeight * filterWidth * inChannels, positions], straight into the WASM heap, and multiply
 * it by dy viewed as [positions, outChannels] with the backend's own BatchMatMul. Both operands are
 * untransposed, which is the only case where that kernel uses XNNPACK, and the product is already
 * in the filter's layout [fH, fW, inC, outC]. Long inputs are cut into chunks of positions so colT
 * stays under COLT_MAX_ELEMENTS (the WASM heap never shrinks). NCHW falls back to the shared
 * JavaScript loop over heap views.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  BatchMatMul,
  Conv2DBackpropFilter,
  getKernel,
  type backend_util,
  type BatchMatMulAttrs,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { attrsOf, inputsOf, type KernelArgs } from './kernelArgs';
import { conv2dBackpropFilterValues, filterGradInfo } from './conv2dBackpropFilter';

type FilterGradInfo = backend_util.Conv2DInfo;

/** Largest colT we allocate at once, in float32 elements (16 MiB). */
const COLT_MAX_ELEMENTS = 1 << 22;

/** The backend's registered BatchMatMul: ours or stock, both run XNNPACK for untransposed 2-D operands. */
function matMulNN(a: TensorInfo, b: TensorInfo, backend: BackendWasm): TensorInfo {
  const kernel = getKernel(BatchMatMul, 'wasm');
  if (!kernel) throw new Error("Conv2DBackpropFilter (wasm): no 'BatchMatMul' kernel is registered for wasm.");
  const attrs: BatchMatMulAttrs = { transposeA: false, transposeB: false };
  return kernel.kernelFunc({ inputs: { a, b }, backend, attrs: attrs as unknown as NamedAttrMap }) as TensorInfo;
}

function conv2dBackpropFilterWasm(args: KernelArgs): TensorInfo {
  const { x, dy } = inputsOf(args, Conv2DBackpropFilter, 'x', 'dy');
  const backend = args.backend as BackendWasm;
  const info = filterGradInfo(x.shape, attrsOf<Conv2DBackpropFilterAttrs>(args));
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error(`Conv2DBackpropFilter (wasm): x and dy must be float32, got ${x.dtype} and ${dy.dtype}.`);
  }
  return info.dataFormat === 'channelsLast' ? viaMatMul(x, dy, info, backend) : viaLoop(x, dy, info, backend);
}

/** Any layout: the shared JavaScript loop over views of the heap. */
function viaLoop(x: TensorInfo, dy: TensorInfo, info: FilterGradInfo, backend: BackendWasm): TensorInfo {
  const values = conv2dBackpropFilterValues(
    backend.typedArrayFromHeap(x) as Float32Array,
    backend.typedArrayFromHeap(dy) as Float32Array,
    info,
  );
  return backend.makeOutput(info.filterShape, 'float32', undefined, values);
}

/** NHWC: dW = colT . dy, chunked over output positions. */
function viaMatMul(x: TensorInfo, dy: TensorInfo, info: FilterGradInfo, backend: BackendWasm): TensorInfo {
  const { batchSize, outHeight, outWidth, outChannels, filterHeight, filterWidth, inChannels } = info;
  const positions = batchSize * outHeight * outWidth;
  const k = filterHeight * filterWidth * inChannels;
  const chunk = Math.max(1, Math.min(positions, Math.floor(COLT_MAX_ELEMENTS / Math.max(1, k))));
  if (positions === 0 || k === 0 || outChannels === 0) {
    return backend.makeOutput(info.filterShape, 'float32', undefined, new Float32Array(k * outChannels));
  }

  let total: Float64Array | undefined;
  for (let p0 = 0; p0 < positions; p0 += chunk) {
    const count = Math.min(chunk, positions - p0);
    const product = chunkProduct(x, dy, info, p0, count, backend);
    if (count === positions) {
      product.shape = info.filterShape;
      return product;
    }
    const part = backend.typedArrayFromHeap(product) as Float32Array;
    total ??= new Float64Array(part.length);
    for (let i = 0; i < part.length; i++) total[i] += part[i];
    backend.disposeData(product.dataId);
  }
  return backend.makeOutput(info.filterShape, 'float32', undefined, Float32Array.from(total ?? []));
}

/** colT . dy for the positions [p0, p0 + count): [k, outChannels], a new tensor the caller owns. */
function chunkProduct(x: TensorInfo, dy: TensorInfo, info: FilterGradInfo, p0: number, count: number, backend: BackendWasm): TensorInfo {
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const outC = info.outChannels;
  const whole = p0 === 0 && count === info.batchSize * info.outHeight * info.outWidth;
  const temps: TensorInfo[] = [];
  try {
    const colT = backend.makeOutput([k, count], 'float32');
    temps.push(colT);
    // dy's rows for these positions: dy itself, viewed as a matrix, when there is one chunk; else a copy.
    const dyRows = whole ? { dataId: dy.dataId, shape: [count, outC], dtype: dy.dtype } : backend.makeOutput([count, outC], 'float32');
    if (!whole) temps.push(dyRows);
    // Views only after every allocation: malloc may grow the heap, which detaches older views.
    fillColT(backend.typedArrayFromHeap(x) as Float32Array, info, p0, count, backend.typedArrayFromHeap(colT) as Float32Array);
    if (!whole) {
      const dyVals = backend.typedArrayFromHeap(dy) as Float32Array;
      (backend.typedArrayFromHeap(dyRows) as Float32Array).set(dyVals.subarray(p0 * outC, (p0 + count) * outC));
    }
    return matMulNN(colT, dyRows, backend);
  } finally {
    temps.forEach((t) => backend.disposeData(t.dataId));
  }
}

/**
 * colT[(wR, wC, d1), p - p0] = x[b, xR, xC, d1] for positions p = (b, yR, yC) in [p0, p0 + count),
 * zero where the filter tap falls in the padding. Positions run in the outer loop so the K rows
 * being written advance together, one float at a time, and stay in cache.
 */
function fillColT(x: Float32Array, info: FilterGradInfo, p0: number, count: number, colT: Float32Array): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth, padInfo } = info;
  const perImage = outHeight * outWidth;
  for (let j = 0; j < count; j++) {
    const p = p0 + j;
    const b = Math.floor(p / perImage);
    const yR = Math.floor((p - b * perImage) / outWidth);
    const yC = p - b * perImage - yR * outWidth;
    let row = j;
    for (let wR = 0; wR < filterHeight; wR++) {
      const xR = yR * strideHeight + wR - padInfo.top;
      const rowInside = xR >= 0 && xR < inHeight;
      for (let wC = 0; wC < filterWidth; wC++) {
        const xC = yC * strideWidth + wC - padInfo.left;
        if (rowInside && xC >= 0 && xC < inWidth) {
          const xBase = ((b * inHeight + xR) * inWidth + xC) * inChannels;
          for (let d1 = 0; d1 < inChannels; d1++, row += count) colT[row] = x[xBase + d1];
        } else {
          for (let d1 = 0; d1 < inChannels; d1++, row += count) colT[row] = 0;
        }
      }
    }
  }
}

export const conv2dBackpropFilterWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilterWasm,
};
