import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeResult, storeOf } from './fixtures';
import { DEFAULT_OPTIONS, planRuns } from './plan';
import {
  STORE_VERSION, emptyStore, isFinished, loadStore, mergeResult, parseStore, pendingRuns, saveResult, serializeStore, withBeyondCard, withoutRuns,
} from './store';

const ENV = { node: '20', platform: 'linux-x64', cpus: 2, tfjs: '4.22.0' };

describe('withBeyondCard', () => {
  it("lays the fields over the card's part and keeps the rest of it, the other cards and the results", () => {
    const beyond = {
      'short-reviews': { runs: [1], baselinesOnCheck: { rows: [] } },
      'other-card': { runs: [2] },
    };
    const store = { ...storeOf([fakeResult('trend', 1, 0.99)]), environment: ENV, beyond };
    const next = withBeyondCard(store, 'short-reviews', { runs: [3], quick: false });
    expect(next.beyond).toEqual({
      'short-reviews': { runs: [3], baselinesOnCheck: { rows: [] }, quick: false },
      'other-card': { runs: [2] },
    });
    expect(next.results).toEqual(store.results);
    expect(store.beyond['short-reviews'].runs).toEqual([1]);
  });

  it('starts a card that the file does not hold yet', () => {
    expect(withBeyondCard(storeOf([]), 'short-reviews', { runs: [] }).beyond).toEqual({ 'short-reviews': { runs: [] } });
  });
});

describe('parseStore', () => {
  it('reads back what serializeStore wrote', () => {
    const store = { ...storeOf([fakeResult('trend', 1, 0.99), fakeResult('alphabet', 2, 0.98)]), environment: ENV };
    const { store: back, warnings } = parseStore(serializeStore(store), false);
    expect(warnings).toEqual([]);
    expect(back).toEqual(store);
  });

  it('keeps the cards beyond the tutorials as they are (bench:short-reviews writes them)', () => {
    const beyond = { 'short-reviews': { targets: [{ id: 'imdb-test-accuracy', figure: 0.85, limit: 0.89, verdict: 'missed' }] } };
    const store = { ...storeOf([fakeResult('trend', 1, 0.99)]), environment: ENV, beyond };
    expect(parseStore(serializeStore(store), false).store.beyond).toEqual(beyond);
  });

  it('writes one line per epoch record', () => {
    const text = serializeStore(storeOf([fakeResult('trend', 1, 0.99)]));
    expect(text).toContain('\n    {"loss":0.7,"acc":1,"seconds":1,"valLoss":0.7,"valAcc":1},\n');
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('treats an empty file as no results', () => {
    expect(parseStore('', false)).toEqual({ store: emptyStore(false), warnings: [] });
  });

  it('tolerates a file cut off mid-write: no results, and a warning', () => {
    const text = serializeStore(storeOf([fakeResult('trend', 1, 0.99), fakeResult('trend', 2, 0.97)]));
    const { store, warnings } = parseStore(text.slice(0, Math.floor(text.length / 2)), false);
    expect(store.results).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/not valid JSON/);
  });

  it('drops malformed entries and keeps the rest', () => {
    const good = fakeResult('trend', 1, 0.99);
    const text = JSON.stringify({
      version: STORE_VERSION, quick: false, updatedAt: 'x',
      results: [good, { scenario: 'trend', seed: 2 }, { ...good, scenario: 'nope' }, null],
    });
    const { store, warnings } = parseStore(text, false);
    expect(store.results).toEqual([good]);
    expect(warnings).toHaveLength(3);
  });

  it('keeps a NaN run, whose accuracy JSON stores as null', () => {
    const nan = fakeResult('trend', 3, null);
    const { store, warnings } = parseStore(serializeStore(storeOf([nan])), false);
    expect(warnings).toEqual([]);
    expect(store.results).toEqual([nan]);
  });

  it.each([
    ['another version', JSON.stringify({ version: 99, results: [] }), /version 99/],
    ['no results list', JSON.stringify({ version: STORE_VERSION }), /no results list/],
    ['not an object', 'null', /no results list/],
  ])('starts over for %s', (_what, text, message) => {
    const { store, warnings } = parseStore(text, true);
    expect(store).toEqual(emptyStore(true));
    expect(warnings[0]).toMatch(message);
  });
});

describe('mergeResult', () => {
  it('replaces an earlier result for the same variant and seed, and sorts by registry order then seed', () => {
    let store = storeOf([fakeResult('trend', 2, 0.9), fakeResult('imdb-seq', 1, 0.86), fakeResult('trend', 1, 0.8)]);
    store = mergeResult(store, fakeResult('alphabet', 1, 0.99));
    store = mergeResult(store, fakeResult('trend', 2, 0.95));
    expect(store.results.map((r) => [r.scenario, r.seed, r.ours])).toEqual([
      ['alphabet', 1, 0.99], ['trend', 1, 0.8], ['trend', 2, 0.95], ['imdb-seq', 1, 0.86],
    ]);
  });
});

describe('resuming', () => {
  const { runs } = planRuns({ ...DEFAULT_OPTIONS, only: ['trend', 'alphabet-stateful'] });

  it('skips (variant, seed) runs already saved with the same hyperparameters', () => {
    const store = storeOf([fakeResult('trend', 1, 0.99), fakeResult('trend', 3, 0.98), fakeResult('alphabet-stateful', 2, 1)]);
    expect(pendingRuns(runs, store).map((r) => r.key)).toEqual(['alphabet-stateful#1', 'alphabet-stateful#3', 'trend#2']);
  });

  it('runs again when a saved result was trained differently (another LSTM implementation, quick mode)', () => {
    const otherImpl = runs[0].config.hp.trainer === 'fused' ? 'layers' : 'fused';
    const other = fakeResult('trend', 1, 0.99, {}, { ...DEFAULT_OPTIONS, trainer: otherImpl });
    const quick = fakeResult('trend', 2, 0.99, {}, { ...DEFAULT_OPTIONS, quick: true });
    const store = storeOf([other, quick]);
    expect(isFinished(store, runs.find((r) => r.key === 'trend#1')!)).toBe(false);
    expect(isFinished(store, runs.find((r) => r.key === 'trend#2')!)).toBe(false);
  });

  it('counts the same computation as done: backend and trainer must match what the plan runs', () => {
    const imdb = planRuns({ ...DEFAULT_OPTIONS, only: ['imdb-seq'], seeds: [1] }).runs[0];
    const onTfjs = planRuns({ ...DEFAULT_OPTIONS, backend: 'wasm', only: ['imdb-seq'], seeds: [1] }).runs[0];
    const onWasm = { ...DEFAULT_OPTIONS, backend: 'wasm' as const };
    // Saved by an earlier harness: backend asked for by name, no trainer recorded (tfjs), the old hyperparameter name.
    const { trainer: _, ...fresh } = fakeResult('imdb-seq', 1, 0.9, {}, onWasm);
    const { trainer: __, ...oldHp } = fresh.hp;
    const old = { ...fresh, hp: { ...oldHp, lstmImpl: 'fused' }, lstmImpl: 'fused' };
    const migrated = parseStore(JSON.stringify({ ...emptyStore(false), results: [old] }), false).store;
    expect(migrated.results[0]).toMatchObject({ trainer: 'fused', backend: 'wasm', hp: { trainer: 'auto' } });
    expect(isFinished(migrated, onTfjs)).toBe(true);
    // Auto trains it with the typed trainer: a different computation, so it runs again.
    expect(isFinished(migrated, imdb)).toBe(false);
    expect(isFinished(storeOf([fakeResult('imdb-seq', 1, 0.9)]), imdb)).toBe(true);
    expect(isFinished(storeOf([fakeResult('imdb-seq', 1, 0.9, { backend: 'cpu' })]), imdb)).toBe(false);
  });

  it('--fresh drops only the planned runs, keeping other variants', () => {
    const store = storeOf([fakeResult('trend', 1, 0.99), fakeResult('alphabet', 1, 0.98), fakeResult('trend', 7, 0.97)]);
    const fresh = withoutRuns(store, runs.map((r) => r.key));
    expect(fresh.results.map((r) => `${r.scenario}#${r.seed}`)).toEqual(['alphabet#1', 'trend#7']);
    expect(pendingRuns(runs, fresh)).toEqual(runs);
  });

  it('has nothing to do when everything is saved', () => {
    const store = storeOf(runs.map((r) => fakeResult(r.scenario, r.seed, 0.9)));
    expect(pendingRuns(runs, store)).toEqual([]);
  });
});

describe('files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fidelity-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a missing file is an empty store', async () => {
    expect(await loadStore(join(dir, 'none.json'), false)).toEqual({ store: emptyStore(false), warnings: [] });
  });

  it('saves each result at once, keeps what is already on disk, and leaves no temporary file', async () => {
    const path = join(dir, 'sub', 'fidelity.json');
    await saveResult(path, fakeResult('trend', 1, 0.99), ENV);
    // Another harness process saved a result meanwhile: it must survive the next save.
    const { store } = await loadStore(path, false);
    await writeFile(path, serializeStore(mergeResult(store, fakeResult('alphabet', 1, 0.97))));
    const written = await saveResult(path, fakeResult('trend', 2, 0.98), ENV);
    expect(written.results.map((r) => `${r.scenario}#${r.seed}`)).toEqual(['alphabet#1', 'trend#1', 'trend#2']);
    expect(written.environment).toEqual(ENV);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(written);
    expect(await readdir(join(dir, 'sub'))).toEqual(['fidelity.json']);
  });

  it('saving over a truncated file starts a fresh list rather than failing', async () => {
    const path = join(dir, 'fidelity.json');
    await writeFile(path, '{"version":1,"quick":false,"results":[{"scenario":"tre');
    const written = await saveResult(path, fakeResult('trend', 1, 0.99), ENV);
    expect(written.results).toHaveLength(1);
  });
});
