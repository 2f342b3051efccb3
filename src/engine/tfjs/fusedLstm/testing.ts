/**
 * Shared by this folder's tests (imported only by tests; it loads the WASM backend as a side
 * effect): backend switching, seeded tensors, a tfjs-layers reference LSTM with the same
 * weights and an independent autodiff reference. The tolerance is `engine/reference/tolerance.ts`.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createRng } from '../../rng';
import { FusedLSTM, type FusedLstmLayerArgs } from './layer';
import { setFusedLstmPath, type FusedLstmPath } from './ops';

/**
 * Backends that run in Node. WebGL and WebGPU need a browser: their kernels are not run here
 * (`../gpuKernelCheck.ts` runs them there); 'cpu' gets stand-ins (`referenceKernels.ts`) where a
 * test wants the 'steps' path.
 */
export const NODE_BACKENDS = ['cpu', 'wasm'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];

export async function useBackend(name: NodeBackend): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') failed in Node.`);
  await tf.ready();
}

/** Runs `f` with one implementation path forced (until its promise settles, if it returns one), then restores the automatic choice. */
export function withPath<T>(path: FusedLstmPath | null, f: () => T): T {
  setFusedLstmPath(path);
  let result: T;
  try {
    result = f();
  } catch (e) {
    setFusedLstmPath(null);
    throw e;
  }
  if (result instanceof Promise) return result.finally(() => setFusedLstmPath(null)) as T;
  setFusedLstmPath(null);
  return result;
}

/** Seeded uniform values in [lo, hi). */
export function uniform(shape: number[], lo: number, hi: number, seed: number): tf.Tensor {
  const rng = createRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => lo + (hi - lo) * rng.next()), shape);
}

/** A dropout mask [rows, cols]: 0 with probability `rate`, else 1/(1-rate). */
export function dropoutMask(rows: number, cols: number, rate: number, seed: number): tf.Tensor2D {
  const rng = createRng(seed);
  const v = Float32Array.from({ length: rows * cols }, () => (rng.next() < rate ? 0 : 1 / (1 - rate)));
  return tf.tensor2d(v, [rows, cols]);
}

export interface LstmCase {
  batch: number;
  steps: number;
  inputDim: number;
  units: number;
  activation: 'tanh' | 'relu';
  returnSequences: boolean;
}

export const describeCase = (c: LstmCase): string =>
  `B${c.batch} T${c.steps} I${c.inputDim} U${c.units} ${c.activation}${c.returnSequences ? ' seq' : ''}`;

/** Seeded Keras-layout weights [kernel, recurrentKernel, bias] for a case. */
export function caseWeights(c: { inputDim: number; units: number }, seed: number): tf.Tensor[] {
  return [
    uniform([c.inputDim, 4 * c.units], -0.6, 0.6, seed),
    uniform([c.units, 4 * c.units], -0.6, 0.6, seed + 1),
    uniform([4 * c.units], -0.3, 0.3, seed + 2),
  ];
}

/** tfjs-layers' LSTM configured as Keras (sigmoid gates), cheap zero initialisers. */
export function referenceLstm(
  c: Pick<LstmCase, 'units' | 'activation' | 'returnSequences'>,
  extra: { stateful?: boolean; batchInputShape?: number[]; dropout?: number; recurrentDropout?: number; dropoutFunc?: (ones: tf.Tensor, rate: number) => tf.Tensor } = {},
): tf.layers.Layer {
  return tf.layers.lstm({
    units: c.units,
    activation: c.activation,
    recurrentActivation: 'sigmoid',
    returnSequences: c.returnSequences,
    kernelInitializer: 'zeros',
    recurrentInitializer: 'zeros',
    biasInitializer: 'zeros',
    ...extra,
  });
}

export function fusedLayer(c: Pick<LstmCase, 'units' | 'activation' | 'returnSequences'>, extra: Partial<FusedLstmLayerArgs> = {}): FusedLSTM {
  return new FusedLSTM({ units: c.units, activation: c.activation, returnSequences: c.returnSequences, ...extra });
}

/** The underlying tf.Variable of each trainable weight of a layer, in weight order. */
export function layerVariables(layer: tf.layers.Layer): tf.Variable[] {
  return layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
}

/**
 * Runs `forward` (which must use the variables in `vars`) under the tape and returns the output
 * and the gradient of sum(output · probe) with respect to every variable, as plain arrays.
 */
export function valueAndGrads(forward: () => tf.Tensor, probe: tf.Tensor, vars: tf.Variable[]): { y: Float32Array; grads: Float32Array[] } {
  let y: Float32Array = new Float32Array(0);
  const { value, grads } = tf.variableGrads(() => {
    const out = forward();
    y = out.dataSync() as Float32Array;
    return tf.sum(tf.mul(out, probe)) as tf.Scalar;
  }, vars);
  const result = { y, grads: vars.map((v) => grads[v.name].dataSync() as Float32Array) };
  tf.dispose([value, ...Object.values(grads)]);
  return result;
}

/**
 * Independent reference: the LSTM written with plain tfjs ops and differentiated by tfjs'
 * autodiff (no customGrad). Masks are applied as Keras does (one per sequence).
 */
export function autodiffLstm(
  x: tf.Tensor3D, W: tf.Tensor2D, R: tf.Tensor2D, b: tf.Tensor1D,
  o: { activation: 'tanh' | 'relu'; returnSequences: boolean; inputMask?: tf.Tensor2D; recurrentMask?: tf.Tensor2D },
): tf.Tensor {
  const [B, T] = x.shape;
  const U = R.shape[0];
  const act = (v: tf.Tensor): tf.Tensor => (o.activation === 'relu' ? tf.relu(v) : tf.tanh(v));
  let h: tf.Tensor = tf.zeros([B, U]);
  let c: tf.Tensor = tf.zeros([B, U]);
  const hs: tf.Tensor[] = [];
  for (let t = 0; t < T; t++) {
    let xt: tf.Tensor = tf.reshape(tf.slice(x, [0, t, 0], [B, 1, -1]), [B, -1]);
    if (o.inputMask) xt = tf.mul(xt, o.inputMask);
    const hIn = o.recurrentMask ? tf.mul(h, o.recurrentMask) : h;
    const z = tf.add(tf.add(tf.matMul(xt, W), tf.matMul(hIn, R)), b);
    const [zi, zf, zg, zo] = tf.split(z, 4, 1);
    c = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), act(zg)));
    h = tf.mul(tf.sigmoid(zo), act(c));
    hs.push(h);
  }
  return o.returnSequences ? tf.stack(hs, 1) : h;
}
