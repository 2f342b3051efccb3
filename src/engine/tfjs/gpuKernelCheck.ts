/**
 * Checks every kernel we ship for the active tfjs backend against the plain-TypeScript
 * references, on small odd sizes, and reports per kernel: the fused LSTM's per-step kernels
 * (`FusedLstmCellForward`, `FusedLstmCellBackward`, WebGL's `FusedLstmUnpack`), the whole
 * `fusedLstm` op forward and backward, and our UnsortedSegmentSum.
 *
 * This is how the GLSL and WGSL shaders get tested at all: they only run in a browser, so the page
 * `gpu-check.html` runs this on 'webgl' or 'webgpu' and a Playwright spec fails on any mismatch.
 * Node's unit test runs the same code on 'cpu', with stand-in cell kernels made from the reference
 * cell (`fusedLstm/referenceKernels.ts`), and feeds it wrong kernels to show it catches them.
 * Unlike the runtime self-checks (`checkFusedLstmKernels`, `checkTrainingKernels`), which check a
 * case or two and quietly fall back, this compares many cases with the float64 reference
 * (`engine/reference/lstm.ts`) and only reports. Tolerance: `KERNEL_TOLERANCE`
 * (`engine/reference/tolerance.ts`).
 */
import * as tf from '@tensorflow/tfjs';
import { UnsortedSegmentSum, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { createRng, type Rng } from '../rng';
import { cellBackward, cellForward, type CellActivation } from '../reference/lstm';
import { compareToReference } from '../reference/tolerance';
import {
  CELL_BACKWARD, CELL_FORWARD, chooseFusedLstmPath, FUSED_KERNEL_BACKENDS, registerFusedLstmKernels, UNPACK, type FusedLstmPath,
} from './fusedLstm';
import {
  describeFusedCheckCase, dropoutMask, fusedOpAgainstReference, readAll, sliceRows, stepOutputGradient, uniform, type CheckedOutput, type FusedCheckCase,
} from './fusedLstm/referenceCheck';
import { TRAINING_KERNELS } from './kernels';

/** One kernel's verdict on one backend. */
export interface KernelCheckResult {
  /** Kernel name, or `fusedLstm (<path>)` for the whole op. */
  kernel: string;
  backend: string;
  cases: number;
  /** Worst |got − want| / tolerance over every output of every case; ≤ 1 passes, Infinity when a case threw. */
  worstRatio: number;
  /** Worst max|got − want| / max|want| of one output. */
  worstError: number;
  ok: boolean;
  /** One line per failing output or case: what, where, how far off. */
  failures: string[];
  ms: number;
}

export interface GpuKernelReport {
  backend: string;
  ok: boolean;
  kernels: KernelCheckResult[];
  /** tf.memory().numTensors after the run minus before; 0 unless something leaks. */
  leakedTensors: number;
  ms: number;
}

export interface GpuKernelCheckOptions {
  /**
   * Paths of the whole op to check; default 'steps' where we ship cell kernels (the path the GPU
   * backends run), else the path the op takes here ('composite' as shipped).
   */
  fusedPaths?: FusedLstmPath[];
  /**
   * Backends where a missing cell kernel is a failing row (default `FUSED_KERNEL_BACKENDS`).
   * Elsewhere the cell kernels are checked only when registered (Node's test stand-ins).
   */
  kernelBackends?: readonly string[];
  /**
   * The UnsortedSegmentSum to check; default ours for the active backend, built without the stock
   * fallback, so a shader that throws fails here instead of being replaced silently.
   */
  segmentSum?: KernelConfig;
}

interface Case {
  name: string;
  run: () => Promise<CheckedOutput[]>;
}

async function checkKernel(kernel: string, backend: string, cases: Case[]): Promise<KernelCheckResult> {
  const start = performance.now();
  let worstRatio = 0, worstError = 0;
  const failures: string[] = [];
  for (const c of cases) {
    try {
      for (const o of await c.run()) {
        const { ratio, at, error } = compareToReference(o.got, o.want);
        worstRatio = Math.max(worstRatio, ratio);
        worstError = Math.max(worstError, error);
        if (!(ratio <= 1)) {
          const where = at < 0 ? `length ${o.got.length}, want ${o.want.length}` : `[${at}] got ${o.got[at]}, want ${o.want[at]}`;
          failures.push(`${c.name}: ${o.name} is ${ratio.toPrecision(3)}× the tolerance off at ${where}`);
        }
      }
    } catch (e) {
      worstRatio = worstError = Infinity;
      failures.push(`${c.name}: threw ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { kernel, backend, cases: cases.length, worstRatio, worstError, ok: failures.length === 0, failures, ms: performance.now() - start };
}

const notRegistered = (kernel: string, backend: string): KernelCheckResult => ({
  kernel, backend, cases: 0, worstRatio: Infinity, worstError: Infinity, ok: false,
  failures: [`'${kernel}' is not registered for '${backend}'`], ms: 0,
});

// ---------------------------------------------------------------------------------------------
// Running one kernel by name.

const runKernel = (name: string, inputs: Record<string, tf.Tensor | undefined>, attrs: object): tf.Tensor[] => {
  const named: tf.NamedTensorMap = {};
  for (const [k, v] of Object.entries(inputs)) if (v !== undefined) named[k] = v;
  const out = tf.engine().runKernel(name, named, attrs as tf.NamedAttrMap);
  return Array.isArray(out) ? (out as tf.Tensor[]) : [out as tf.Tensor];
};

// ---------------------------------------------------------------------------------------------
// FusedLstmCellForward: one step's gates, c, h (and hm = h·mask) from xp, hr = hm_{t−1}·R, c_{t−1}.

interface CellForwardCase {
  batch: number;
  units: number;
  steps: number;
  t: number;
  activation: CellActivation;
  mask: boolean;
}

const CELL_FORWARD_CASES: CellForwardCase[] = [
  { batch: 3, units: 5, steps: 4, t: 2, activation: 'tanh', mask: true },
  { batch: 3, units: 5, steps: 4, t: 0, activation: 'relu', mask: false },
  { batch: 3, units: 5, steps: 4, t: 3, activation: 'relu', mask: true },
  { batch: 2, units: 1, steps: 1, t: 0, activation: 'tanh', mask: false },
  { batch: 1, units: 1, steps: 3, t: 2, activation: 'relu', mask: true },
];

function cellForwardCase(s: CellForwardCase, seed: number): Case {
  const { batch: B, units: U, steps: T, t, activation } = s;
  const G = 4 * U;
  return {
    name: `B${B} U${U} T${T} t=${t} ${activation}${s.mask ? ' mask' : ''}`,
    run: async () => {
      const rng = createRng(seed);
      const xp = uniform(rng, T * B * G, -1.5, 1.5), hPrev = uniform(rng, B * U, -1, 1), R = uniform(rng, U * G, -0.8, 0.8);
      const cPrev = uniform(rng, B * U, -1.5, 1.5), mask = s.mask ? dropoutMask(rng, B * U) : undefined;
      const [hr, gates, c, h, hm] = await readAll(tf.tidy(() => {
        // hr comes from a matMul, as in the op: on WebGL that is a packed texture the kernel must read.
        const hrT = tf.matMul(tf.tensor2d(hPrev, [B, U]), tf.tensor2d(R, [U, G]));
        const mT = mask && tf.tensor2d(mask, [B, U]);
        const outs = runKernel(CELL_FORWARD, { xp: tf.tensor2d(xp, [T * B, G]), hr: hrT, cPrev: tf.tensor2d(cPrev, [B, U]), recurrentMask: mT },
          { activation, returnSequences: false, t });
        return [hrT, ...outs];
      }));
      const z = Float64Array.from({ length: B * G }, (_, i) => xp[t * B * G + i] + hr[i]);
      const want = cellForward(z, cPrev, B, U, activation);
      const outputs: CheckedOutput[] = [
        { name: 'gates', got: gates, want: want.gates },
        { name: 'c', got: c, want: want.c },
        { name: 'h', got: h, want: want.h },
      ];
      if (mask) outputs.push({ name: 'hm', got: hm ?? [], want: want.h.map((v, i) => v * mask[i]) });
      return outputs;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// FusedLstmCellBackward: one step's dGates and dc_{t−1} from the saved gates and cells.

interface CellBackwardCase {
  batch: number;
  units: number;
  steps: number;
  t: number;
  activation: CellActivation;
  returnSequences: boolean;
  mask: boolean;
}

const CELL_BACKWARD_CASES: CellBackwardCase[] = [
  { batch: 3, units: 5, steps: 4, t: 3, activation: 'tanh', returnSequences: true, mask: true }, // last step: no dhRec, dcNext
  { batch: 3, units: 5, steps: 4, t: 2, activation: 'tanh', returnSequences: true, mask: true },
  { batch: 3, units: 5, steps: 4, t: 1, activation: 'relu', returnSequences: false, mask: false }, // dh from dhRec only
  { batch: 3, units: 5, steps: 4, t: 0, activation: 'relu', returnSequences: true, mask: true }, // first step: c_{t−1} = c0
  { batch: 3, units: 5, steps: 4, t: 3, activation: 'relu', returnSequences: false, mask: false },
  { batch: 2, units: 1, steps: 1, t: 0, activation: 'tanh', returnSequences: false, mask: false }, // first and last
  { batch: 1, units: 1, steps: 3, t: 0, activation: 'tanh', returnSequences: false, mask: true },
];

/** Activated gates as a forward pass leaves them: sigmoids in (0, 1); g = tanh in (−1, 1) or relu ≥ 0 (some exactly 0). */
function savedGates(rng: Rng, rows: number, U: number, activation: CellActivation): Float32Array {
  return Float32Array.from({ length: rows * 4 * U }, (_, i) => {
    const gate = Math.floor((i % (4 * U)) / U);
    if (gate !== 2) return 0.05 + 0.9 * rng.next();
    return activation === 'tanh' ? -0.95 + 1.9 * rng.next() : Math.max(0, -0.5 + 2 * rng.next());
  });
}

function cellBackwardCase(s: CellBackwardCase, seed: number): Case {
  const { batch: B, units: U, steps: T, t, activation, returnSequences } = s;
  const G = 4 * U;
  const last = t === T - 1;
  return {
    name: `B${B} U${U} T${T} t=${t} ${activation}${returnSequences ? ' seq' : ''}${s.mask ? ' mask' : ''}`,
    run: async () => {
      const rng = createRng(seed);
      const gates = savedGates(rng, T * B, U, activation), cells = uniform(rng, T * B * U, -1.5, 1.5), c0 = uniform(rng, B * U, -1, 1);
      const dy = uniform(rng, (returnSequences ? T : 1) * B * U, -1, 1);
      // The op passes d(hm_t) and dc_{t+1} at every step but the last.
      const dhRec = last ? undefined : uniform(rng, B * U, -1, 1), dcNext = last ? undefined : uniform(rng, B * U, -1, 1);
      const mask = s.mask ? dropoutMask(rng, B * U) : undefined;
      const [dG, dcPrev] = await readAll(tf.tidy(() => {
        const t2 = (v: Float32Array | undefined, rows: number, cols: number) => (v ? tf.tensor2d(v, [rows, cols]) : undefined);
        return runKernel(CELL_BACKWARD, {
          gates: t2(gates, T * B, G), cells: t2(cells, T * B, U), c0: t2(c0, B, U), dy: t2(dy, dy.length / U, U),
          dhRec: t2(dhRec, B, U), dcNext: t2(dcNext, B, U), recurrentMask: t2(mask, B, U),
        }, { activation, returnSequences, t, steps: T });
      }));
      const dh = stepOutputGradient(dy, dhRec, mask, t, T, B, U, returnSequences);
      const cPrev = t === 0 ? c0 : sliceRows(cells, (t - 1) * B, B, U);
      const want = cellBackward(
        sliceRows(gates, t * B, B, G), sliceRows(cells, t * B, B, U), cPrev, dh, dcNext ?? new Float64Array(B * U), B, U, activation);
      return [
        { name: 'dGates', got: dG, want: want.dz },
        { name: 'dcPrev', got: dcPrev ?? [], want: want.dcPrev },
      ];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// FusedLstmUnpack (WebGL): the same values, as an unpacked texture.

interface WebglTextures {
  texData: { get(dataId: object): { isPacked?: boolean } };
}

/** Whether a WebGL tensor's texture is packed (structural: no import of the WebGL backend). */
const isPacked = (t: tf.Tensor): boolean => Boolean((tf.backend() as unknown as WebglTextures).texData.get(t.dataId).isPacked);

/** [rows, inner, cols]: x = a[rows, inner]·b[inner, cols] comes out packed on WebGL; inner 0 = an uploaded, unpacked x. */
const UNPACK_CASES: [number, number, number][] = [[5, 3, 7], [12, 5, 20], [1, 1, 1], [3, 0, 5]];

function unpackCase([rows, inner, cols]: [number, number, number], seed: number): Case {
  const fromMatMul = inner > 0;
  return {
    name: `[${rows}, ${cols}] ${fromMatMul ? 'packed (matMul output)' : 'unpacked (upload)'}`,
    run: async () => {
      const rng = createRng(seed);
      const a = uniform(rng, rows * (fromMatMul ? inner : cols), -1, 1), b = uniform(rng, inner * cols, -1, 1);
      let inputPacked = false, outputPacked = true;
      const [out] = await readAll(tf.tidy(() => {
        const x = fromMatMul ? tf.matMul(tf.tensor2d(a, [rows, inner]), tf.tensor2d(b, [inner, cols])) : tf.tensor2d(a, [rows, cols]);
        inputPacked = isPacked(x);
        const [y] = runKernel(UNPACK, { x }, {});
        outputPacked = isPacked(y);
        return [y];
      }));
      const want = fromMatMul
        ? Float64Array.from({ length: rows * cols }, (_, i) => {
          let s = 0;
          for (let k = 0; k < inner; k++) s += a[Math.floor(i / cols) * inner + k] * b[k * cols + (i % cols)];
          return s;
        })
        : a;
      return [
        { name: 'values', got: out, want },
        // Structure, as 0/1: a case whose input is not what it claims tests nothing.
        { name: 'input packed (1 = yes)', got: [inputPacked ? 1 : 0], want: [fromMatMul ? 1 : 0] },
        { name: 'output packed (1 = yes)', got: [outputPacked ? 1 : 0], want: [0] },
      ];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The whole op: fusedLstm's output and its four gradients against lstmForward / lstmBackward.

const FUSED_CASES: FusedCheckCase[] = [
  { batch: 3, steps: 4, inputDim: 7, units: 5, activation: 'tanh', returnSequences: true, inputMask: true, recurrentMask: true, initialState: false },
  { batch: 3, steps: 4, inputDim: 7, units: 5, activation: 'relu', returnSequences: false, inputMask: false, recurrentMask: false, initialState: false },
  { batch: 3, steps: 4, inputDim: 7, units: 5, activation: 'relu', returnSequences: true, inputMask: false, recurrentMask: true, initialState: true },
  { batch: 2, steps: 1, inputDim: 3, units: 1, activation: 'tanh', returnSequences: true, inputMask: false, recurrentMask: false, initialState: false },
  { batch: 1, steps: 3, inputDim: 2, units: 1, activation: 'tanh', returnSequences: false, inputMask: true, recurrentMask: false, initialState: true },
];

function fusedCase(s: FusedCheckCase, path: FusedLstmPath, seed: number): Case {
  return { name: describeFusedCheckCase(s), run: () => fusedOpAgainstReference(s, path, seed) };
}

// ---------------------------------------------------------------------------------------------
// UnsortedSegmentSum against a plain scatter-add.

interface SegmentSumCase {
  name: string;
  xShape: number[];
  /** A prefix of xShape. */
  idsShape: number[];
  numSegments: number;
  /** Seeded ids in [−1, numSegments + 1) when absent, so a few are dropped. */
  ids?: number[];
  dtype: 'float32' | 'int32';
}

const SEGMENT_SUM_CASES: SegmentSumCase[] = [
  { name: 'repeated, negative and past-the-end ids', xShape: [7, 3], idsShape: [7], numSegments: 5, ids: [1, 4, 1, -1, 7, 0, 1], dtype: 'float32' },
  { name: 'odd sizes, seeded ids', xShape: [13, 5], idsShape: [13], numSegments: 6, dtype: 'float32' },
  { name: 'one id for every row (the padding id)', xShape: [9, 5], idsShape: [9], numSegments: 3, ids: Array(9).fill(2), dtype: 'float32' },
  { name: 'rank-3 x', xShape: [11, 2, 3], idsShape: [11], numSegments: 4, dtype: 'float32' },
  { name: 'rank-2 ids', xShape: [4, 3, 2], idsShape: [4, 3], numSegments: 5, dtype: 'float32' },
  { name: 'more segments than rows', xShape: [3, 4], idsShape: [3], numSegments: 17, ids: [16, 0, 16], dtype: 'float32' },
  { name: 'every id dropped', xShape: [3, 2], idsShape: [3], numSegments: 4, ids: [-3, 4, 9], dtype: 'float32' },
  { name: 'int32 x', xShape: [6, 3], idsShape: [6], numSegments: 4, ids: [3, 3, 0, 2, 3, 0], dtype: 'int32' },
];

function segmentSumCase(s: SegmentSumCase, kernel: KernelConfig, seed: number): Case {
  return {
    name: `${s.name} (x [${s.xShape}], ${s.numSegments} segments)`,
    run: async () => {
      const rng = createRng(seed);
      const rows = s.idsShape.reduce((p, d) => p * d, 1);
      const size = s.xShape.reduce((p, d) => p * d, 1);
      const rowSize = size / rows;
      const ids = s.ids ?? Array.from({ length: rows }, () => rng.int(-1, s.numSegments + 1));
      const x = s.dtype === 'int32' ? Int32Array.from({ length: size }, () => rng.int(-5, 6)) : uniform(rng, size, -2, 2);
      let shape: number[] = [], dtype = '';
      const [out] = await readAll(tf.tidy(() => {
        const info = kernel.kernelFunc({
          inputs: { x: tf.tensor(x, s.xShape, s.dtype), segmentIds: tf.tensor(ids, s.idsShape, 'int32') },
          attrs: { numSegments: s.numSegments },
          backend: tf.backend(),
        }) as TensorInfo;
        const y = tf.engine().makeTensorFromTensorInfo(info);
        shape = y.shape;
        dtype = y.dtype;
        return [y];
      }));
      const want = new Float64Array(s.numSegments * rowSize);
      ids.forEach((id, r) => {
        if (id >= 0 && id < s.numSegments) for (let j = 0; j < rowSize; j++) want[id * rowSize + j] += x[r * rowSize + j];
      });
      return [
        { name: 'values', got: out, want },
        { name: 'shape', got: shape, want: [s.numSegments, ...s.xShape.slice(s.idsShape.length)] },
        { name: 'dtype int32 (1 = yes)', got: [dtype === 'int32' ? 1 : 0], want: [s.dtype === 'int32' ? 1 : 0] },
      ];
    },
  };
}

// ---------------------------------------------------------------------------------------------

/** Seeds differ per case so no two cases share inputs. */
const seeded = <T, C>(list: T[], base: number, make: (item: T, seed: number) => C): C[] => list.map((item, i) => make(item, base + 97 * i));

/**
 * Runs every check for the kernels we ship for the active backend, in order: the fused LSTM's
 * cell kernels, WebGL's unpack, the whole op on each path in `fusedPaths`, then UnsortedSegmentSum.
 * A kernel we ship that is not registered is a failing row. Never throws for a wrong kernel.
 * On 'cpu' (the page's baseline) and 'wasm' there are no cell kernels: only the op and ours remain.
 */
export async function runGpuKernelCheck(options: GpuKernelCheckOptions = {}): Promise<GpuKernelReport> {
  registerFusedLstmKernels();
  const backend = tf.getBackend();
  const start = performance.now();
  const before = tf.memory().numTensors;
  const kernels: KernelCheckResult[] = [];
  const lstmKernels: [string, () => Case[]][] = [
    [CELL_FORWARD, () => seeded(CELL_FORWARD_CASES, 100, cellForwardCase)],
    [CELL_BACKWARD, () => seeded(CELL_BACKWARD_CASES, 200, cellBackwardCase)],
  ];
  // Unpack exists for WebGL alone: elsewhere textures are not packed.
  if (backend === 'webgl') lstmKernels.push([UNPACK, () => seeded(UNPACK_CASES, 300, unpackCase)]);
  const shipped = (options.kernelBackends ?? FUSED_KERNEL_BACKENDS).includes(backend);
  for (const [name, cases] of lstmKernels) {
    if (tf.getKernel(name, backend) !== undefined) kernels.push(await checkKernel(name, backend, cases()));
    else if (shipped) kernels.push(notRegistered(name, backend));
  }
  for (const path of options.fusedPaths ?? [shipped ? 'steps' : chooseFusedLstmPath()]) {
    kernels.push(await checkKernel(`fusedLstm (${path})`, backend, seeded(FUSED_CASES, 400, (c, seed) => fusedCase(c, path, seed))));
  }
  const ours = TRAINING_KERNELS.find((k) => k.kernelName === UnsortedSegmentSum && k.backend === backend);
  const segmentSum = options.segmentSum ?? ours?.config(undefined);
  if (segmentSum) {
    kernels.push(await checkKernel(UnsortedSegmentSum, backend, seeded(SEGMENT_SUM_CASES, 500, (c, seed) => segmentSumCase(c, segmentSum, seed))));
  } else if (ours) {
    kernels.push(notRegistered(UnsortedSegmentSum, backend));
  }
  const leakedTensors = tf.memory().numTensors - before;
  return { backend, ok: kernels.every((k) => k.ok) && leakedTensors === 0, kernels, leakedTensors, ms: performance.now() - start };
}
