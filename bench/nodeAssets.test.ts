import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFileError } from '../src/engine/data/imdb/errors';
import { createNodeAssetSource } from './nodeAssets';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'node-assets-'));
  await mkdir(join(root, 'imdb'));
  await writeFile(join(root, 'imdb/vocab.txt'), 'the\n');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('createNodeAssetSource', () => {
  it('reads a file under the root and reports its size', async () => {
    const progress: [number, number][] = [];
    const bytes = await createNodeAssetSource(root).fetchBytes('imdb/vocab.txt', (l, t) => progress.push([l, t]));
    expect(new TextDecoder().decode(bytes)).toBe('the\n');
    expect(progress).toEqual([[4, 4]]);
  });

  it.each(['imdb/manifest.json', '../outside.txt'])('refuses %s as a missing data file', async (path) => {
    const e = await createNodeAssetSource(root).fetchBytes(path).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataFileError);
    expect(e).toMatchObject({ problem: 'missing', file: path });
  });
});
