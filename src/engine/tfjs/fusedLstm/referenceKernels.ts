/**
 * Test stand-ins (imported only by tests): `FusedLstmCellForward` and `FusedLstmCellBackward` for
 * the 'cpu' backend, computed by the reference cell. We ship these kernels for WebGL and WebGPU
 * only, whose shaders cannot run in Node; with these registered, Node's tests run the 'steps'
 * path of `fusedLstm` (the per-step orchestration the GPUs use), the shader harness
 * (`../gpuKernelCheck.ts`) and the self-check against kernels they can also make wrong on purpose.
 */
import * as tf from '@tensorflow/tfjs';
import { cellBackward, cellForward } from '../../reference/lstm';
import { CELL_BACKWARD, CELL_FORWARD, kernelInputs, type FusedLstmAttrs } from './kernelNames';
import { sliceRows, stepOutputGradient } from './referenceCheck';

type TensorInfo = tf.TensorInfo;

interface CpuBackend {
  readSync(dataId: object): Float32Array;
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

const cellForwardKernel: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const cpu = backend as unknown as CpuBackend, a = attrs as unknown as FusedLstmAttrs;
  const { xp, hr, cPrev, recurrentMask } = kernelInputs(inputs, ['xp', 'hr', 'cPrev'], ['recurrentMask']);
  const [B, G] = hr.shape, U = G / 4, t = a.t ?? 0;
  const xpv = cpu.readSync(xp.dataId), hrv = cpu.readSync(hr.dataId);
  const z = Float64Array.from({ length: B * G }, (_, i) => xpv[t * B * G + i] + hrv[i]);
  const { gates, c, h } = cellForward(z, cpu.readSync(cPrev.dataId), B, U, a.activation);
  const out = (shape: number[], v: Float64Array): TensorInfo => cpu.makeTensorInfo(shape, 'float32', Float32Array.from(v));
  const outs = [out([B, G], gates), out([B, U], c), out([B, U], h)];
  if (recurrentMask) {
    const m = cpu.readSync(recurrentMask.dataId);
    outs.push(out([B, U], h.map((v, j) => v * m[j])));
  }
  return outs;
};

const cellBackwardKernel: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const cpu = backend as unknown as CpuBackend, a = attrs as unknown as FusedLstmAttrs;
  const { gates, cells, c0, dy, dhRec, dcNext, recurrentMask } = kernelInputs(
    inputs, ['gates', 'cells', 'c0', 'dy'], ['dhRec', 'dcNext', 'recurrentMask']);
  const [B, U] = c0.shape, t = a.t ?? 0, T = a.steps ?? 1;
  const read = (info: TensorInfo | undefined) => (info ? cpu.readSync(info.dataId) : undefined);
  const gv = read(gates)!, cv = read(cells)!;
  const dh = stepOutputGradient(read(dy)!, read(dhRec), read(recurrentMask), t, T, B, U, a.returnSequences);
  const cPrev = t === 0 ? read(c0)! : sliceRows(cv, (t - 1) * B, B, U);
  const { dz, dcPrev } = cellBackward(
    sliceRows(gv, t * B, B, 4 * U), sliceRows(cv, t * B, B, U), cPrev, dh, read(dcNext) ?? new Float64Array(B * U), B, U, a.activation);
  return [cpu.makeTensorInfo([B, 4 * U], 'float32', Float32Array.from(dz)), cpu.makeTensorInfo([B, U], 'float32', Float32Array.from(dcPrev))];
};

/** Registers the stand-ins on 'cpu' (replacing any registered there). */
export function registerReferenceCellKernels(): void {
  for (const [kernelName, kernelFunc] of [[CELL_FORWARD, cellForwardKernel], [CELL_BACKWARD, cellBackwardKernel]] as const) {
    if (tf.getKernel(kernelName, 'cpu')) tf.unregisterKernel(kernelName, 'cpu');
    tf.registerKernel({ kernelName, backendName: 'cpu', kernelFunc });
  }
}

/** Takes them away again, leaving 'cpu' as we ship it (no fused LSTM kernels: the 'composite' path). */
export function unregisterReferenceCellKernels(): void {
  for (const kernelName of [CELL_FORWARD, CELL_BACKWARD]) if (tf.getKernel(kernelName, 'cpu')) tf.unregisterKernel(kernelName, 'cpu');
}
