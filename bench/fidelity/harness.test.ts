import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeResult, scriptedEngine, storeOf } from './fixtures';
import { runHarness, type HarnessEvent } from './harness';
import { DEFAULT_OPTIONS, type FidelityOptions } from './plan';
import { loadStore, serializeStore, writeAtomic } from './store';

const EPOCHS = [
  { loss: 0.69, acc: 0.6, valLoss: 0.68, valAcc: 0.62, seconds: 0.01 },
  { loss: 0.3, acc: 0.9, valLoss: 0.3, valAcc: 0.99, seconds: 0.01 },
];

describe('runHarness (scripted engine)', () => {
  let dir: string;
  let options: FidelityOptions;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fidelity-harness-'));
    options = { ...DEFAULT_OPTIONS, only: ['trend', 'trend-two-features'], seeds: [1, 2], outDir: dir };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('trains the plan, saves every run, writes the table, and disposes the engine', async () => {
    const engine = scriptedEngine(EPOCHS);
    const events: HarnessEvent['type'][] = [];
    const out = await runHarness(options, { engine: () => engine, onEvent: (e) => events.push(e.type) });
    expect(out.ran).toEqual(['trend#1', 'trend#2', 'trend-two-features#1', 'trend-two-features#2']);
    expect((await loadStore(out.files.json, false)).store.results).toHaveLength(4);
    expect(await readFile(out.files.markdown, 'utf8')).toContain('| 1, 2 | PASS |');
    expect(engine.disposed).toBe(1);
    expect(events[0]).toBe('plan');
    expect(events.at(-1)).toBe('summary');
    expect(events.filter((t) => t === 'epoch')).toHaveLength(8);
  });

  it('resumes after the saved runs, and --fresh trains the plan again but keeps other variants', async () => {
    const saved = storeOf([fakeResult('trend', 1, 0.99), fakeResult('alphabet', 1, 0.98)]);
    await writeAtomic(join(dir, 'fidelity.json'), serializeStore(saved));
    const resumed = await runHarness(options, { engine: () => scriptedEngine(EPOCHS) });
    expect(resumed.skipped).toEqual(['trend#1']);
    expect(resumed.ran).toEqual(['trend#2', 'trend-two-features#1', 'trend-two-features#2']);

    const fresh = await runHarness({ ...options, fresh: true }, { engine: () => scriptedEngine(EPOCHS) });
    expect(fresh.skipped).toEqual([]);
    expect(fresh.ran).toHaveLength(4);
    expect(fresh.store.results.map((r) => `${r.scenario}#${r.seed}`)).toEqual([
      'alphabet#1', 'trend#1', 'trend#2', 'trend-two-features#1', 'trend-two-features#2',
    ]);
  });

  it('reports a run that throws, saves nothing for it, and goes on with the rest', async () => {
    const engine = scriptedEngine(EPOCHS, { fails: (c) => c.scenario === 'trend' && c.hp.seed === 2 });
    const errors: string[] = [];
    const out = await runHarness(options, { engine: () => engine, onEvent: (e) => e.type === 'error' && errors.push(e.message) });
    expect(out.failed).toEqual(['trend#2']);
    expect(errors).toEqual(['no data for trend']);
    expect(out.ran).toEqual(['trend#1', 'trend-two-features#1', 'trend-two-features#2']);
  });

  it('stops cleanly on abort: the current run is not saved and the rest are not started', async () => {
    const controller = new AbortController();
    const engine = scriptedEngine(EPOCHS);
    const out = await runHarness(options, {
      engine: () => engine,
      signal: controller.signal,
      // Abort during the second run's first epoch.
      onEvent: (e) => e.type === 'epoch' && e.key === 'trend#2' && controller.abort(),
    });
    expect(out.stopped).toBe(true);
    expect(out.ran).toEqual(['trend#1']);
    expect(engine.configs).toHaveLength(2);
    expect((await loadStore(out.files.json, false)).store.results.map((r) => r.seed)).toEqual([1]);
    expect(await readFile(out.files.markdown, 'utf8')).toContain('NOT RUN');
  });

  it('refuses a plan with an invalid configuration', async () => {
    await expect(runHarness({ ...options, only: ['alphabet-stateful'], seeds: [-1] }, { engine: () => scriptedEngine(EPOCHS) })).rejects.toThrow(
      /alphabet-stateful#-1/,
    );
  });
});
