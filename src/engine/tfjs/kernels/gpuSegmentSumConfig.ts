/**
 * The kernel wrapper both GPU UnsortedSegmentSum implementations share: argument parsing, the
 * output layout and dtype, and a one-way switch to tfjs' stock kernel if the GPU work itself fails
 * (a driver that cannot compile the shader, say). Bad arguments still throw as usual.
 */
import {
  UnsortedSegmentSum,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  type UnsortedSegmentSumAttrs,
} from '@tensorflow/tfjs-core';
import { attrsOf, inputsOf } from './kernelArgs';
import { segmentSumDtype, segmentSumLayout, type SegmentSumLayout } from './segmentSum';

/** Runs the sum on the GPU backend: data `x`, ids `segmentIds`, into `layout` with `dtype`. */
export type GpuSegmentSum<B> = (
  x: TensorInfo,
  segmentIds: TensorInfo,
  numSegments: number,
  layout: SegmentSumLayout,
  dtype: 'float32' | 'int32',
  backend: B,
) => TensorInfo;

export function gpuSegmentSumConfig<B>(
  backendName: 'webgl' | 'webgpu',
  run: GpuSegmentSum<B>,
  stock: KernelConfig | undefined,
): KernelConfig {
  let failed = false;
  const kernelFunc: KernelFunc = (args) => {
    if (failed && stock) return stock.kernelFunc(args);
    const { x, segmentIds } = inputsOf(args, UnsortedSegmentSum, 'x', 'segmentIds');
    const { numSegments } = attrsOf<UnsortedSegmentSumAttrs>(args);
    const layout = segmentSumLayout(x.shape, segmentIds.shape, numSegments);
    const dtype = segmentSumDtype(x.dtype);
    try {
      return run(x, segmentIds, numSegments, layout, dtype, args.backend as B);
    } catch (e) {
      if (!stock) throw e;
      failed = true;
      console.warn(`UnsortedSegmentSum (${backendName}): falling back to the stock kernel: ${e instanceof Error ? e.message : String(e)}`);
      return stock.kernelFunc(args);
    }
  };
  return { kernelName: UnsortedSegmentSum, backendName, kernelFunc };
}
