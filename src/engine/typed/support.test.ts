import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios';
import { SCENARIO_IDS, type ScenarioId } from '../../scenarios/types';
import type { BackendName, HyperParams } from '../../config/hyperparams';
import type { KernelKind } from './kernels';
import { TYPED_LAYERS } from './layers';
import { chooseTrainer, forwardMacsPerSample, typedTrainerSupport, trainingThreads, TYPED_MAX_MACS_PER_BATCH } from './support';

const pick = (id: ScenarioId, hp: Partial<HyperParams> = {}, on: BackendName = 'wasm', kernels: KernelKind = 'wasm-simd') => {
  const all = { ...SCENARIOS[id].defaults, backend: 'auto' as const, lstmImpl: 'fused' as const, ...hp };
  return chooseTrainer(SCENARIOS[id].model(all), all, on, kernels);
};

describe('chooseTrainer', () => {
  it('on WASM, trains every tutorial on typed arrays, at their defaults', () => {
    const kinds = Object.fromEntries(SCENARIO_IDS.map((id) => [id, pick(id).kind]));
    expect(kinds).toEqual({
      alphabet: 'typed',
      'alphabet-stateful': 'typed',
      trend: 'typed', // batch 64 × 2 × LSTM(50): 17 M multiply-adds per batch
      'trend-two-features': 'typed',
      'imdb-small-vocab': 'typed', // 1.0 G per batch
      'imdb-seq': 'typed', // 5.1 G per batch
      'imdb-seq-dropout': 'typed',
      'imdb-seq-lstm-dropout': 'typed',
      'imdb-seq-cnn': 'typed', // 2.8 G per batch
    });
    // On a GPU backend IMDB's products are the GPU's to run.
    expect(pick('imdb-small-vocab', {}, 'webgpu').kind).toBe('tensors');
    // Far past what was measured, tfjs again.
    expect(pick('imdb-seq', { seqLength: 1000, units: 400 }).reason).toMatch(/G multiply-adds per batch is past the 8.00 G/);
  });

  it('switches at the measured size, which depends on the kernels and the backend', () => {
    // A GPU's dispatch overhead is smaller than the trend model's arithmetic; WASM's is not.
    expect(pick('trend', {}, 'webgpu').kind).toBe('tensors');
    expect(pick('alphabet', {}, 'webgpu').kind).toBe('typed');
    // Without SIMD the typed arrays are ~4× slower: trend at batch 64 goes back to tfjs on WASM.
    expect(pick('trend', {}, 'wasm', 'js').kind).toBe('tensors');
    expect(pick('trend', {}, 'wasm', 'js').reason).toMatch(/multiply-adds per batch/);
    const spec = SCENARIOS.trend.model({ ...SCENARIOS.trend.defaults, units: 16 });
    const limit = TYPED_MAX_MACS_PER_BATCH.js.wasm;
    const largestBatch = Math.floor(limit / (3 * forwardMacsPerSample(spec)));
    expect(pick('trend', { units: 16, batchSize: largestBatch }, 'wasm', 'js').kind).toBe('typed');
    expect(pick('trend', { units: 16, batchSize: largestBatch + 1 }, 'wasm', 'js').kind).toBe('tensors');
  });

  it('respects an explicit backend or the tfjs-layers LSTM, and says why', () => {
    expect(pick('alphabet', { backend: 'wasm' })).toMatchObject({ kind: 'tensors', reason: expect.stringMatching(/wasm backend was asked for/) });
    expect(pick('alphabet', { lstmImpl: 'layers' })).toMatchObject({ kind: 'tensors', reason: expect.stringMatching(/tfjs-layers LSTM/) });
    expect(pick('alphabet').reason).toMatch(/WebAssembly SIMD/);
    expect(pick('alphabet', {}, 'wasm', 'js').reason).toMatch(/no WebAssembly SIMD/);
  });

  it('counts multiply-adds per sample as the LSTM and Dense products', () => {
    // Alphabet: 5 steps × 4·32·(1 + 32) + Dense 32 × 26.
    expect(forwardMacsPerSample(SCENARIOS.alphabet.model(SCENARIOS.alphabet.defaults))).toBe(5 * 4 * 32 * 33 + 32 * 26);
  });

  it('takes word ids only into a leading Embedding', () => {
    const imdb = SCENARIOS['imdb-seq'].model(SCENARIOS['imdb-seq'].defaults);
    expect(typedTrainerSupport(imdb)).toBeNull();
    expect(typedTrainerSupport({ ...imdb, inputDtype: 'float32' })).toMatch(/only an Embedding takes word ids/);
    expect(typedTrainerSupport({ ...imdb, layers: imdb.layers.slice(1) })).toMatch(/only an Embedding takes word ids/);
    expect(typedTrainerSupport({ ...imdb, layers: [{ kind: 'dropout', rate: 0.2 }, ...imdb.layers] })).toMatch(/not the first layer/);
    expect(typedTrainerSupport({ ...imdb, inputShape: [500, 1] })).toMatch(/input is not \[timesteps\]/);
    // The Embedding is a row copy: no multiply-adds.
    const lstm = imdb.layers[1] as Extract<typeof imdb.layers[1], { kind: 'lstm' }>;
    expect(forwardMacsPerSample(imdb)).toBe(500 * 4 * lstm.units * (32 + lstm.units) + lstm.units);
  });

  it('counts Conv1D windows and MaxPooling1D’s shorter sequence', () => {
    // IMDB + Conv1D: 500 steps × 3 × 32 × 32 for the convolution, then the LSTM over 250 steps.
    const cnn = SCENARIOS['imdb-seq-cnn'].model(SCENARIOS['imdb-seq-cnn'].defaults);
    expect(typedTrainerSupport(cnn)).toBeNull();
    expect(forwardMacsPerSample(cnn)).toBe(500 * 3 * 32 * 32 + 250 * 4 * 100 * (32 + 100) + 100);
  });

  it('has a layer for every kind a tutorial uses, and refuses a Dense that would see a sequence', () => {
    expect(Object.keys(TYPED_LAYERS).sort()).toEqual(['conv1d', 'dense', 'dropout', 'embedding', 'lstm', 'maxPooling1d']);
    const alphabet = SCENARIOS.alphabet.model(SCENARIOS.alphabet.defaults);
    const seq = { ...alphabet, layers: [{ ...alphabet.layers[0], returnSequences: true } as typeof alphabet.layers[0], alphabet.layers[1]] };
    expect(typedTrainerSupport(seq)).toMatch(/sequence/);
    expect(typedTrainerSupport(alphabet)).toBeNull();
  });
});

describe('trainingThreads', () => {
  const model = (id: ScenarioId, hp: Partial<HyperParams> = {}) => SCENARIOS[id].model({ ...SCENARIOS[id].defaults, ...hp });

  it('shares IMDB batches with every helper, keeping 8 rows a shard', () => {
    expect(trainingThreads(model('imdb-small-vocab'), 32, 1)).toBe(2);
    expect(trainingThreads(model('imdb-small-vocab'), 32, 3)).toBe(4);
    expect(trainingThreads(model('imdb-small-vocab'), 16, 3)).toBe(2);
    expect(trainingThreads(model('imdb-small-vocab'), 32, 0)).toBe(1);
  });

  it('keeps small and stateful models on one thread', () => {
    expect(trainingThreads(model('trend'), 64, 3)).toBe(1); // 17 M multiply-adds per batch
    expect(trainingThreads(model('alphabet'), 1, 3)).toBe(1);
    expect(trainingThreads(model('alphabet-stateful'), 1, 3)).toBe(1);
    expect(trainingThreads(model('trend', { units: 400 }), 64, 1)).toBe(2);
  });
});
