/**
 * UnsortedSegmentSum for the WebGPU backend, built like the WebGL one: the ids are read back and
 * counting-sorted on the CPU, and each output element sums only its own segment's rows. The stock
 * kernel transposes x, scatters every element with a float atomic add (a compare-and-swap loop
 * that serialises on ids repeated many times, such as the padding id) and transposes back.
 *
 * WGSL compile errors are reported asynchronously by WebGPU, not thrown, so a failure here cannot
 * always be caught in the kernel: `checkTrainingKernels` runs this kernel once against a CPU
 * reference and restores the stock kernel if they disagree. Anything that does throw switches to
 * the stock kernel at once.
 */
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import {
  Reshape,
  UnsortedSegmentSum,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
  type UnsortedSegmentSumAttrs,
} from '@tensorflow/tfjs-core';
import { attrsOf, inputsOf, type KernelArgs } from './kernelArgs';
import { segmentSumDtype, segmentSumLayout, sortBySegment, type SegmentSumLayout } from './segmentSum';

const WORKGROUP = 64;

/** out[s, j] = sum of x[perm[i], j] for i in [offsets[s], offsets[s + 1]); one invocation per output element. */
class SortedSegmentSumProgram implements WebGPUProgram {
  variableNames = ['x', 'perm', 'offsets'];
  outputShape: number[];
  shaderKey = 'lstmLabSortedSegmentSum';
  dispatchLayout = { x: [0, 1] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  size = true;

  constructor(numSegments: number, rowSize: number) {
    this.outputShape = [numSegments, rowSize];
    this.dispatch = [Math.ceil((numSegments * rowSize) / WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let coords = getCoordsFromIndex(index);
          let start = i32(getOffsets(coords.x));
          let end = i32(getOffsets(coords.x + 1));
          var sum = 0.0;
          for (var i = start; i < end; i = i + 1) {
            sum = sum + getX(i32(getPerm(i)), coords.y);
          }
          setOutputAtIndex(index, sum);
        }
      }
    `;
  }
}

function reshapeWebgpu(x: TensorInfo, shape: number[], backend: WebGPUBackend): TensorInfo {
  const reshape = getKernel(Reshape, 'webgpu');
  if (!reshape) throw new Error("UnsortedSegmentSum (webgpu): no 'Reshape' kernel is registered for webgpu.");
  return reshape.kernelFunc({ inputs: { x }, backend, attrs: { shape } as unknown as NamedAttrMap }) as TensorInfo;
}

function sortedSegmentSum(
  x: TensorInfo,
  segmentIds: TensorInfo,
  numSegments: number,
  { outShape, rows, rowSize }: SegmentSumLayout,
  dtype: 'float32' | 'int32',
  backend: WebGPUBackend,
): TensorInfo {
  if (numSegments * rowSize === 0 || rows === 0) {
    return backend.makeTensorInfo(outShape, dtype, new (dtype === 'int32' ? Int32Array : Float32Array)(numSegments * rowSize));
  }
  const { perm, offsets } = sortBySegment(backend.readSync(segmentIds.dataId) as Int32Array, numSegments);
  const temps: TensorInfo[] = [];
  try {
    // A buffer cannot be empty: when every id is dropped, upload one unused entry.
    const permInfo = backend.makeTensorInfo([Math.max(1, perm.length)], 'int32', perm.length ? perm : new Int32Array(1));
    temps.push(permInfo);
    const offsetsInfo = backend.makeTensorInfo([numSegments + 1], 'int32', offsets);
    temps.push(offsetsInfo);
    const x2d = x.shape.length === 2 ? x : reshapeWebgpu(x, [rows, rowSize], backend);
    if (x2d !== x) temps.push(x2d);
    const out2d = backend.runWebGPUProgram(new SortedSegmentSumProgram(numSegments, rowSize), [x2d, permInfo, offsetsInfo], dtype);
    if (outShape.length === 2) return out2d;
    temps.push(out2d);
    return reshapeWebgpu(out2d, outShape, backend);
  } finally {
    temps.forEach((t) => backend.disposeData(t.dataId));
  }
}

/** Our kernel, with the stock one kept as the fallback (see the file comment). */
export function makeUnsortedSegmentSumWebgpuConfig(stock: KernelConfig | undefined): KernelConfig {
  let failed = false;
  const kernelFunc: KernelFunc = (args) => {
    if (failed && stock) return stock.kernelFunc(args);
    const { x, segmentIds } = inputsOf(args, UnsortedSegmentSum, 'x', 'segmentIds');
    const { numSegments } = attrsOf<UnsortedSegmentSumAttrs>(args);
    const layout = segmentSumLayout(x.shape, segmentIds.shape, numSegments);
    const dtype = segmentSumDtype(x.dtype);
    try {
      return sortedSegmentSum(x, segmentIds, numSegments, layout, dtype, args.backend as WebGPUBackend);
    } catch (e) {
      if (!stock) throw e;
      failed = true;
      console.warn(`UnsortedSegmentSum (webgpu): falling back to the stock kernel: ${e instanceof Error ? e.message : String(e)}`);
      return stock.kernelFunc(args);
    }
  };
  return { kernelName: UnsortedSegmentSum, backendName: 'webgpu', kernelFunc };
}
