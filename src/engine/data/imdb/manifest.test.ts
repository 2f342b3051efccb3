import { describe, expect, it } from 'vitest';
import { TINY_REVIEWS, buildFixture } from '../../../../scripts/imdb/fixture';
import { DataFileError } from './errors';
import { manifestFiles, parseManifest, serializeManifest, sha256Hex, verifyFile, type ImdbManifest } from './manifest';

const built = await buildFixture(TINY_REVIEWS);
const manifest = built.manifest;
const shardEntry = manifest.shards.train[0];
const shardBytes = built.files.find((f) => f.path === shardEntry.path)!.bytes;
const enc = (text: string): Uint8Array => new TextEncoder().encode(text);

function problemOf(fn: () => unknown): DataFileError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataFileError);
    return e as DataFileError;
  }
  throw new Error('expected a DataFileError');
}

async function asyncProblemOf(p: Promise<unknown>): Promise<DataFileError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(DataFileError);
  return e as DataFileError;
}

describe('sha256Hex', () => {
  it('matches the known digest of "abc"', async () => {
    expect(await sha256Hex(enc('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('verifyFile', () => {
  it('accepts the bytes the manifest describes', async () => {
    await expect(verifyFile(shardEntry, shardBytes)).resolves.toBeUndefined();
  });

  it('rejects a corrupt shard (one flipped byte) as corrupt, naming the file and the fix', async () => {
    const bad = shardBytes.slice();
    bad[bad.length >> 1] ^= 0x01;
    const e = await asyncProblemOf(verifyFile(shardEntry, bad));
    expect(e.problem).toBe('corrupt');
    expect(e.file).toBe(`imdb/${shardEntry.path}`);
    expect(e.message).toContain(`imdb/${shardEntry.path}`);
    expect(e.message).toContain('npm run data:imdb');
    expect(e.message).toContain('Retry');
    expect(e.name).toBe('DataFileError');
  });

  it('rejects a truncated shard as truncated', async () => {
    const e = await asyncProblemOf(verifyFile(shardEntry, shardBytes.slice(0, -7)));
    expect(e.problem).toBe('truncated');
    expect(e.detail).toContain(`expected ${shardEntry.bytes} bytes`);
  });

  it('rejects a file with extra bytes as corrupt', async () => {
    const e = await asyncProblemOf(verifyFile(shardEntry, Uint8Array.from([...shardBytes, 0])));
    expect(e.problem).toBe('corrupt');
  });
});

describe('parseManifest', () => {
  it('reads back what the build wrote', () => {
    expect(parseManifest(enc(serializeManifest(manifest)))).toEqual(manifest);
    expect(manifestFiles(manifest).map((f) => f.path)).toEqual(['vocab.txt', 'train-000.bin', 'test-000.bin']);
  });

  const edit = (f: (m: ImdbManifest & Record<string, unknown>) => void): Uint8Array => {
    const m = structuredClone(manifest) as ImdbManifest & Record<string, unknown>;
    f(m);
    return enc(JSON.stringify(m));
  };
  const bad: { name: string; bytes: Uint8Array; says: RegExp }[] = [
    { name: 'not JSON', bytes: enc('{"formatVersion": 1,'), says: /not JSON/ },
    { name: 'an HTML page', bytes: enc('<!doctype html><html></html>'), says: /not JSON/ },
    { name: 'invalid UTF-8', bytes: Uint8Array.from([0xff, 0xfe]), says: /not JSON/ },
    { name: 'a JSON array', bytes: enc('[]'), says: /not a JSON object/ },
    { name: 'another format version', bytes: edit((m) => ((m as Record<string, unknown>).formatVersion = 2)), says: /formatVersion/ },
    { name: 'another word-index convention', bytes: edit((m) => ((m.wordIndex as Record<string, unknown>).oov = 1)), says: /Keras convention/ },
    { name: 'a missing vocab entry', bytes: edit((m) => delete (m as Record<string, unknown>).vocab), says: /vocab/ },
    { name: 'a path leaving the folder', bytes: edit((m) => (m.shards.train[0].path = '../secret.bin')), says: /plain file name/ },
    { name: 'a bad hash', bytes: edit((m) => (m.shards.test[0].sha256 = 'XYZ')), says: /SHA-256/ },
    { name: 'a negative size', bytes: edit((m) => (m.shards.test[0].bytes = -1)), says: /byte count/ },
    { name: 'a file listed twice', bytes: edit((m) => (m.shards.test[0].path = m.shards.train[0].path)), says: /listed twice/ },
    { name: 'shard reviews that disagree with the counts', bytes: edit((m) => (m.counts.train.pos = 99)), says: /counts say/ },
    { name: 'no source fingerprint', bytes: edit((m) => delete (m as Record<string, unknown>).source), says: /source/ },
  ];
  it.each(bad)('rejects $name as bad-format', ({ bytes, says }) => {
    const e = problemOf(() => parseManifest(bytes));
    expect(e.problem).toBe('bad-format');
    expect(e.file).toBe('imdb/manifest.json');
    expect(e.message).toMatch(says);
    expect(e.message).toContain('npm run data:imdb');
  });
});
