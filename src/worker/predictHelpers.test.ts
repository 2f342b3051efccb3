import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../scenarios';
import { TypedPredictor } from '../engine/tinyTrainer/predictor';
import { PredictHelperState, type FromHelper, type ToHelper } from './predictHelper';
import { helperCount, WorkerPredictHelper } from './predictHelpers';

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
  private readonly state = new PredictHelperState();
  postMessage(message: ToHelper): void {
    setTimeout(() => !this.terminated && this.onmessage?.({ data: this.state.answer(structuredClone(message)) } as MessageEvent<FromHelper>), 1);
  }
  crash(): void {
    this.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('WorkerPredictHelper', () => {
  it('loads weights and predicts what a local typed predictor predicts', async () => {
    const worker = new FakeWorker();
    const helper = new WorkerPredictHelper(worker as unknown as Worker);
    await helper.load(spec, weights);
    const x = Float32Array.from({ length: 7 * 5 }, (_, i) => (i % 26) / 26);
    const want = new TypedPredictor(spec, weights).predict(x, 7);
    expect(await helper.predict(x.slice(), 7)).toEqual(want);
  });

  it('reports a predict before any load as an error, not a hang', async () => {
    const helper = new WorkerPredictHelper(new FakeWorker() as unknown as Worker);
    await expect(helper.predict(new Float32Array(5), 1)).rejects.toThrow(/No model loaded/);
  });

  it('rejects pending and later requests once its worker has crashed, and stops the worker', async () => {
    const worker = new FakeWorker();
    const helper = new WorkerPredictHelper(worker as unknown as Worker);
    const load = helper.load(spec, weights);
    worker.crash();
    await expect(load).rejects.toThrow(/crashed: out of memory/);
    await expect(helper.predict(new Float32Array(5), 1)).rejects.toThrow(/crashed/);
    expect(worker.terminated).toBe(true);
  });
});

describe('helperCount', () => {
  it('uses the cores beyond the calling thread, at most three, none when unknown', () => {
    expect([undefined, 1, 2, 4, 16].map(helperCount)).toEqual([0, 0, 1, 3, 3]);
  });
});
