/**
 * The fused LSTM as one differentiable tfjs op: `fusedLstm(x, kernel, recurrentKernel, bias, …)`.
 * `tf.customGrad` makes the backward pass our own backpropagation through time instead of
 * autodiff through every per-step op, and the forward saves what the backward needs.
 *
 * Two ways to run it (`chooseFusedLstmPath`):
 * - 'steps', where our per-step kernels are registered (WebGL, WebGPU): one input-projection
 *   matMul for all timesteps, then per step one recurrent matMul and one fused gate kernel;
 *   backward per step one gate kernel and one matMul, then the weight gradients as one matMul
 *   each over all timesteps. About 4 kernel calls per timestep in all, against ~115 for
 *   tfjs-layers' LSTM.
 * - 'composite', everywhere else (WASM, CPU, tfjs-node, or a GPU whose kernels failed the
 *   self-check): the same, with the gate update built from stock tfjs ops.
 * On a CPU the typed trainer (`engine/typed/`) trains every tutorial several times faster than
 * either, so this op runs there only when the typed trainer is not chosen (a forced backend, or a
 * browser without WebAssembly SIMD); `engine/README.md` says why there are no CPU/WASM kernels.
 */
import * as tf from '@tensorflow/tfjs';
import type { CellActivation } from '../../reference/lstm';
import { CELL_BACKWARD, CELL_FORWARD, UNPACK, type FusedLstmAttrs } from './kernelNames';
import { registerFusedLstmKernels } from './register';

export type FusedLstmPath = 'steps' | 'composite';

export interface FusedLstmOptions {
  activation: CellActivation;
  returnSequences: boolean;
  /** Initial hidden state [B,U]; zeros when absent. Not differentiated. */
  h0?: tf.Tensor2D;
  /** Initial cell state [B,U]; zeros when absent. Not differentiated. */
  c0?: tf.Tensor2D;
  /** Input dropout mask [B,I], already scaled by 1/(1-rate); one per sequence. */
  inputMask?: tf.Tensor2D;
  /** Recurrent dropout mask [B,U], already scaled; one per sequence. */
  recurrentMask?: tf.Tensor2D;
  /** Also return the final states, kept (the caller owns and disposes them). */
  keepFinalState?: boolean;
  /** Force a path (tests, checks); otherwise 'steps' where our kernels are registered. */
  path?: FusedLstmPath;
}

export interface FusedLstmResult {
  /** [B,T,U] with returnSequences, else [B,U]. */
  y: tf.Tensor;
  /** Final states, only with keepFinalState; kept, so they outlive any enclosing tidy. */
  hT?: tf.Tensor2D;
  cT?: tf.Tensor2D;
}

let forcedPath: FusedLstmPath | null = null;

/** Forces one path for every call (tests and benchmarks); null restores the automatic choice. */
export function setFusedLstmPath(path: FusedLstmPath | null): void {
  forcedPath = path;
}

/** Which implementation runs on the active backend: our kernels where they are registered. */
export function chooseFusedLstmPath(): FusedLstmPath {
  if (forcedPath !== null) return forcedPath;
  registerFusedLstmKernels();
  return tf.getKernel(CELL_FORWARD, tf.getBackend()) !== undefined ? 'steps' : 'composite';
}

/** x in the layout the cell kernels read every step (unpacked textures on WebGL; a no-op elsewhere). */
function forCells<T extends tf.Tensor | undefined>(x: T): T {
  if (x === undefined || tf.getKernel(UNPACK, tf.getBackend()) === undefined) return x;
  return tf.engine().runKernel(UNPACK, { x }, {}) as T;
}

function run<T extends tf.Tensor | tf.Tensor[]>(name: string, inputs: Record<string, tf.Tensor | undefined>, attrs: FusedLstmAttrs): T {
  const named: tf.NamedTensorMap = {};
  for (const [k, v] of Object.entries(inputs)) if (v !== undefined) named[k] = v;
  return tf.engine().runKernel(name, named, attrs as unknown as tf.NamedAttrMap) as T;
}

/**
 * The LSTM over a whole sequence, differentiable with respect to x, kernel, recurrentKernel and
 * bias. x [B,T,I], kernel [I,4U], recurrentKernel [U,4U], bias [4U]; Keras gate order i,f,c,o.
 */
export function fusedLstm(
  x: tf.Tensor3D, kernel: tf.Tensor2D, recurrentKernel: tf.Tensor2D, bias: tf.Tensor1D, options: FusedLstmOptions,
): FusedLstmResult {
  registerFusedLstmKernels();
  const [B, T, I] = x.shape;
  const U = recurrentKernel.shape[0];
  if (T < 1) throw new Error('Fused LSTM: the sequence must have at least one timestep.');
  if (kernel.shape[0] !== I || kernel.shape[1] !== 4 * U || recurrentKernel.shape[1] !== 4 * U || bias.shape[0] !== 4 * U) {
    throw new Error(
      `Fused LSTM: weight shapes [${kernel.shape}], [${recurrentKernel.shape}], [${bias.shape}] do not fit input dim ${I} and ${U} units.`,
    );
  }
  const expectShape = (t: tf.Tensor | undefined, shape: number[], name: string): void => {
    if (t !== undefined && (t.rank !== 2 || t.shape[0] !== shape[0] || t.shape[1] !== shape[1])) {
      throw new Error(`Fused LSTM: ${name} must be [${shape}], got [${t.shape}].`);
    }
  };
  expectShape(options.h0, [B, U], 'h0');
  expectShape(options.c0, [B, U], 'c0');
  expectShape(options.inputMask, [B, I], 'inputMask');
  expectShape(options.recurrentMask, [B, U], 'recurrentMask');
  const path = options.path ?? chooseFusedLstmPath();
  const result: FusedLstmResult = { y: undefined as unknown as tf.Tensor };
  const attrs: FusedLstmAttrs = { activation: options.activation, returnSequences: options.returnSequences };
  // Like any tfjs op, call this inside tf.tidy (the layer does): the cast is left to the tidy.
  const xf = x.dtype === 'float32' ? x : (tf.cast(x, 'float32') as tf.Tensor3D);

  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xs, W, R, b] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    const save = args[4] as tf.GradSaveFunc;
    const h0 = options.h0 ?? tf.zeros<tf.Rank.R2>([B, U]);
    const c0 = options.c0 ?? tf.zeros<tf.Rank.R2>([B, U]);
    const masks = [options.inputMask, options.recurrentMask].filter((m): m is tf.Tensor2D => m !== undefined);
    const fwd = stepsForwardPass(xs, W, R, b, h0, c0, options, attrs, path);
    save([...fwd.saved, ...masks]);
    if (options.keepFinalState) {
      result.hT = tf.keep(fwd.hT.clone());
      result.cT = tf.keep(fwd.cT.clone());
    }
    return {
      value: fwd.y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const n = fwd.saved.length;
          const inputMask = options.inputMask ? (saved[n] as tf.Tensor2D) : undefined;
          const recurrentMask = options.recurrentMask ? (saved[n + (options.inputMask ? 1 : 0)] as tf.Tensor2D) : undefined;
          return stepsBackwardPass(dy, saved.slice(0, n), [B, T, I, U], inputMask, recurrentMask, attrs, path);
        }),
    };
  });
  result.y = op(xf, kernel, recurrentKernel, bias);
  return result;
}

interface ForwardPass {
  y: tf.Tensor;
  hT: tf.Tensor2D;
  cT: tf.Tensor2D;
  /** What the matching backward pass reads, in its order. */
  saved: tf.Tensor[];
}

type Dims = [batch: number, steps: number, inputDim: number, units: number];

// ---------------------------------------------------------------------------------------------
// Steps path: batched matMuls plus one gate kernel per step (or stock ops: 'composite').

function stepsForwardPass(
  x: tf.Tensor3D, W: tf.Tensor2D, R: tf.Tensor2D, b: tf.Tensor1D, h0: tf.Tensor2D, c0: tf.Tensor2D,
  o: FusedLstmOptions, attrs: FusedLstmAttrs, path: FusedLstmPath,
): ForwardPass {
  const [B, T, I] = x.shape;
  const U = R.shape[0];
  const xm = o.inputMask ? tf.mul(x, tf.reshape(o.inputMask, [B, 1, I])) : x;
  // t-major rows (t·B + b), so each step's rows are contiguous.
  const xt = tf.reshape(tf.transpose(xm, [1, 0, 2]), [T * B, I]) as tf.Tensor2D;
  const xp = forCells(tf.fused.matMul({ a: xt, b: W, bias: b })); // [T*B, 4U]
  const mask = forCells(o.recurrentMask);
  let hm: tf.Tensor = mask ? tf.mul(h0, mask) : h0;
  let c: tf.Tensor = c0;
  let h: tf.Tensor = h0;
  const gatesList: tf.Tensor[] = [], cellsList: tf.Tensor[] = [], hmList: tf.Tensor[] = [], hList: tf.Tensor[] = [];
  for (let t = 0; t < T; t++) {
    const hr = tf.matMul(hm, R);
    hmList.push(hm);
    const step = path === 'composite' ? compositeCellForward(xp, hr, c, mask, t, B, attrs) : kernelCellForward(xp, hr, c, mask, t, attrs);
    gatesList.push(step.gates);
    cellsList.push(step.c);
    hList.push(step.h);
    c = step.c;
    h = step.h;
    hm = step.hm;
  }
  const y = o.returnSequences ? tf.transpose(tf.reshape(tf.concat(hList, 0), [T, B, U]), [1, 0, 2]) : h;
  const saved = [xt, W, R, tf.concat(gatesList, 0), tf.concat(cellsList, 0), tf.concat(hmList, 0), c0];
  return { y, hT: h as tf.Tensor2D, cT: c as tf.Tensor2D, saved };
}

function stepsBackwardPass(
  dy: tf.Tensor, saved: tf.Tensor[], dims: Dims, inputMask: tf.Tensor2D | undefined, recurrentMask: tf.Tensor2D | undefined,
  attrs: FusedLstmAttrs, path: FusedLstmPath,
): tf.Tensor[] {
  const [B, T, I, U] = dims;
  // gates, cells and c0 are read by the cell kernel at every step.
  const [xt, W, R, gatesAll, cellsAll, hmAll, c0] = saved.map((s, i) => (i === 3 || i === 4 || i === 6 ? forCells(s) : s));
  const dyT = forCells(attrs.returnSequences ? tf.reshape(tf.transpose(dy, [1, 0, 2]), [T * B, U]) : dy);
  const mask = forCells(recurrentMask);
  const RT = tf.transpose(R); // [4U, U], so the per-step product is untransposed
  const dGList: tf.Tensor[] = new Array(T);
  let dhRec: tf.Tensor | undefined;
  let dc: tf.Tensor | undefined;
  for (let t = T - 1; t >= 0; t--) {
    const stepAttrs: FusedLstmAttrs = { ...attrs, t, steps: T };
    const [dG, dcPrev] =
      path === 'composite'
        ? compositeCellBackward(gatesAll, cellsAll, c0, dyT, dhRec, dc, mask, t, T, B, U, attrs)
        : run<tf.Tensor[]>(CELL_BACKWARD, { gates: gatesAll, cells: cellsAll, c0, dy: dyT, dhRec, dcNext: dc, recurrentMask: mask }, stepAttrs);
    dGList[t] = dG;
    dc = dcPrev;
    if (t > 0) dhRec = tf.matMul(dG, RT);
  }
  const dG = tf.concat(dGList, 0); // [T*B, 4U]
  // Column sums as a product with a row of ones: one fast matMul, where a sum over axis 0 costs a
  // transpose plus a reduction on WASM.
  const dBias = tf.reshape(tf.matMul(tf.ones([1, T * B]), dG), [4 * U]);
  const dKernel = tf.matMul(tf.transpose(xt), dG);
  const dRecurrent = tf.matMul(tf.transpose(hmAll), dG);
  let dx = tf.transpose(tf.reshape(tf.matMul(dG, tf.transpose(W)), [T, B, I]), [1, 0, 2]);
  if (inputMask) dx = tf.mul(dx, tf.reshape(inputMask, [B, 1, I]));
  return [dx, dKernel, dRecurrent, dBias];
}

interface CellStep {
  gates: tf.Tensor;
  c: tf.Tensor;
  h: tf.Tensor;
  hm: tf.Tensor;
}

function kernelCellForward(
  xp: tf.Tensor, hr: tf.Tensor, cPrev: tf.Tensor, mask: tf.Tensor | undefined, t: number, attrs: FusedLstmAttrs,
): CellStep {
  const outs = run<tf.Tensor[]>(CELL_FORWARD, { xp, hr, cPrev, recurrentMask: mask }, { ...attrs, t });
  return { gates: outs[0], c: outs[1], h: outs[2], hm: mask ? outs[3] : outs[2] };
}

const act = (a: CellActivation, v: tf.Tensor): tf.Tensor => (a === 'relu' ? tf.relu(v) : tf.tanh(v));
/** act'(z) from its output a = act(z): tanh' = 1 - a², relu' = step(a). */
const actGrad = (a: CellActivation, out: tf.Tensor): tf.Tensor =>
  a === 'relu' ? tf.step(out) : tf.sub(1, tf.square(out));

function compositeCellForward(
  xp: tf.Tensor, hr: tf.Tensor, cPrev: tf.Tensor, mask: tf.Tensor | undefined, t: number, B: number, attrs: FusedLstmAttrs,
): CellStep {
  const z = tf.add(tf.slice(xp, [t * B, 0], [B, -1]), hr);
  const [zi, zf, zg, zo] = tf.split(z, 4, 1);
  const i = tf.sigmoid(zi), f = tf.sigmoid(zf), g = act(attrs.activation, zg), o = tf.sigmoid(zo);
  const c = tf.add(tf.mul(f, cPrev), tf.mul(i, g));
  const h = tf.mul(o, act(attrs.activation, c));
  return { gates: tf.concat([i, f, g, o], 1), c, h, hm: mask ? tf.mul(h, mask) : h };
}

function compositeCellBackward(
  gatesAll: tf.Tensor, cellsAll: tf.Tensor, c0: tf.Tensor, dyT: tf.Tensor, dhRec: tf.Tensor | undefined, dcNext: tf.Tensor | undefined,
  mask: tf.Tensor | undefined, t: number, T: number, B: number, U: number, attrs: FusedLstmAttrs,
): [tf.Tensor, tf.Tensor] {
  let dh: tf.Tensor = attrs.returnSequences ? tf.slice(dyT, [t * B, 0], [B, U]) : t === T - 1 ? dyT : tf.zeros([B, U]);
  if (dhRec) dh = tf.add(dh, mask ? tf.mul(dhRec, mask) : dhRec);
  const [i, f, g, o] = tf.split(tf.slice(gatesAll, [t * B, 0], [B, 4 * U]), 4, 1);
  const c = tf.slice(cellsAll, [t * B, 0], [B, U]);
  const cPrev = t === 0 ? c0 : tf.slice(cellsAll, [(t - 1) * B, 0], [B, U]);
  const a = act(attrs.activation, c);
  let dc = tf.mul(tf.mul(dh, o), actGrad(attrs.activation, a));
  if (dcNext) dc = tf.add(dc, dcNext);
  const sigGrad = (s: tf.Tensor): tf.Tensor => tf.mul(s, tf.sub(1, s));
  const dG = tf.concat(
    [
      tf.mul(tf.mul(dc, g), sigGrad(i)),
      tf.mul(tf.mul(dc, cPrev), sigGrad(f)),
      tf.mul(tf.mul(dc, i), actGrad(attrs.activation, g)),
      tf.mul(tf.mul(dh, a), sigGrad(o)),
    ],
    1,
  );
  return [dG, tf.mul(dc, f)];
}
