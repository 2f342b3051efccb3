import { mkdtemp, readdir, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TINY_REVIEWS, buildFixture, makeReviews } from './fixture';
import { checkOutputs, isCurrent, writeOutputs } from './outputs';

const dirs: string[] = [];
const tempDir = async (): Promise<string> => {
  const d = await mkdtemp(join(tmpdir(), 'imdb-out-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('writeOutputs / checkOutputs', () => {
  it('writes every file and then finds the folder complete', async () => {
    const dir = await tempDir();
    const built = await buildFixture(TINY_REVIEWS);
    await writeOutputs(dir, built.files);
    expect((await readdir(dir)).sort()).toEqual(['manifest.json', 'test-000.bin', 'train-000.bin', 'vocab.txt']);
    const state = await checkOutputs(dir);
    expect(state.ok && state.manifest).toEqual(built.manifest);
  });

  it('reports an empty folder, a missing file and a damaged file', async () => {
    const dir = await tempDir();
    expect(await checkOutputs(dir)).toEqual({ ok: false, reason: 'there is no manifest yet' });
    const built = await buildFixture(TINY_REVIEWS);
    await writeOutputs(dir, built.files);
    const shard = join(dir, 'train-000.bin');
    const bytes = await readFile(shard);
    bytes[bytes.length - 1] ^= 1;
    await writeFile(shard, bytes);
    const damaged = await checkOutputs(dir);
    expect(damaged.ok).toBe(false);
    expect(!damaged.ok && damaged.reason).toMatch(/train-000\.bin is corrupt/);
    await rm(shard);
    expect(await checkOutputs(dir)).toEqual({ ok: false, reason: 'train-000.bin is missing' });
  });

  it('removes shards left from a bigger build, and nothing it did not write', async () => {
    const dir = await tempDir();
    await writeOutputs(dir, (await buildFixture(makeReviews(40), 150)).files);
    await writeFile(join(dir, 'notes.txt'), 'mine');
    await writeOutputs(dir, (await buildFixture(makeReviews(40))).files);
    expect((await readdir(dir)).sort()).toEqual(['manifest.json', 'notes.txt', 'test-000.bin', 'train-000.bin', 'vocab.txt']);
    expect((await checkOutputs(dir)).ok).toBe(true);
  });
});

describe('isCurrent', () => {
  it('needs the same tarball and the same generator', async () => {
    const { manifest } = await buildFixture(TINY_REVIEWS);
    const src = { bytes: manifest.source.bytes, sha256: manifest.source.sha256 };
    expect(isCurrent(manifest, src, manifest.generator)).toBe(true);
    expect(isCurrent(manifest, { ...src, sha256: 'b'.repeat(64) }, manifest.generator)).toBe(false);
    expect(isCurrent(manifest, src, { ...manifest.generator, version: 99 })).toBe(false);
    expect(isCurrent(manifest, src, { ...manifest.generator, sourceSha256: 'c'.repeat(64) })).toBe(false);
  });
});
