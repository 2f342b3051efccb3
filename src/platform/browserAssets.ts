/**
 * Data files in the browser (page or worker): `fetch` with byte progress, kept in Cache Storage so
 * a second visit trains without the network. The IMDB shards are ~17 MB; downloading them on every
 * visit would be the slowest part of a quick run.
 *
 * Cache policy:
 *  - data files (shards, vocabulary) are cache-first: they only change when the data is rebuilt,
 *    and then the loader's SHA-256 check fails, evicts them and fetches again;
 *  - JSON files (the manifest) are network-first, falling back to the cache when offline, so a
 *    rebuilt dataset is noticed on the next run rather than never.
 * Where Cache Storage is unavailable (insecure origin, some private modes), it just fetches.
 *
 * Integrity is not checked here: the loader verifies every file against the manifest.
 */
import type { AssetSource } from '../engine/data/assets';
import { DataFileError } from '../engine/data/imdb/errors';

export const DATA_CACHE_NAME = 'lstm-lab-data-v1';

export interface BrowserAssetOptions {
  /** Which paths go to the network first; default: JSON files. */
  networkFirst?: (path: string) => boolean;
  /** Injected for tests; default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Injected for tests; default `globalThis.caches` (`null` turns caching off). */
  caches?: CacheStorage | null;
  cacheName?: string;
}

/**
 * @param baseUrl where the data root is served, absolute, e.g. "https://host/app/data/"
 */
export function createBrowserAssetSource(baseUrl: string, opts: BrowserAssetOptions = {}): AssetSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const doFetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const networkFirst = opts.networkFirst ?? ((path: string) => path.endsWith('.json'));
  const cacheName = opts.cacheName ?? DATA_CACHE_NAME;
  const urlOf = (path: string): string => base + path.split('/').map(encodeURIComponent).join('/');

  let cachePromise: Promise<Cache | undefined> | undefined;
  /** The cache, or `undefined` when the browser will not give us one; asked once. */
  const openCache = (): Promise<Cache | undefined> => {
    cachePromise ??= (async () => {
      const storage = opts.caches !== undefined ? opts.caches : (globalThis as { caches?: CacheStorage }).caches;
      if (!storage) return undefined;
      try {
        return await storage.open(cacheName);
      } catch {
        return undefined; // e.g. SecurityError on an opaque origin: carry on uncached
      }
    })();
    return cachePromise;
  };

  const fromCache = async (url: string): Promise<Response | undefined> => {
    try {
      return (await (await openCache())?.match(url)) ?? undefined;
    } catch {
      return undefined;
    }
  };

  const fromNetwork = async (path: string, url: string, revalidate: boolean): Promise<Response> => {
    let res: Response;
    try {
      res = await doFetch(url, revalidate ? { cache: 'no-cache' } : undefined);
    } catch (e) {
      throw new DataFileError(path, 'missing', `it could not be downloaded: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!res.ok) throw new DataFileError(path, 'missing', `the server answered ${res.status} ${res.statusText}`.trim());
    // A dev server answers unknown paths with the app's index.html and status 200.
    if ((res.headers.get('content-type') ?? '').startsWith('text/html') && !path.endsWith('.html')) {
      throw new DataFileError(path, 'missing', 'the server sent a web page instead');
    }
    return res;
  };

  const store = async (url: string, bytes: Uint8Array, type: string | null): Promise<void> => {
    try {
      const headers = type ? { 'content-type': type } : undefined;
      await (await openCache())?.put(url, new Response(bytes as Uint8Array<ArrayBuffer>, { headers }));
    } catch {
      // Quota or private mode: the data still works, it just is not kept.
    }
  };

  return {
    async fetchBytes(path, onProgress) {
      const url = urlOf(path);
      if (!networkFirst(path)) {
        const hit = await fromCache(url);
        if (hit) return readBody(hit, onProgress);
      }
      let res: Response;
      try {
        res = await fromNetwork(path, url, networkFirst(path));
      } catch (e) {
        const fallback = networkFirst(path) ? await fromCache(url) : undefined;
        if (fallback) return readBody(fallback, onProgress);
        throw e;
      }
      const bytes = await readBody(res, onProgress, path);
      await store(url, bytes, res.headers.get('content-type'));
      return bytes;
    },
    async evict(path) {
      try {
        await (await openCache())?.delete(urlOf(path));
      } catch {
        // Nothing cached, nothing to forget.
      }
    },
  };
}

/**
 * Reads a body in chunks, reporting bytes so far. The total comes from Content-Length, which is
 * the compressed size when the server gzips, so it is raised to what was actually read.
 */
async function readBody(res: Response, onProgress?: (loaded: number, total: number) => void, path = res.url): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? 0) || 0;
  try {
    if (!res.body) {
      const bytes = new Uint8Array(await res.arrayBuffer());
      onProgress?.(bytes.length, bytes.length);
      return bytes;
    }
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    onProgress?.(0, declared);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      onProgress?.(loaded, Math.max(declared, loaded));
    }
    const bytes = new Uint8Array(loaded);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    return bytes;
  } catch (e) {
    // A connection dropped mid-body: the file is incomplete.
    throw new DataFileError(path, 'truncated', `the download broke off: ${e instanceof Error ? e.message : String(e)}`);
  }
}
