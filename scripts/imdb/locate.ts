/**
 * Finds the IMDB tarball, or downloads it. Order: `$IMDB_TARBALL`; the labelled copy shared beside
 * the repository; the download cache `data/aclImdb_v1.tar.gz`; else the official URL into that
 * cache. All paths are relative to the repository root.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { rename, rm, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const OFFICIAL_URL = 'https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz';
export const SHARED_TARBALL = '../shared/data/aclImdb_v1-labeled.tar.gz';
export const CACHED_TARBALL = 'data/aclImdb_v1.tar.gz';

export interface TarballChoice {
  path: string;
  /** Where it came from, for the log. */
  why: string;
}

/**
 * The local tarball to use, or `undefined` when it must be downloaded. A path named by
 * `IMDB_TARBALL` that does not exist is an error, not a reason to look elsewhere: the user asked
 * for that file.
 */
export function findLocalTarball(root: string, env: NodeJS.ProcessEnv = process.env): TarballChoice | undefined {
  const named = env.IMDB_TARBALL;
  if (named) {
    const path = resolve(root, named);
    if (!existsSync(path)) throw new Error(`IMDB_TARBALL names ${path}, which does not exist.`);
    return { path, why: 'from $IMDB_TARBALL' };
  }
  const shared = resolve(root, SHARED_TARBALL);
  if (existsSync(shared)) return { path: shared, why: 'shared labelled copy' };
  const cached = resolve(root, CACHED_TARBALL);
  if (existsSync(cached)) return { path: cached, why: 'download cache' };
  return undefined;
}

/**
 * Downloads `url` to `dest`: streamed into a temporary file beside it, renamed into place only
 * once complete, so an interrupted download never looks like a cached tarball.
 * @param onProgress bytes so far and the total from Content-Length (0 when the server gives none)
 */
export async function downloadTarball(
  url: string,
  dest: string,
  onProgress?: (loaded: number, total: number) => void,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const manual =
    `Download ${url} by hand and save it as ${CACHED_TARBALL}, or set IMDB_TARBALL=/path/to/aclImdb_v1.tar.gz.`;
  let res: Response;
  try {
    res = await fetchImpl(url);
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e);
    throw new Error(`Could not download the IMDB dataset (are you offline? ${cause}). ${manual}`);
  }
  if (!res.ok || !res.body) throw new Error(`Downloading ${url} failed: HTTP ${res.status} ${res.statusText}. ${manual}`);
  const total = Number(res.headers.get('content-length') ?? 0);
  await mkdir(dirname(dest), { recursive: true });
  const part = `${dest}.part-${process.pid}`;
  let loaded = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      loaded += chunk.length;
      onProgress?.(loaded, total);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), count, createWriteStream(part));
    if (total > 0 && loaded !== total) throw new Error(`the download stopped at ${loaded} of ${total} bytes`);
    await rename(part, dest);
  } catch (e) {
    await rm(part, { force: true });
    throw new Error(`Downloading ${url} failed: ${e instanceof Error ? e.message : String(e)}. ${manual}`);
  }
}
