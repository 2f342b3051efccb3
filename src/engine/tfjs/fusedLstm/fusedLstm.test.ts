/**
 * The fused LSTM computes what tfjs-layers' LSTM (with Keras' sigmoid gates and the same weights)
 * computes: outputs and gradients with respect to the input, kernel, recurrent kernel and bias,
 * on CPU and WASM, through both paths: 'composite' (what WASM and CPU run) and, on CPU with the
 * reference-cell stand-ins for the GPU kernels, 'steps' (the per-step orchestration WebGL and
 * WebGPU run; their shaders themselves are checked in a browser by `../gpuKernelCheck.ts`).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FusedLSTM } from './layer';
import { compareToReference } from '../../reference/tolerance';
import { fusedLstm, type FusedLstmPath } from './ops';
import { registerReferenceCellKernels } from './referenceKernels';
import {
  NODE_BACKENDS,
  autodiffLstm,
  caseWeights,
  describeCase,
  dropoutMask,
  fusedLayer,
  layerVariables,
  referenceLstm,
  uniform,
  useBackend,
  valueAndGrads,
  withPath,
  type LstmCase,
  type NodeBackend,
} from './testing';

const CASES: LstmCase[] = [
  { batch: 2, steps: 4, inputDim: 3, units: 5, activation: 'tanh', returnSequences: false },
  { batch: 3, steps: 5, inputDim: 2, units: 4, activation: 'relu', returnSequences: true },
  { batch: 1, steps: 6, inputDim: 1, units: 1, activation: 'tanh', returnSequences: true },
  { batch: 2, steps: 3, inputDim: 4, units: 3, activation: 'relu', returnSequences: false },
  { batch: 2, steps: 3, inputDim: 5, units: 129, activation: 'tanh', returnSequences: true },
  { batch: 2, steps: 2, inputDim: 3, units: 129, activation: 'relu', returnSequences: false },
];

/** The paths each backend runs here: 'steps' needs cell kernels, which only the CPU's stand-ins provide in Node. */
const PATHS_ON: Record<NodeBackend, FusedLstmPath[]> = { cpu: ['steps', 'composite'], wasm: ['composite'] };
const PARTS = ['output', 'dInput', 'dKernel', 'dRecurrentKernel', 'dBias'];

interface Result {
  y: Float32Array;
  grads: Float32Array[];
}

function expectSame(got: Result, want: Result, label: string): void {
  const parts = [got.y, ...got.grads];
  const wants = [want.y, ...want.grads];
  parts.forEach((g, i) => {
    const { ratio, at } = compareToReference(g, wants[i]);
    expect(ratio, `${label} ${PARTS[i]}: element ${at} is ${g[at]}, want ${wants[i][at]}`).toBeLessThanOrEqual(1);
  });
}

/** Output and gradients of sum(layer(x)·probe) w.r.t. [x, kernel, recurrentKernel, bias]. */
function layerResult(layer: tf.layers.Layer, x: tf.Variable, probe: tf.Tensor, training = true): Result {
  const r = valueAndGrads(() => layer.apply(x, { training }) as tf.Tensor, probe, [x, ...layerVariables(layer)]);
  return r;
}

/** Builds a layer on x's shape and sets the case's weights. */
function prepared<L extends tf.layers.Layer>(layer: L, x: tf.Tensor, weights: tf.Tensor[]): L {
  tf.dispose(layer.apply(x) as tf.Tensor);
  layer.setWeights(weights);
  return layer;
}

for (const backend of NODE_BACKENDS) {
  describe(`fused LSTM matches tfjs-layers on ${backend}`, () => {
    beforeAll(async () => {
      await useBackend(backend);
      if (backend === 'cpu') registerReferenceCellKernels();
    });

    for (const c of CASES) {
      it(describeCase(c), () => {
        const x = tf.variable(uniform([c.batch, c.steps, c.inputDim], -1.5, 1.5, 11));
        const weights = caseWeights(c, 21);
        const probe = uniform(c.returnSequences ? [c.batch, c.steps, c.units] : [c.batch, c.units], -1, 1, 31);
        const ref = prepared(referenceLstm(c), x, weights);
        const want = layerResult(ref, x, probe);
        for (const path of PATHS_ON[backend]) {
          const fused = prepared(fusedLayer(c), x, weights);
          const got = withPath(path, () => layerResult(fused, x, probe));
          expectSame(got, want, `${path}`);
          fused.dispose();
        }
        ref.dispose();
        tf.dispose([x, probe, ...weights]);
      });
    }

    it('sequence length 1 (against autodiff: tfjs-layers cannot differentiate T = 1)', () => {
      // tfjs-layers 4.22's Unpack gradient throws for a one-step sequence, so this case is
      // checked against the plain-ops reference differentiated by tfjs' autodiff.
      for (const returnSequences of [false, true]) {
        const c: LstmCase = { batch: 3, steps: 1, inputDim: 2, units: 3, activation: 'tanh', returnSequences };
        const x = tf.variable(uniform([3, 1, 2], -1, 1, 5));
        const [W, R, b] = caseWeights(c, 8).map((w) => tf.variable(w));
        const probe = uniform(returnSequences ? [3, 1, 3] : [3, 3], -1, 1, 9);
        const opts = { activation: c.activation, returnSequences };
        const want = valueAndGrads(() => autodiffLstm(x as tf.Tensor3D, W as tf.Tensor2D, R as tf.Tensor2D, b as tf.Tensor1D, opts), probe, [x, W, R, b]);
        for (const path of PATHS_ON[backend]) {
          const got = valueAndGrads(
            () => fusedLstm(x as tf.Tensor3D, W as tf.Tensor2D, R as tf.Tensor2D, b as tf.Tensor1D, { ...opts, path }).y,
            probe,
            [x, W, R, b],
          );
          expectSame(got, want, `T=1 ${path} seq=${returnSequences}`);
        }
        tf.dispose([x, W, R, b, probe]);
      }
    });

    it('dropout and recurrent dropout with the same masks as tfjs-layers', () => {
      const c: LstmCase = { batch: 4, steps: 5, inputDim: 3, units: 6, activation: 'tanh', returnSequences: true };
      const x = tf.variable(uniform([4, 5, 3], -1, 1, 41));
      const weights = caseWeights(c, 42);
      const probe = uniform([4, 5, 6], -1, 1, 43);
      const inputMask = dropoutMask(4, 3, 0.3, 44);
      const recurrentMask = dropoutMask(4, 6, 0.4, 45);
      // tfjs-layers asks its dropoutFunc for a mask of ones shaped like the input [B, I] or the
      // state [B, U]; hand it ours, so both layers drop exactly the same entries.
      const dropoutFunc = (ones: tf.Tensor): tf.Tensor => (ones.shape[1] === c.inputDim ? inputMask.clone() : recurrentMask.clone());
      const ref = prepared(referenceLstm(c, { dropout: 0.3, recurrentDropout: 0.4, dropoutFunc }), x, weights);
      const want = layerResult(ref, x, probe);
      class InjectedMasks extends FusedLSTM {
        protected override dropoutMask(kind: 'input' | 'recurrent'): tf.Tensor2D {
          return (kind === 'input' ? inputMask : recurrentMask).clone();
        }
      }
      for (const path of PATHS_ON[backend]) {
        const args = { units: c.units, activation: c.activation, returnSequences: true, dropout: 0.3, recurrentDropout: 0.4 };
        const fused = prepared(new InjectedMasks(args), x, weights);
        const got = withPath(path, () => layerResult(fused, x, probe));
        expectSame(got, want, `dropout ${path}`);
        fused.dispose();
      }
      // Without dropout the result differs, so the masks really were applied.
      const plain = prepared(fusedLayer(c), x, weights);
      expect(compareToReference(layerResult(plain, x, probe).y, want.y).ratio).toBeGreaterThan(1);
      plain.dispose();
      ref.dispose();
      tf.dispose([x, probe, inputMask, recurrentMask, ...weights]);
    });

    it('stacked layers: gradients flow through both', () => {
      const c1: LstmCase = { batch: 3, steps: 4, inputDim: 2, units: 5, activation: 'relu', returnSequences: true };
      const c2: LstmCase = { batch: 3, steps: 4, inputDim: 5, units: 4, activation: 'tanh', returnSequences: false };
      const x = tf.variable(uniform([3, 4, 2], -1, 1, 51));
      const w1 = caseWeights(c1, 52), w2 = caseWeights(c2, 55);
      const probe = uniform([3, 4], -1, 1, 58);
      const run = (l1: tf.layers.Layer, l2: tf.layers.Layer): Result => {
        prepared(l1, x, w1);
        const mid = l1.apply(x) as tf.Tensor;
        prepared(l2, mid, w2);
        mid.dispose();
        return valueAndGrads(
          () => l2.apply(l1.apply(x, { training: true }), { training: true }) as tf.Tensor,
          probe,
          [x, ...layerVariables(l1), ...layerVariables(l2)],
        );
      };
      const want = run(referenceLstm(c1), referenceLstm(c2));
      for (const path of PATHS_ON[backend]) {
        const got = withPath(path, () => run(fusedLayer(c1), fusedLayer(c2)));
        [got.y, ...got.grads].forEach((g, i) => {
          const w = [want.y, ...want.grads][i];
          expect(compareToReference(g, w).ratio, `stacked ${path} part ${i}`).toBeLessThanOrEqual(1);
        });
      }
      tf.dispose([x, probe, ...w1, ...w2]);
    });

    it('stateful: carries (h, c) across calls, matches tfjs-layers, and resets', () => {
      const c: LstmCase = { batch: 2, steps: 3, inputDim: 2, units: 4, activation: 'tanh', returnSequences: false };
      const x1 = uniform([2, 3, 2], -1, 1, 61);
      const x2 = tf.variable(uniform([2, 3, 2], -1, 1, 62));
      const weights = caseWeights(c, 63);
      const probe = uniform([2, 4], -1, 1, 64);
      const stateful = { stateful: true, batchInputShape: [2, 3, 2] };
      const ref = prepared(referenceLstm(c, stateful), x1, weights);
      ref.resetStates();
      const refFirst = (ref.apply(x1) as tf.Tensor).dataSync();
      const want = valueAndGrads(() => ref.apply(x2, { training: true }) as tf.Tensor, probe, [x2, ...layerVariables(ref)]);
      // The same two steps as one sequence of six steps, stateless.
      const both = tf.concat([x1, x2], 1);
      const longLayer = prepared(fusedLayer(c), both, weights);
      const longOut = (longLayer.apply(both) as tf.Tensor).dataSync();

      for (const path of PATHS_ON[backend]) {
        withPath(path, () => {
          const fused = prepared(fusedLayer(c, stateful), x1, weights);
          fused.resetStates();
          const first = (fused.apply(x1) as tf.Tensor).dataSync();
          expect(compareToReference(first, refFirst).ratio).toBeLessThanOrEqual(1);
          const got = valueAndGrads(() => fused.apply(x2, { training: true }) as tf.Tensor, probe, [x2, ...layerVariables(fused)]);
          expectSame(got, want, `stateful ${path}`);
          expect(compareToReference(got.y, longOut).ratio, 'state carried across calls').toBeLessThanOrEqual(1);
          fused.resetStates();
          const again = (fused.apply(x1) as tf.Tensor).dataSync();
          expect(compareToReference(again, refFirst).ratio, 'reset starts from zeros').toBeLessThanOrEqual(1);
          const wrongBatch = uniform([3, 3, 2], 0, 1, 1);
          expect(() => fused.apply(wrongBatch)).toThrow(/batch size|incompatible/);
          wrongBatch.dispose();
          fused.dispose();
        });
      }
      ref.dispose();
      longLayer.dispose();
      tf.dispose([x1, x2, both, probe, ...weights]);
    });

    afterAll(() => tf.disposeVariables());
  });
}
