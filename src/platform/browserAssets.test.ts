import { describe, expect, it } from 'vitest';
import { DataFileError } from '../engine/data/imdb/errors';
import { createBrowserAssetSource } from './browserAssets';

/** Just enough of Cache Storage for the source: one cache, keyed by URL. */
function fakeCaches() {
  const entries = new Map<string, Response>();
  const cache = {
    match: async (url: string) => entries.get(url)?.clone(),
    put: async (url: string, res: Response) => void entries.set(url, res),
    delete: async (url: string) => entries.delete(url),
  };
  return { entries, storage: { open: async () => cache } as unknown as CacheStorage };
}

/** A server of fixed files; `offline` makes every request fail like a dropped network. */
function fakeServer(files: Record<string, { body: Uint8Array | string; type?: string; status?: number }>) {
  const state = { offline: false, requests: [] as { url: string; init?: RequestInit }[] };
  const fetch = (async (url: string, init?: RequestInit) => {
    state.requests.push({ url, init });
    if (state.offline) throw new TypeError('Failed to fetch');
    const f = files[url];
    if (!f) return new Response('not found', { status: 404, statusText: 'Not Found' });
    const body = typeof f.body === 'string' ? new TextEncoder().encode(f.body) : f.body;
    return new Response(body as Uint8Array<ArrayBuffer>, {
      status: f.status ?? 200,
      headers: { 'content-type': f.type ?? 'application/octet-stream', 'content-length': String(body.length) },
    });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, files, state };
}

const BASE = 'https://app.test/lab/data/';
const shard = new Uint8Array(70_000).map((_, i) => i % 256);

async function failure(p: Promise<unknown>): Promise<DataFileError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(DataFileError);
  return e as DataFileError;
}

describe('createBrowserAssetSource', () => {
  it('downloads with byte progress and serves the second visit from the cache, offline', async () => {
    const server = fakeServer({ [`${BASE}imdb/train-000.bin`]: { body: shard } });
    const { storage } = fakeCaches();
    const source = createBrowserAssetSource(BASE, { fetch: server.fetch, caches: storage });
    const progress: [number, number][] = [];
    expect(await source.fetchBytes('imdb/train-000.bin', (l, t) => progress.push([l, t]))).toEqual(shard);
    expect(progress.at(-1)).toEqual([shard.length, shard.length]);
    server.state.offline = true;
    const again = createBrowserAssetSource(BASE, { fetch: server.fetch, caches: storage });
    expect(await again.fetchBytes('imdb/train-000.bin')).toEqual(shard);
  });

  it('asks the network first for the manifest, falling back to the cache when offline', async () => {
    const url = `${BASE}imdb/manifest.json`;
    const server = fakeServer({ [url]: { body: '{"v":1}', type: 'application/json' } });
    const source = createBrowserAssetSource(BASE, { fetch: server.fetch, caches: fakeCaches().storage });
    const text = async (): Promise<string> => new TextDecoder().decode(await source.fetchBytes('imdb/manifest.json'));
    expect(await text()).toBe('{"v":1}');
    server.files[url].body = '{"v":2}'; // the data was rebuilt
    expect(await text()).toBe('{"v":2}');
    expect(server.state.requests.at(-1)?.init).toEqual({ cache: 'no-cache' });
    server.state.offline = true;
    expect(await text()).toBe('{"v":2}');
  });

  it('evict makes the next read go to the network', async () => {
    const server = fakeServer({ [`${BASE}imdb/vocab.txt`]: { body: 'a\n', type: 'text/plain' } });
    const source = createBrowserAssetSource(BASE, { fetch: server.fetch, caches: fakeCaches().storage });
    await source.fetchBytes('imdb/vocab.txt');
    await source.fetchBytes('imdb/vocab.txt');
    expect(server.state.requests).toHaveLength(1);
    await source.evict!('imdb/vocab.txt');
    await source.fetchBytes('imdb/vocab.txt');
    expect(server.state.requests).toHaveLength(2);
  });

  it('turns a 404, a dev server’s HTML fallback and a network failure into "missing", naming the file', async () => {
    const server = fakeServer({ [`${BASE}imdb/manifest.json`]: { body: '<!doctype html>', type: 'text/html' } });
    const source = createBrowserAssetSource(BASE, { fetch: server.fetch, caches: null });
    const e404 = await failure(source.fetchBytes('imdb/test-001.bin'));
    expect([e404.problem, e404.file]).toEqual(['missing', 'imdb/test-001.bin']);
    expect(e404.message).toContain('404');
    expect(e404.message).toContain('npm run data:imdb');
    expect((await failure(source.fetchBytes('imdb/manifest.json'))).detail).toMatch(/web page/);
    server.state.offline = true;
    expect((await failure(source.fetchBytes('imdb/train-000.bin'))).detail).toMatch(/could not be downloaded/);
  });

  it('works without Cache Storage, or when opening it throws', async () => {
    const server = fakeServer({ [`${BASE}imdb/train-000.bin`]: { body: shard } });
    const denied = { open: async () => Promise.reject(new DOMException('denied', 'SecurityError')) } as unknown as CacheStorage;
    for (const caches of [null, denied]) {
      const source = createBrowserAssetSource(BASE.slice(0, -1), { fetch: server.fetch, caches });
      expect(await source.fetchBytes('imdb/train-000.bin')).toEqual(shard);
      await expect(source.evict!('imdb/train-000.bin')).resolves.toBeUndefined();
    }
  });

  it('reports a body that breaks off as truncated', async () => {
    const broken = (async () =>
      new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(new Uint8Array(10));
            c.error(new Error('connection reset'));
          },
        }),
        { headers: { 'content-length': '100' } },
      )) as unknown as typeof fetch;
    const source = createBrowserAssetSource(BASE, { fetch: broken, caches: null });
    const e = await failure(source.fetchBytes('imdb/train-000.bin'));
    expect([e.problem, e.file]).toEqual(['truncated', 'imdb/train-000.bin']);
  });
});
