/**
 * UnsortedSegmentSum for the WASM backend, which has none (so without this no Embedding model can
 * train on WASM). Plain JavaScript over views of the WASM heap: the work is a few memory passes,
 * so there is nothing for XNNPACK to speed up.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  UnsortedSegmentSum,
  type KernelConfig,
  type TensorInfo,
  type UnsortedSegmentSumAttrs,
} from '@tensorflow/tfjs-core';
import { attrsOf, inputsOf, type KernelArgs } from './kernelArgs';
import { segmentSumDtype, segmentSumLayout, sortBySegment, sumSegments } from './segmentSum';

function unsortedSegmentSumWasm(args: KernelArgs): TensorInfo {
  const { x, segmentIds } = inputsOf(args, UnsortedSegmentSum, 'x', 'segmentIds');
  const { numSegments } = attrsOf<UnsortedSegmentSumAttrs>(args);
  const backend = args.backend as BackendWasm;
  const { outShape, rowSize } = segmentSumLayout(x.shape, segmentIds.shape, numSegments);
  const dtype = segmentSumDtype(x.dtype);
  const index = sortBySegment(backend.typedArrayFromHeap(segmentIds), numSegments);
  const out = backend.makeOutput(outShape, dtype);
  // Views only after the allocation: malloc may grow the heap, which detaches older views.
  const xVals = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const outVals = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  sumSegments(xVals, index, rowSize, outVals);
  return out;
}

export const unsortedSegmentSumWasmConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSumWasm,
};
