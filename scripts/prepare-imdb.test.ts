/**
 * The real build on the real tarball, end to end: tarball -> files -> loader. Skipped where no
 * tarball is available (CI without the dataset); unit tests cover the same code on tiny corpora.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeAssetSource } from '../bench/nodeAssets';
import { BASE_HYPERPARAMS } from '../src/scenarios/defaults';
import { clearImdbCache, loadImdb } from '../src/engine/data/imdb/loadImdb';
import { manifestFiles } from '../src/engine/data/imdb/manifest';
import { REPO_ROOT } from './imdb/generator';
import { findLocalTarball } from './imdb/locate';
import { checkOutputs } from './imdb/outputs';
import type { ProgressLine } from './imdb/progress';
import { prepareImdb } from './prepare-imdb';

function localTarball(): string | undefined {
  try {
    return findLocalTarball(REPO_ROOT)?.path;
  } catch {
    return undefined;
  }
}

const quiet: ProgressLine = { update: () => {}, log: () => {} };
const root = await mkdtemp(join(tmpdir(), 'prepare-imdb-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe.skipIf(!localTarball())('prepare-imdb on the real tarball', () => {
  const outA = join(root, 'a/imdb');
  const outB = join(root, 'b/imdb');

  it('builds the full dataset well within two minutes', async () => {
    const r = await prepareImdb({ outDir: outA, progress: quiet });
    console.log(`prepare-imdb: ${r.seconds.toFixed(1)} s`);
    expect(r.skipped).toBe(false);
    expect(r.seconds).toBeLessThan(120);
    expect(r.manifest.counts).toEqual({ train: { neg: 12_500, pos: 12_500 }, test: { neg: 12_500, pos: 12_500 } });
    expect(r.manifest.vocabSize).toBeGreaterThan(80_000);
    for (const f of manifestFiles(r.manifest)) expect(f.bytes).toBeLessThan(4 * 1024 * 1024);
    expect((await checkOutputs(outA)).ok).toBe(true);
  }, 150_000);

  it('gives byte-identical files on a second build, and --if-stale then skips', async () => {
    const r = await prepareImdb({ outDir: outB, progress: quiet });
    for (const f of [...manifestFiles(r.manifest), { path: 'manifest.json' }]) {
      // Buffer.equals: vitest's deep equality walks 3 MB buffers element by element (minutes).
      const same = (await readFile(join(outB, f.path))).equals(await readFile(join(outA, f.path)));
      expect(same, f.path).toBe(true);
    }
    const again = await prepareImdb({ outDir: outA, ifStale: true, progress: quiet });
    expect(again.skipped).toBe(true);
  }, 150_000);

  it('loads back through the run-time loader as Keras would give it', async () => {
    clearImdbCache();
    const t0 = performance.now();
    const { dataset, preview, vocab } = await loadImdb(createNodeAssetSource(join(root, 'a')), {
      ...BASE_HYPERPARAMS, vocabSize: 2000, seqLength: 80, trainSubset: 0, seed: 1,
    });
    console.log(`loadImdb (full, cold): ${(performance.now() - t0).toFixed(0)} ms`);
    expect(dataset.train.xShape).toEqual([25_000, 80]);
    expect(dataset.validation!.xShape).toEqual([25_000, 80]);
    let maxId = 0;
    for (const id of dataset.train.x) maxId = Math.max(maxId, id);
    expect(maxId).toBe(1999);
    expect(dataset.train.y.reduce((s, v) => s + v, 0)).toBe(12_500);
    expect(vocab.words.slice(0, 3)).toEqual(['the', 'and', 'a']);
    expect(preview.examples[0].text.startsWith('<START> ')).toBe(true);
    expect(preview.lengthHistogram.reduce((s, b) => s + b.count, 0)).toBe(25_000);
  }, 60_000);
});
