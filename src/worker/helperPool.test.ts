import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../scenarios';
import { createRng } from '../engine/rng';
import { TypedNetwork } from '../engine/typed/network';
import { TypedPredictor } from '../engine/typed/typedPredictor';
import { HelperState, type FromHelper, type ToHelper } from './helperHandler';
import { helperCount, RESET_GRACE_MS, WorkerHelper } from './helperPool';

const spec = SCENARIOS.alphabet.model(SCENARIOS.alphabet.defaults); // LSTM(32) → Dense(26)
const weights = [
  [new Float32Array(1 * 128).fill(0.1), new Float32Array(32 * 128).fill(-0.02), new Float32Array(128).fill(0.05)],
  [Float32Array.from({ length: 32 * 26 }, (_, i) => Math.sin(i)), new Float32Array(26)],
];

/** A Worker stand-in running the helper's real message handler a macrotask later, as structured cloning would. */
class FakeWorker {
  onmessage: ((event: MessageEvent<FromHelper>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  /** Stops answering, as a thread stuck in a long request (or hung) does. */
  silent = false;
  private readonly state = new HelperState();
  postMessage(message: ToHelper): void {
    setTimeout(() => !this.terminated && !this.silent && this.onmessage?.({ data: this.state.answer(structuredClone(message)) } as MessageEvent<FromHelper>), 1);
  }
  crash(): void {
    this.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('WorkerHelper', () => {
  it('loads weights and predicts what a local typed predictor predicts', async () => {
    const worker = new FakeWorker();
    const helper = new WorkerHelper(() => worker as unknown as Worker);
    await helper.load(spec, weights);
    const x = Float32Array.from({ length: 7 * 5 }, (_, i) => (i % 26) / 26);
    const want = new TypedPredictor(spec, weights).predict(x, 7);
    expect(await helper.predict(x.slice(), 7)).toEqual(want);
  });

  it('reports a predict before any load as an error, not a hang', async () => {
    const helper = new WorkerHelper(() => new FakeWorker() as unknown as Worker);
    await expect(helper.predict(new Float32Array(5), 1)).rejects.toThrow(/No model loaded/);
  });

  it('rejects pending and later requests once its worker has crashed, and stops the worker', async () => {
    const worker = new FakeWorker();
    const helper = new WorkerHelper(() => worker as unknown as Worker);
    const load = helper.load(spec, weights);
    worker.crash();
    await expect(load).rejects.toThrow(/crashed: out of memory/);
    await expect(helper.predict(new Float32Array(5), 1)).rejects.toThrow(/crashed/);
    expect(worker.terminated).toBe(true);
  });
});

describe('WorkerHelper training shards', () => {
  const y = Float32Array.from({ length: 4 * 26 }, (_, i) => (i % 26 === (i >> 3) % 26 ? 1 : 0));
  const x = Float32Array.from({ length: 4 * 5 }, (_, i) => (i % 26) / 26);

  it('computes a shard’s gradients from the weights it is sent, as a local network does', async () => {
    const local = new TypedNetwork(spec, weights, { maxBatch: 4, learningRate: 0.01, rng: createRng(3) });
    // The caller's current weights differ from those the helper loaded: the helper must use these.
    local.trainStep(x, y, 4);
    const params = new Float32Array(local.parameterCount);
    local.copyWeights(params);
    const want = local.gradients(x, y, 3, 8);
    const wantGrads = new Float32Array(local.parameterCount);
    local.copyGradients(wantGrads);

    const helper = new WorkerHelper(() => new FakeWorker() as unknown as Worker);
    await helper.loadTrainer(spec, weights, { maxBatch: 4, seed: 9 });
    const got = await helper.trainShard(params, x.slice(0, 15), y.slice(0, 78), 3, 8);
    expect(got.loss).toBeCloseTo(want.loss, 6);
    expect(got.acc).toBe(want.acc);
    expect(Array.from(got.gradients)).toEqual(Array.from(wantGrads));
  });

  it('frees its network on unload: a shard after that is an error, not a stale answer', async () => {
    const helper = new WorkerHelper(() => new FakeWorker() as unknown as Worker);
    await helper.loadTrainer(spec, weights, { maxBatch: 4, seed: 9 });
    helper.unloadTrainer();
    await expect(helper.trainShard(new Float32Array(10), x, y, 1, 1)).rejects.toThrow(/No training network loaded/);
  });

  it('reports a shard before any training load as an error', async () => {
    const helper = new WorkerHelper(() => new FakeWorker() as unknown as Worker);
    await expect(helper.trainShard(new Float32Array(10), x, y, 1, 1)).rejects.toThrow(/No training network loaded/);
  });
});

describe('WorkerHelper after a failed run', () => {
  /** A helper on FakeWorkers, with every worker it started. */
  function helperWithWorkers(): { helper: WorkerHelper; workers: FakeWorker[] } {
    const workers: FakeWorker[] = [];
    const helper = new WorkerHelper(() => {
      workers.push(new FakeWorker());
      return workers[workers.length - 1] as unknown as Worker;
    });
    return { helper, workers };
  }
  const x = Float32Array.from({ length: 2 * 5 }, (_, i) => i / 10);
  const y = new Float32Array(2 * 26).fill(1 / 26);

  it('reset makes the thread forget its predictor and its network', async () => {
    const { helper, workers } = helperWithWorkers();
    await helper.load(spec, weights);
    await helper.loadTrainer(spec, weights, { maxBatch: 4, seed: 9 });
    await helper.reset();
    await expect(helper.predict(x.slice(), 2)).rejects.toThrow(/No model loaded/);
    await expect(helper.trainShard(new Float32Array(5210), x, y, 2, 2)).rejects.toThrow(/No training network loaded/);
    expect(workers).toHaveLength(1);
  });

  it('reset replaces a thread that does not answer (hung, or still busy with the failed run), and the new one works', async () => {
    const { helper, workers } = helperWithWorkers();
    await helper.load(spec, weights);
    workers[0].silent = true;
    const stuck = helper.predict(x.slice(), 2);
    const t0 = performance.now();
    await helper.reset();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(RESET_GRACE_MS - 5);
    await expect(stuck).rejects.toThrow(/replaced after a failed run/);
    expect(workers.map((w) => w.terminated)).toEqual([true, false]);
    // A clean thread: nothing loaded, and it works.
    await expect(helper.predict(x.slice(), 2)).rejects.toThrow(/No model loaded/);
    await helper.load(spec, weights);
    expect(await helper.predict(x.slice(), 2)).toEqual(new TypedPredictor(spec, weights).predict(x, 2));
  });

  it('reset brings back a helper whose thread crashed', async () => {
    const { helper, workers } = helperWithWorkers();
    workers[0].crash();
    await expect(helper.load(spec, weights)).rejects.toThrow(/crashed/);
    await helper.reset();
    await helper.load(spec, weights);
    expect(workers).toHaveLength(2);
  });

  it('a closed helper stays closed', async () => {
    const { helper, workers } = helperWithWorkers();
    helper.dispose();
    await helper.reset();
    expect(workers).toHaveLength(1);
    await expect(helper.load(spec, weights)).rejects.toThrow(/closed/);
  });
});

describe('helperCount', () => {
  it('uses the cores beyond the calling thread, at most three, none when unknown', () => {
    expect([undefined, 1, 2, 4, 16].map(helperCount)).toEqual([0, 0, 1, 3, 3]);
  });
});
