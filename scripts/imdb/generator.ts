/**
 * Fingerprint of the code that makes the IMDB data. The manifest records it, and `--if-stale`
 * rebuilds when it changes, so editing the tokenizer or the shard format can never leave stale
 * data behind. It hashes the files whose code decides the output bytes (not progress or download
 * code), with line endings normalised so a Windows checkout agrees with a Linux one.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImdbManifest } from '../../src/engine/data/imdb/manifest';

/** Bump to force a rebuild when something outside `GENERATOR_SOURCES` changes the output. */
export const GENERATOR_VERSION = 1;

/** Relative to the repository root. */
export const GENERATOR_SOURCES = [
  'scripts/imdb/build.ts',
  'scripts/imdb/readTarball.ts',
  'src/engine/data/imdb/manifest.ts',
  'src/engine/data/imdb/shardFormat.ts',
  'src/engine/data/imdb/tokenizer.ts',
  'src/engine/data/imdb/vocab.ts',
];

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function generatorFingerprint(root = REPO_ROOT): Promise<ImdbManifest['generator']> {
  const hash = createHash('sha256');
  for (const rel of GENERATOR_SOURCES) {
    const text = (await readFile(join(root, rel), 'utf8')).replace(/\r\n/g, '\n');
    hash.update(`${rel}\0${text}\0`);
  }
  return { version: GENERATOR_VERSION, sourceSha256: hash.digest('hex') };
}
