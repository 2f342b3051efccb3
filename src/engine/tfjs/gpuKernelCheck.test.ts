import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { UnsortedSegmentSum, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { CELL_BACKWARD, CELL_FORWARD, registerFusedLstmKernels } from './fusedLstm';
import { registerReferenceCellKernels, unregisterReferenceCellKernels } from './fusedLstm/referenceKernels';
import { runGpuKernelCheck, type GpuKernelReport } from './gpuKernelCheck';

/** What the cpu backend exposes for reading and making tensors inside a kernel. */
interface CpuBackend {
  readSync(dataId: object): Float32Array;
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
  disposeIntermediateTensorInfo(info: TensorInfo): void;
}

const row = (report: GpuKernelReport, kernel: string) => {
  const found = report.kernels.find((k) => k.kernel === kernel);
  if (!found) throw new Error(`no row for ${kernel} in ${report.kernels.map((k) => k.kernel).join(', ')}`);
  return found;
};

/**
 * Makes `backend` active. We ship no cell kernels for 'cpu' or 'wasm'; on 'cpu' the tests give the
 * harness stand-ins computed by the reference cell, which they then make wrong on purpose.
 */
async function use(backend: 'cpu' | 'wasm'): Promise<void> {
  expect(await tf.setBackend(backend)).toBe(true);
  await tf.ready();
  registerFusedLstmKernels();
  if (backend === 'cpu') registerReferenceCellKernels();
}

/** A copy of `values` [rows, 4u] with the input and forget gate columns swapped: the classic shader slip. */
function swapInputForget(values: Float32Array, units: number): Float32Array {
  const out = values.slice();
  for (let r = 0; r < values.length / (4 * units); r++) {
    for (let k = 0; k < units; k++) {
      out[r * 4 * units + k] = values[r * 4 * units + units + k];
      out[r * 4 * units + units + k] = values[r * 4 * units + k];
    }
  }
  return out;
}

/** Removes a registered cpu kernel for the rest of one test, or replaces it with `wrap(real)`; afterEach puts the real one back. */
const removed: KernelConfig[] = [];
function replaceCpuKernel(kernelName: string, wrap?: (real: KernelFunc) => KernelFunc): void {
  const real = tf.getKernel(kernelName, 'cpu')!;
  tf.unregisterKernel(kernelName, 'cpu');
  removed.push(real);
  if (wrap) tf.registerKernel({ kernelName, backendName: 'cpu', kernelFunc: wrap(real.kernelFunc) });
}
afterEach(() => {
  for (const real of removed.splice(0)) {
    if (tf.getKernel(real.kernelName, 'cpu')) tf.unregisterKernel(real.kernelName, 'cpu');
    tf.registerKernel(real);
  }
  unregisterReferenceCellKernels();
});

describe('runGpuKernelCheck on the Node backends', () => {
  it('cpu, with reference-cell stand-ins: the cell kernels and both paths of the op match the reference', async () => {
    await use('cpu');
    const report = await runGpuKernelCheck({ fusedPaths: ['steps', 'composite'] });
    expect(report.kernels.map((k) => k.kernel)).toEqual([
      CELL_FORWARD, CELL_BACKWARD, 'fusedLstm (steps)', 'fusedLstm (composite)', UnsortedSegmentSum,
    ]);
    for (const k of report.kernels) {
      expect(k.failures, k.kernel).toEqual([]);
      expect(k.cases).toBeGreaterThan(0);
      expect(k.worstRatio).toBeLessThanOrEqual(1);
    }
    expect(report.leakedTensors).toBe(0);
    expect(report.ok).toBe(true);
  });

  it.each(['wasm', 'cpu'] as const)('%s as shipped: no cell kernels to check; the composite op and our UnsortedSegmentSum match', async (backend) => {
    await use(backend);
    unregisterReferenceCellKernels();
    const report = await runGpuKernelCheck();
    expect(report.kernels.map((k) => [k.kernel, k.ok])).toEqual([['fusedLstm (composite)', true], [UnsortedSegmentSum, true]]);
    expect(report.ok).toBe(true);
  });
});

describe('runGpuKernelCheck catches wrong kernels (cpu)', () => {
  it('a cell forward with the input and forget gates swapped fails it and the op that uses it', async () => {
    await use('cpu');
    replaceCpuKernel(CELL_FORWARD, (real) => (args) => {
      const backend = args.backend as unknown as CpuBackend;
      const xp = args.inputs.xp as TensorInfo;
      const swapped = backend.makeTensorInfo(xp.shape, 'float32', swapInputForget(backend.readSync(xp.dataId), xp.shape[1] / 4));
      const out = real({ ...args, inputs: { ...args.inputs, xp: swapped } });
      backend.disposeIntermediateTensorInfo(swapped);
      return out;
    });
    const report = await runGpuKernelCheck();
    expect(report.ok).toBe(false);
    expect(row(report, CELL_FORWARD).ok).toBe(false);
    expect(row(report, CELL_FORWARD).failures.join('\n')).toMatch(/gates is .* the tolerance off/);
    expect(row(report, 'fusedLstm (steps)').ok).toBe(false);
    expect(row(report, CELL_BACKWARD).ok).toBe(true);
    expect(row(report, UnsortedSegmentSum).ok).toBe(true);
  });

  it('a cell backward with the input and forget gradients swapped fails', async () => {
    await use('cpu');
    replaceCpuKernel(CELL_BACKWARD, (real) => (args) => {
      const backend = args.backend as unknown as CpuBackend;
      const [dG, dcPrev] = real(args) as TensorInfo[];
      const wrong = backend.makeTensorInfo(dG.shape, 'float32', swapInputForget(backend.readSync(dG.dataId), dG.shape[1] / 4));
      backend.disposeIntermediateTensorInfo(dG);
      return [wrong, dcPrev];
    });
    const report = await runGpuKernelCheck();
    expect(row(report, CELL_BACKWARD).ok).toBe(false);
    expect(row(report, 'fusedLstm (steps)').ok).toBe(false);
    expect(row(report, CELL_FORWARD).ok).toBe(true);
    expect(report.ok).toBe(false);
  });

  it('a scatter that assigns instead of adding (repeated ids lost) fails', async () => {
    await use('cpu');
    const assignNotAdd: KernelConfig = {
      kernelName: UnsortedSegmentSum,
      backendName: 'cpu',
      kernelFunc: ({ inputs, attrs, backend }) => {
        const cpu = backend as unknown as CpuBackend & { readSync(id: object): Float32Array | Int32Array };
        const x = inputs.x as TensorInfo, ids = cpu.readSync((inputs.segmentIds as TensorInfo).dataId);
        const numSegments = (attrs as { numSegments: number }).numSegments;
        const rowSize = x.shape.slice((inputs.segmentIds as TensorInfo).shape.length).reduce((a, b) => a * b, 1);
        const xv = cpu.readSync(x.dataId), out = new Float32Array(numSegments * rowSize);
        ids.forEach((id, r) => {
          if (id >= 0 && id < numSegments) for (let j = 0; j < rowSize; j++) out[id * rowSize + j] = xv[r * rowSize + j];
        });
        return cpu.makeTensorInfo([numSegments, ...x.shape.slice((inputs.segmentIds as TensorInfo).shape.length)], 'float32', out);
      },
    };
    const report = await runGpuKernelCheck({ segmentSum: assignNotAdd });
    const segment = row(report, UnsortedSegmentSum);
    expect(segment.ok).toBe(false);
    expect(segment.failures.join('\n')).toMatch(/repeated/);
    expect(row(report, CELL_FORWARD).ok).toBe(true);
  });

  it('a kernel we ship that is not registered is a failing row', async () => {
    await use('cpu');
    replaceCpuKernel(CELL_FORWARD);
    // As if we shipped cell kernels for 'cpu' and one failed to register.
    const report = await runGpuKernelCheck({ kernelBackends: ['cpu'] });
    expect(row(report, CELL_FORWARD)).toMatchObject({ ok: false, cases: 0 });
    expect(row(report, 'fusedLstm (steps)').failures[0]).toMatch(/threw/);
    expect(report.ok).toBe(false);
  });
});
