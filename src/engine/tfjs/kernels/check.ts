/**
 * A self-test for the installed kernels on the active backend: each runs once on a tiny input and
 * is compared with a plain JavaScript reference. One that throws or disagrees is replaced by the
 * stock kernel again. This is what catches a GPU shader that compiled to something wrong or not
 * at all (WebGPU reports WGSL errors asynchronously, so the kernel itself cannot see them).
 */
import {
  BatchMatMul,
  Conv2DBackpropFilter,
  UnsortedSegmentSum,
  engine,
  getBackend,
  tensor,
  tidy,
  type Tensor,
} from '@tensorflow/tfjs-core';
import { installedTrainingKernels, restoreStockKernel } from './registry';
import type { TrainingKernelName } from './table';

export interface KernelCheck {
  kernelName: TrainingKernelName;
  backend: string;
  ok: boolean;
  /** Largest error relative to the largest reference value, or what went wrong. */
  detail: string;
}

/** GPU backends compute in float32 and may use fast math. */
const TOLERANCE = 1e-4;

const ramp = (n: number, phase: number): number[] => Array.from({ length: n }, (_, i) => Math.sin(i * 1.3 + phase));

interface Case {
  run: () => Tensor;
  want: number[];
}

function segmentSumCase(): Case {
  const rows = 7, d = 3, numSegments = 5;
  const x = ramp(rows * d, 0.4);
  const ids = [1, 4, 1, -1, 7, 0, 1]; // repeats, a negative id and one past the end
  const want = new Array<number>(numSegments * d).fill(0);
  ids.forEach((id, r) => {
    if (id >= 0 && id < numSegments) for (let j = 0; j < d; j++) want[id * d + j] += x[r * d + j];
  });
  return {
    run: () => engine().runKernel(UnsortedSegmentSum, { x: tensor(x, [rows, d]), segmentIds: tensor(ids, [rows], 'int32') }, { numSegments }) as Tensor,
    want,
  };
}

function filterGradCase(): Case {
  // Conv1D as tfjs runs it: NHWC with height 1, kernel width 3, 'same' padding (one column each side).
  const b = 2, w = 5, inC = 3, outC = 2, k = 3, pad = 1;
  const x = ramp(b * w * inC, 0.9);
  const dy = ramp(b * w * outC, 2.1);
  const want = new Array<number>(k * inC * outC).fill(0);
  for (let n = 0; n < b; n++) {
    for (let yC = 0; yC < w; yC++) {
      for (let wC = 0; wC < k; wC++) {
        const xC = yC + wC - pad;
        if (xC < 0 || xC >= w) continue;
        for (let d1 = 0; d1 < inC; d1++) {
          for (let d2 = 0; d2 < outC; d2++) {
            want[(wC * inC + d1) * outC + d2] += x[(n * w + xC) * inC + d1] * dy[(n * w + yC) * outC + d2];
          }
        }
      }
    }
  }
  return {
    run: () => engine().runKernel(
      Conv2DBackpropFilter,
      { x: tensor(x, [b, 1, w, inC]), dy: tensor(dy, [b, 1, w, outC]) },
      { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [1, k, inC, outC] },
    ) as Tensor,
    want,
  };
}

function matMulCase(): Case {
  // C = A^T . B^T with A stored [k, m] and B stored [n, k]: both transposes at once.
  const m = 3, k = 4, n = 5;
  const a = ramp(k * m, 0.2);
  const bv = ramp(n * k, 1.7);
  const want: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += a[q * m + i] * bv[j * k + q];
      want.push(s);
    }
  }
  return {
    run: () => engine().runKernel(BatchMatMul, { a: tensor(a, [k, m]), b: tensor(bv, [n, k]) }, { transposeA: true, transposeB: true }) as Tensor,
    want,
  };
}

const CASES: Record<TrainingKernelName, () => Case> = {
  [UnsortedSegmentSum]: segmentSumCase,
  [Conv2DBackpropFilter]: filterGradCase,
  [BatchMatMul]: matMulCase,
};

function relativeError(got: ArrayLike<number>, want: number[]): number {
  if (got.length !== want.length) return Infinity;
  let scale = 0, worst = 0;
  for (let i = 0; i < want.length; i++) {
    if (!Number.isFinite(got[i])) return Infinity;
    scale = Math.max(scale, Math.abs(want[i]));
    worst = Math.max(worst, Math.abs(got[i] - want[i]));
  }
  return worst / Math.max(scale, 1e-30);
}

/**
 * Checks each of our kernels installed for `backendName`, which must be the active backend, and
 * restores the stock kernel for any that fails. Takes milliseconds; call it once after
 * `registerTrainingKernels`, for example from the backend probe.
 */
export async function checkTrainingKernels(backendName: string): Promise<KernelCheck[]> {
  if (getBackend() !== backendName) {
    throw new Error(`checkTrainingKernels('${backendName}') needs that backend active; '${getBackend()}' is.`);
  }
  const results: KernelCheck[] = [];
  for (const entry of installedTrainingKernels(backendName)) {
    const { kernelName } = entry;
    let detail: string;
    let ok = false;
    try {
      const { run, want } = CASES[kernelName]();
      const out = tidy(run);
      const got = await out.data();
      out.dispose();
      const err = relativeError(got, want);
      ok = err <= TOLERANCE;
      detail = ok ? `max error ${err.toExponential(1)}` : `differs from the reference by ${err.toExponential(1)}`;
    } catch (e) {
      detail = `threw: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (!ok) restoreStockKernel(kernelName, backendName);
    results.push({ kernelName, backend: backendName, ok, detail: ok ? detail : `${detail}; stock kernel restored` });
  }
  return results;
}
