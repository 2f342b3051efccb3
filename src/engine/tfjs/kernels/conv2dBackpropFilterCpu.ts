/**
 * Conv2DBackpropFilter for the CPU backend: the cache-friendly loop in `conv2dBackpropFilter.ts`
 * over the backend's own typed arrays, for every configuration the stock kernel accepts.
 */
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { attrsOf, inputsOf, type KernelArgs } from './kernelArgs';
import { conv2dBackpropFilterValues, filterGradInfo } from './conv2dBackpropFilter';

function conv2dBackpropFilterCpu(args: KernelArgs): TensorInfo {
  const { x, dy } = inputsOf(args, Conv2DBackpropFilter, 'x', 'dy');
  const attrs = attrsOf<Conv2DBackpropFilterAttrs>(args);
  const backend = args.backend as MathBackendCPU;
  const info = filterGradInfo(x.shape, attrs);
  const values = conv2dBackpropFilterValues(
    backend.data.get(x.dataId).values as Float32Array,
    backend.data.get(dy.dataId).values as Float32Array,
    info,
  );
  return backend.makeTensorInfo(info.filterShape, 'float32', values);
}

export const conv2dBackpropFilterCpuConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'cpu',
  kernelFunc: conv2dBackpropFilterCpu,
};
