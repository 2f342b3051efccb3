/**
 * The four fused LSTM kernels for the 'cpu' and 'wasm' backends: thin adapters that hand typed
 * arrays to `math.ts`. The CPU backend keeps each tensor in a JS typed array; the WASM backend
 * keeps it in the WASM heap, which we read and write through views (`typedArrayFromHeap`).
 *
 * WASM caveat: allocating an output (`makeOutput`) may grow the heap, which detaches every view
 * made earlier. So each kernel allocates all its outputs first and only then makes views.
 */
import * as tf from '@tensorflow/tfjs';
import { CELL_BACKWARD, CELL_FORWARD, kernelInputs, registerOnce, SEQUENCE_BACKWARD, SEQUENCE_FORWARD, type FusedLstmAttrs } from './kernelNames';
import { sequenceBackward, sequenceForward, stepBackward, stepForward, type SequenceDims } from './math';

type TensorInfo = tf.TensorInfo;

/** What a kernel needs from a backend that stores tensors in CPU-addressable memory. */
interface ArrayAccess {
  /** Allocates float32 outputs; returns their infos and a function giving views (call it after all allocations). */
  allocate(shapes: number[][]): { infos: TensorInfo[]; views(): Float32Array[] };
  /** A Float32Array over an input's data. Only valid until the next allocation (WASM). */
  read(info: TensorInfo): Float32Array;
}

interface CpuBackendLike {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

function checkFloat(info: TensorInfo | undefined, name: string): void {
  if (info !== undefined && info.dtype !== 'float32') {
    throw new Error(`Fused LSTM: input '${name}' must be float32, got ${info.dtype}.`);
  }
}

function cpuAccess(backend: CpuBackendLike): ArrayAccess {
  return {
    allocate(shapes) {
      const arrays = shapes.map((s) => new Float32Array(size(s)));
      const infos = shapes.map((s, i) => backend.makeTensorInfo(s, 'float32', arrays[i]));
      return { infos, views: () => arrays };
    },
    read(info) {
      checkFloat(info, 'input');
      return backend.data.get(info.dataId).values as Float32Array;
    },
  };
}

function wasmAccess(backend: WasmBackendLike): ArrayAccess {
  return {
    allocate(shapes) {
      const infos = shapes.map((s) => backend.makeOutput(s, 'float32'));
      return { infos, views: () => infos.map((info) => backend.typedArrayFromHeap(info)) };
    },
    read(info) {
      checkFloat(info, 'input');
      return backend.typedArrayFromHeap(info);
    },
  };
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap };

function sequenceForwardKernel(access: ArrayAccess, { inputs, attrs }: KernelArgs): TensorInfo[] {
  const a = attrs as unknown as FusedLstmAttrs;
  const { x, kernel, recurrentKernel, bias, h0, c0, inputMask, recurrentMask } = kernelInputs(
    inputs, ['x', 'kernel', 'recurrentKernel', 'bias', 'h0', 'c0'], ['inputMask', 'recurrentMask']);
  const [B, T, I] = x.shape;
  const U = recurrentKernel.shape[0];
  const d: SequenceDims = { batch: B, steps: T, inputDim: I, units: U, activation: a.activation, returnSequences: a.returnSequences };
  const out = access.allocate([a.returnSequences ? [B, T, U] : [B, U], [B, U], [B, U], [T * B, 4 * U], [T * B, U]]);
  const [y, hT, cT, gates, cells] = out.views();
  sequenceForward(
    d,
    {
      x: access.read(x),
      kernel: access.read(kernel),
      recurrentKernel: access.read(recurrentKernel),
      bias: access.read(bias),
      h0: access.read(h0),
      c0: access.read(c0),
      inputMask: inputMask ? access.read(inputMask) : null,
      recurrentMask: recurrentMask ? access.read(recurrentMask) : null,
    },
    { y, hT, cT, gates, cells },
  );
  return out.infos;
}

function sequenceBackwardKernel(access: ArrayAccess, { inputs, attrs }: KernelArgs): TensorInfo[] {
  const a = attrs as unknown as FusedLstmAttrs;
  const { x, kernel, recurrentKernel, h0, c0, gates, cells, dy, inputMask, recurrentMask } = kernelInputs(
    inputs, ['x', 'kernel', 'recurrentKernel', 'h0', 'c0', 'gates', 'cells', 'dy'], ['inputMask', 'recurrentMask']);
  const [B, T, I] = x.shape;
  const U = recurrentKernel.shape[0];
  const d: SequenceDims = { batch: B, steps: T, inputDim: I, units: U, activation: a.activation, returnSequences: a.returnSequences };
  const out = access.allocate([[B, T, I], [I, 4 * U], [U, 4 * U], [4 * U]]);
  const [dx, dKernel, dRecurrentKernel, dBias] = out.views();
  sequenceBackward(
    d,
    {
      x: access.read(x),
      kernel: access.read(kernel),
      recurrentKernel: access.read(recurrentKernel),
      h0: access.read(h0),
      c0: access.read(c0),
      gates: access.read(gates),
      cells: access.read(cells),
      dy: access.read(dy),
      inputMask: inputMask ? access.read(inputMask) : null,
      recurrentMask: recurrentMask ? access.read(recurrentMask) : null,
    },
    { dx, dKernel, dRecurrentKernel, dBias },
  );
  return out.infos;
}

function cellForwardKernel(access: ArrayAccess, { inputs, attrs }: KernelArgs): TensorInfo[] {
  const a = attrs as unknown as FusedLstmAttrs;
  const { xp, hr, cPrev, recurrentMask } = kernelInputs(inputs, ['xp', 'hr', 'cPrev'], ['recurrentMask']);
  const [B, G] = hr.shape;
  const U = G / 4;
  const shapes = [[B, G], [B, U], [B, U]];
  if (recurrentMask) shapes.push([B, U]);
  const out = access.allocate(shapes);
  const [gates, c, h, hm] = out.views();
  stepForward(
    B, U, a.activation === 'relu', a.t ?? 0,
    access.read(xp), access.read(hr), access.read(cPrev), recurrentMask ? access.read(recurrentMask) : null,
    gates, c, h, hm ?? null,
  );
  return out.infos;
}

function cellBackwardKernel(access: ArrayAccess, { inputs, attrs }: KernelArgs): TensorInfo[] {
  const a = attrs as unknown as FusedLstmAttrs;
  const { gates, cells, c0, dy, dhRec, dcNext, recurrentMask } = kernelInputs(
    inputs, ['gates', 'cells', 'c0', 'dy'], ['dhRec', 'dcNext', 'recurrentMask']);
  const [B, U] = c0.shape;
  const out = access.allocate([[B, 4 * U], [B, U]]);
  const [dG, dcPrev] = out.views();
  stepBackward(
    B, U, a.activation === 'relu', a.t ?? 0, a.steps ?? 1, a.returnSequences,
    access.read(gates), access.read(cells), access.read(c0),
    dhRec ? access.read(dhRec) : null, dcNext ? access.read(dcNext) : null, access.read(dy),
    recurrentMask ? access.read(recurrentMask) : null,
    dG, dcPrev,
  );
  return out.infos;
}

const KERNELS: [string, (access: ArrayAccess, args: KernelArgs) => TensorInfo[]][] = [
  [SEQUENCE_FORWARD, sequenceForwardKernel],
  [SEQUENCE_BACKWARD, sequenceBackwardKernel],
  [CELL_FORWARD, cellForwardKernel],
  [CELL_BACKWARD, cellBackwardKernel],
];

/** Registers the four kernels for 'cpu' and 'wasm'. Safe to call more than once. */
export function registerCpuWasmKernels(): void {
  for (const [kernelName, impl] of KERNELS) {
    registerOnce(kernelName, 'cpu', ({ inputs, attrs, backend }) => impl(cpuAccess(backend as CpuBackendLike), { inputs, attrs }));
    registerOnce(kernelName, 'wasm', ({ inputs, attrs, backend }) => impl(wasmAccess(backend as WasmBackendLike), { inputs, attrs }));
  }
}
