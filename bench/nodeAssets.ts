/**
 * Data files for the Node command line and benchmarks: read straight from the folder the build
 * script writes (public/data), so the CLI and the app load byte-identical data through the same
 * `AssetSource` interface. No cache, so no `evict`.
 */
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { AssetSource } from '../src/engine/data/assets';
import { DataFileError } from '../src/engine/data/imdb/errors';

export function createNodeAssetSource(rootDir = 'public/data'): AssetSource {
  const root = resolve(rootDir);
  return {
    async fetchBytes(path, onProgress) {
      const file = resolve(root, path);
      const rel = relative(root, file);
      if (rel.startsWith('..') || rel.startsWith(sep) || rel === '') {
        throw new DataFileError(path, 'missing', `it is outside ${root}`);
      }
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new DataFileError(path, 'missing', code === 'ENOENT' ? `no file at ${file}` : `${file}: ${String(e)}`);
      }
      onProgress?.(bytes.length, bytes.length);
      return bytes;
    },
  };
}
