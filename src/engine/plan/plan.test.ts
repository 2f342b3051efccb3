import { describe, expect, it } from 'vitest';
import type { HyperParams } from '../../config/hyperparams';
import { SCENARIOS } from '../../scenarios';
import type { ModelSpec } from '../spec/types';
import type { CandidateReport, PlanCandidate } from '../types';
import { candidateKey } from './describe';
import { candidatesFor, choosePlan, fusedLstmProblem, inMemoryPlanMemory, MEASURE_BUDGET_MS, type Devices } from './plan';

const imdb = SCENARIOS['imdb-small-vocab'];
const spec = imdb.model(imdb.defaults);
const cpuOnly: Devices = { gpus: [], helpers: 1, kernels: 'wasm-simd', key: 'test-cpu' };
const withGpus: Devices = {
  ...cpuOnly, key: 'test-gpu', gpus: [{ backend: 'webgpu', description: 'nvidia' }, { backend: 'webgl', description: 'ANGLE (NVIDIA)' }],
};
const hp = (over: Partial<HyperParams> = {}): HyperParams => ({ ...imdb.defaults, ...over });
const keys = (cs: PlanCandidate[]) => cs.map(candidateKey);
/** A model the typed trainer does not take: a Dense layer before the output. */
const odd: ModelSpec = { ...spec, layers: [...spec.layers.slice(0, -1), { kind: 'dense', units: 8, activation: 'linear' }, spec.layers.at(-1)!] };

describe('candidatesFor', () => {
  it.each([
    ['auto on a CPU-only device', cpuOnly, {}, spec, ['typed×2']],
    ['auto with two GPUs', withGpus, {}, spec, ['typed×2', 'fused@webgpu', 'fused@webgl']],
    ['a named backend', withGpus, { backend: 'webgl' }, spec, ['fused@webgl']],
    ['the typed trainer asked for', withGpus, { trainer: 'typed' }, spec, ['typed×2']],
    ['the layers LSTM asked for', withGpus, { trainer: 'layers' }, spec, ['layers@auto']],
    ['a model the typed trainer cannot take, CPU only', cpuOnly, {}, odd, ['fused@auto']],
    ['a model the typed trainer cannot take, with GPUs', withGpus, {}, odd, ['fused@webgpu', 'fused@webgl']],
    ['typed asked for a model it cannot take', cpuOnly, { trainer: 'typed' }, odd, ['fused@auto']],
  ] as const)('%s', (_name, devices, over, model, want) => {
    expect(keys(candidatesFor(model, hp(over as Partial<HyperParams>), devices).candidates)).toEqual(want);
  });

  it('says why the typed trainer was left out', () => {
    expect(candidatesFor(odd, hp(), cpuOnly).notes.join(' ')).toMatch(/typed trainer cannot take this model \(Dense is only supported as the output layer\)/);
  });

  it.each([
    ['auto with two GPUs', withGpus, {}, ['layers@webgpu', 'layers@webgl']],
    ['a named backend', withGpus, { backend: 'webgl' }, ['layers@webgl']],
    ['the fused LSTM asked for', cpuOnly, { trainer: 'fused' }, ['layers@auto']],
    ['the layers LSTM asked for', cpuOnly, { trainer: 'layers' }, ['layers@auto']],
  ] as const)('never offers the fused LSTM to a masked or Bidirectional LSTM: %s', (_name, devices, over, want) => {
    const masked: ModelSpec = { ...spec, layers: spec.layers.map((l) => (l.kind === 'embedding' ? { ...l, maskZero: true } : l)) };
    const lstm = spec.layers.find((l) => l.kind === 'lstm')!;
    const bidirectional: ModelSpec = { ...spec, layers: spec.layers.map((l) => (l.kind === 'lstm' ? { kind: 'bidirectional', layer: { ...lstm, stateful: false } } : l)) };
    for (const [model, why] of [[masked, 'reads the mask of Embedding\\(mask_zero=True\\)'], [bidirectional, 'is inside a Bidirectional']] as const) {
      const { candidates, notes } = candidatesFor(model, hp(over as Partial<HyperParams>), devices);
      expect(keys(candidates).filter((k) => !k.startsWith('typed'))).toEqual(want);
      if ((over as Partial<HyperParams>).trainer !== 'layers') expect(notes.join(' ')).toMatch(new RegExp(`TensorFlow.js’ own LSTM layer, not our fused LSTM \\(its LSTM ${why}\\)`));
    }
    expect(fusedLstmProblem(spec)).toBeNull();
  });

  it('keeps one thread for small batches of work', () => {
    const alphabet = SCENARIOS.alphabet;
    expect(candidatesFor(alphabet.model(alphabet.defaults), { ...alphabet.defaults }, { ...cpuOnly, helpers: 3 }).candidates).toEqual([{ trainer: 'typed', threads: 1 }]);
  });
});

/** A measurer with fixed answers per candidate, recording the budgets it was given. */
function fakeMeasure(ms: Record<string, number | Error>) {
  const budgets: number[] = [];
  const measure = async (candidate: PlanCandidate, budgetMs: number): Promise<CandidateReport> => {
    budgets.push(budgetMs);
    const v = ms[candidateKey(candidate)];
    return v instanceof Error ? { candidate, problem: v.message } : { candidate, msPerStep: v };
  };
  return { measure, budgets };
}

describe('choosePlan', () => {
  it('takes the only candidate without timing anything', async () => {
    const { measure, budgets } = fakeMeasure({});
    const plan = await choosePlan(spec, hp(), cpuOnly, { measure, memory: inMemoryPlanMemory() });
    expect(plan).toMatchObject({ candidate: { trainer: 'typed', threads: 2 }, basis: 'only', threads: 2, kernels: 'wasm-simd' });
    expect(budgets).toEqual([]);
  });

  it('says a named backend was asked for', async () => {
    const plan = await choosePlan(spec, hp({ backend: 'wasm' }), cpuOnly, { ...fakeMeasure({}), memory: inMemoryPlanMemory() });
    expect(plan).toMatchObject({ basis: 'asked', threads: 1, kernels: undefined });
    expect(plan.reason).toBe('Trains with TensorFlow.js on the CPU (WebAssembly), as the settings ask.');
  });

  it('times each candidate within a share of the budget and keeps the fastest', async () => {
    const { measure, budgets } = fakeMeasure({ 'typed×2': 31.8, 'fused@webgpu': 12.5, 'fused@webgl': 20 });
    const plan = await choosePlan(spec, hp(), withGpus, { measure, memory: inMemoryPlanMemory() });
    expect(plan.candidate).toEqual({ trainer: 'fused', backend: 'webgpu' });
    expect(plan).toMatchObject({ basis: 'measured', threads: 1 });
    expect(budgets).toEqual([MEASURE_BUDGET_MS / 3, MEASURE_BUDGET_MS / 3, MEASURE_BUDGET_MS / 3]);
    expect(plan.candidates.map((r) => r.msPerStep)).toEqual([31.8, 12.5, 20]);
    expect(plan.reason).toBe(
      'Trains with TensorFlow.js on the GPU (WebGPU): the fastest of the 3 ways timed on this model (12.5 ms per training step, ' +
        'against 31.8 ms for our CPU trainer on 2 threads, 20.0 ms for TensorFlow.js on the GPU (WebGL)).',
    );
  });

  it('passes over a candidate that fails, and remembers the timings per model and device', async () => {
    const memory = inMemoryPlanMemory();
    const first = fakeMeasure({ 'typed×2': 31.8, 'fused@webgpu': new Error('device lost'), 'fused@webgl': 40 });
    expect((await choosePlan(spec, hp(), withGpus, { measure: first.measure, memory })).candidate).toEqual({ trainer: 'typed', threads: 2 });
    const again = fakeMeasure({});
    const remembered = await choosePlan(spec, hp(), withGpus, { measure: again.measure, memory });
    expect(remembered).toMatchObject({ basis: 'remembered', candidate: { trainer: 'typed', threads: 2 } });
    expect(again.budgets).toEqual([]);
    // Another batch size is another model shape; another device is another device.
    for (const [h, d] of [[hp({ batchSize: 64 }), withGpus], [hp(), { ...withGpus, key: 'other' }]] as const) {
      const fresh = fakeMeasure({ 'typed×2': 1, 'fused@webgpu': 2, 'fused@webgl': 3 });
      expect((await choosePlan(spec, h, d, { measure: fresh.measure, memory })).basis).toBe('measured');
    }
  });

  it('falls back to the first candidate when nothing could be timed, and remembers nothing', async () => {
    const memory = inMemoryPlanMemory();
    const { measure } = fakeMeasure({ 'typed×2': new Error('no'), 'fused@webgpu': new Error('no'), 'fused@webgl': new Error('no') });
    const plan = await choosePlan(spec, hp(), withGpus, { measure, memory });
    expect(plan.candidate).toEqual({ trainer: 'typed', threads: 2 });
    expect(await memory.get(`${withGpus.key}|${JSON.stringify({ spec, batchSize: 32 })}`)).toBeUndefined();
  });
});
