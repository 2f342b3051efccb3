/**
 * CI smoke test for `npm run bench:fidelity -- --quick`, in-process: the harness trains the
 * generated tutorials (and one IMDB variant when its data has been built) with the real engine,
 * writes its results to a temporary folder, and a second run resumes with nothing to do.
 * CI runs the unit tests before it builds the IMDB data, so there IMDB is skipped.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TutorialId } from '../src/scenarios/types';
import { nodeSession } from './cli';
import { runHarness, type HarnessOutcome } from './fidelity/harness';
import { DEFAULT_OPTIONS, type FidelityOptions } from './fidelity/plan';
import { parseStore } from './fidelity/store';

const IMDB_BUILT = existsSync('public/data/imdb/manifest.json');
const VARIANTS: TutorialId[] = [
  'alphabet', 'alphabet-stateful', 'trend', 'trend-two-features', ...(IMDB_BUILT ? (['imdb-small-vocab'] as const) : []),
];

describe('bench:fidelity --quick', () => {
  let dir: string;
  let options: FidelityOptions;
  let first: HarnessOutcome;
  let tensorsAfterFirst: number;
  // One session for every harness run below, so the backend is selected once: the comparison of
  // tensor counts is then about the harness and the training runs alone.
  const session = nodeSession();
  const engine = () => session;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fidelity-smoke-'));
    options = { ...DEFAULT_OPTIONS, quick: true, only: VARIANTS, seeds: [1], backend: 'wasm', outDir: dir };
    first = await runHarness(options, { engine });
    tensorsAfterFirst = tf.memory().numTensors;
  }, 120_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('trains every planned variant and saves each to the quick results file', async () => {
    expect(first.failed).toEqual([]);
    expect(first.stopped).toBe(false);
    expect(first.ran).toEqual(VARIANTS.map((id) => `${id}#1`));
    expect(first.files.json).toBe(join(dir, 'fidelity-quick.json'));
    const { store, warnings } = parseStore(await readFile(first.files.json, 'utf8'), true);
    expect(warnings).toEqual([]);
    expect(store.quick).toBe(true);
    expect(store.results.map((r) => r.scenario)).toEqual(VARIANTS);
  });

  it.each(VARIANTS.map((id) => [id]))('%s completes every epoch, with a falling loss and a figure to compare', (id) => {
    const r = first.store.results.find((x) => x.scenario === id)!;
    expect(r.reason).toBe('completed');
    expect(r.epochs).toBe(r.hp.epochs);
    expect(r.history).toHaveLength(r.hp.epochs);
    expect(r.history.at(-1)!.loss).toBeLessThan(r.history[0].loss);
    expect(r.ours).toBeGreaterThanOrEqual(0);
    expect(r.ours).toBeLessThanOrEqual(1);
    expect(r.backend).toBe('wasm');
  });

  it('writes a Markdown table with a row per variant', async () => {
    const md = await readFile(first.files.markdown, 'utf8');
    for (const id of VARIANTS) expect(md).toMatch(new RegExp(`\\(\`${id}\`\\) \\|.*\\| QUICK \\|`));
  });

  it('resumes: a second run finds everything saved and trains nothing', async () => {
    const again = await runHarness(options, { engine });
    expect(again.ran).toEqual([]);
    expect(again.skipped).toEqual(first.ran);
  });

  it('--fresh trains a variant again, and a whole harness cycle leaves the tensor count flat', async () => {
    // Compared with the count after the first harness run, not with zero: tfjs and the backend
    // selection keep a few tensors of their own once a backend is set up.
    const again = await runHarness({ ...options, only: ['trend-two-features'], fresh: true }, { engine });
    expect(again.ran).toEqual(['trend-two-features#1']);
    expect(again.store.results.map((r) => r.scenario)).toEqual(VARIANTS);
    expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
  });
});
