/**
 * The backend correctness probe: the training path in miniature on the active backend, forward
 * and backward, against the float64 reference LSTM (`engine/reference/lstm.ts`). A backend whose
 * stock kernels get it wrong (a driver's miscompiled shader, a missing gradient kernel) is not used.
 *
 * The miniature: an Embedding lookup (its gradient is UnsortedSegmentSum, the kernel stock WASM
 * lacks), the LSTM op on stock ops (`fusedLstm`'s 'composite' path, so our own GPU kernels, which
 * `checkFusedLstmKernels` judges separately, cannot fail a backend) and loss = Σ h_T².
 */
import * as tf from '@tensorflow/tfjs';
import { lstmBackward, lstmForward } from '../reference/lstm';
import { compareToReference, type Tolerance } from '../reference/tolerance';
import { fusedLstm } from './fusedLstm';
import { readAll } from './fusedLstm/referenceCheck';

/** Probe sizes: batch, timesteps, embedding rows, features, units. Runs in milliseconds anywhere. */
const PB = 2, PT = 3, PV = 5, PF = 2, PU = 4;
/** Word ids for the probe's Embedding lookup; repeats make the gradient a real scatter-add. */
const PROBE_IDS = [1, 3, 3, 0, 4, 1];

/**
 * Looser than the kernels' own tolerance: this judges a user's GPU running stock tfjs shaders,
 * which may use fast-math exp and tanh, and rejecting a working GPU costs far more speed than a
 * last-digit difference costs accuracy. A wrong kernel is still off by orders of magnitude.
 */
const PROBE_TOLERANCE: Tolerance = { rtol: 1e-3, atolFraction: 1e-4 };

/** Deterministic values in [-0.5, 0.5], so every backend sees exactly the same numbers. */
const ramp = (n: number, phase: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + phase) * 0.5);

const INPUTS = {
  embedding: ramp(PV * PF, 0.3),
  kernel: ramp(PF * 4 * PU, 1.1),
  recurrentKernel: ramp(PU * 4 * PU, 2.3),
  bias: ramp(4 * PU, 0.7),
};

const PARTS = ['loss', 'dEmbedding', 'dKernel', 'dRecurrentKernel', 'dBias'] as const;

/**
 * [loss], then the gradient of each weight, computed on the active backend and read back
 * asynchronously: on WebGPU a synchronous read goes through a canvas, and on SwiftShader's
 * adapter (tfjs-backend-webgpu 4.22, headless Chromium) it returned all zeros and destroyed the
 * device, so the probe failed every WebGPU run and left the backend unusable.
 */
async function onBackend(): Promise<Float32Array[]> {
  // tf.variable copies its initial value; the tidy frees those initial tensors.
  const weights = tf.tidy(() => [
    tf.variable(tf.tensor2d(INPUTS.embedding, [PV, PF])),
    tf.variable(tf.tensor2d(INPUTS.kernel, [PF, 4 * PU])),
    tf.variable(tf.tensor2d(INPUTS.recurrentKernel, [PU, 4 * PU])),
    tf.variable(tf.tensor1d(INPUTS.bias)),
  ]);
  const [embedding, kernel, recurrent, bias] = weights;
  try {
    const { flat, sizes } = tf.tidy(() => {
      const ids = tf.tensor2d(PROBE_IDS, [PB, PT], 'int32');
      const loss = (): tf.Scalar => {
        const x = tf.gather(embedding, ids) as unknown as tf.Tensor3D;
        const { y } = fusedLstm(x, kernel as tf.Tensor2D, recurrent as tf.Tensor2D, bias as tf.Tensor1D, {
          activation: 'tanh', returnSequences: false, path: 'composite',
        });
        return tf.sum(tf.square(y));
      };
      const { value, grads } = tf.variableGrads(loss, weights);
      // One read back from the device, split into the parts afterwards.
      const parts = [value, ...weights.map((w) => grads[w.name])];
      return { flat: tf.concat(parts.map((t) => tf.reshape(t, [-1]))), sizes: parts.map((t) => t.size) };
    });
    const [all] = await readAll([flat]);
    let at = 0;
    return sizes.map((size) => Float32Array.from(all.subarray(at, (at += size))));
  } finally {
    weights.forEach((w) => w.dispose());
  }
}

/** The same numbers from the reference LSTM and a plain scatter-add, in float64. */
function reference(): Float64Array[] {
  const x = new Float64Array(PB * PT * PF);
  PROBE_IDS.forEach((id, row) => x.set(INPUTS.embedding.subarray(id * PF, (id + 1) * PF), row * PF));
  const weights = { inputDim: PF, units: PU, kernel: INPUTS.kernel, recurrentKernel: INPUTS.recurrentKernel, bias: INPUTS.bias };
  const forward = lstmForward(x, PB, PT, weights, { activation: 'tanh' });
  const loss = forward.hT.reduce((s, h) => s + h * h, 0);
  const grads = lstmBackward(x, weights, forward, forward.hT.map((h) => 2 * h), false, { activation: 'tanh' });
  const dEmbedding = new Float64Array(PV * PF);
  PROBE_IDS.forEach((id, row) => {
    for (let k = 0; k < PF; k++) dEmbedding[id * PF + k] += grads.dx[row * PF + k];
  });
  return [Float64Array.of(loss), dEmbedding, grads.dKernel, grads.dRecurrentKernel, grads.dBias];
}

/** Computed once: it depends on nothing but the constants above. */
let want: Float64Array[] | undefined;

export interface ProbeResult {
  ok: boolean;
  /** One sentence for the backend panel. */
  detail: string;
  /** How long the probe took on the backend (its first run includes any shader compiles). */
  probeMs: number;
}

/** Runs the probe on the active backend. Throws only what the backend throws (a missing kernel, say). */
export async function probeBackend(): Promise<ProbeResult> {
  want ??= reference();
  const start = performance.now();
  const got = await onBackend();
  const probeMs = performance.now() - start;
  if (got.some((part) => part.some((v) => !Number.isFinite(v)))) return { ok: false, detail: 'LSTM probe produced NaN or Infinity.', probeMs };
  const worst = PARTS.map((part, i) => ({ part, ...compareToReference(got[i], want![i], PROBE_TOLERANCE) }))
    .reduce((a, b) => (b.ratio > a.ratio ? b : a));
  if (worst.ratio > 1) {
    return {
      ok: false,
      detail: `LSTM probe differs from the reference LSTM: ${worst.part} is off by ${worst.error.toExponential(1)} of its largest value.`,
      probeMs,
    };
  }
  return { ok: true, detail: 'Embedding + LSTM forward and backward probe matches the reference LSTM.', probeMs };
}
