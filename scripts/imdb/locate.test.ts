import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadTarball, findLocalTarball } from './locate';

let root: string;
beforeEach(async () => {
  // root/repo is the repository; root/shared/data holds the shared copy.
  root = await mkdtemp(join(tmpdir(), 'imdb-locate-'));
  await mkdir(join(root, 'repo'));
});
afterEach(() => rm(root, { recursive: true, force: true }));
const repo = (): string => join(root, 'repo');

describe('findLocalTarball', () => {
  it('prefers $IMDB_TARBALL, then the shared copy, then the download cache', async () => {
    expect(findLocalTarball(repo(), {})).toBeUndefined();
    await mkdir(join(repo(), 'data'));
    await writeFile(join(repo(), 'data/aclImdb_v1.tar.gz'), 'x');
    expect(findLocalTarball(repo(), {})?.why).toBe('download cache');
    await mkdir(join(root, 'shared/data'), { recursive: true });
    await writeFile(join(root, 'shared/data/aclImdb_v1-labeled.tar.gz'), 'x');
    expect(findLocalTarball(repo(), {})?.why).toBe('shared labelled copy');
    await writeFile(join(root, 'mine.tar.gz'), 'x');
    expect(findLocalTarball(repo(), { IMDB_TARBALL: '../mine.tar.gz' })).toEqual({
      path: join(root, 'mine.tar.gz'),
      why: 'from $IMDB_TARBALL',
    });
  });

  it('fails when $IMDB_TARBALL names a file that is not there', () => {
    expect(() => findLocalTarball(repo(), { IMDB_TARBALL: 'nope.tar.gz' })).toThrow(/does not exist/);
  });
});

describe('downloadTarball', () => {
  const dest = (): string => join(repo(), 'data/aclImdb_v1.tar.gz');

  it('streams to a temporary file and renames it into place', async () => {
    const body = new Uint8Array(100_000).map((_, i) => i % 251);
    const seen: number[] = [];
    const fake = (async () => new Response(body, { headers: { 'content-length': String(body.length) } })) as typeof fetch;
    await downloadTarball('https://example.test/x.tar.gz', dest(), (loaded) => seen.push(loaded), fake);
    expect(new Uint8Array(await readFile(dest()))).toEqual(body);
    expect(seen.at(-1)).toBe(body.length);
    expect(await readdir(join(repo(), 'data'))).toEqual(['aclImdb_v1.tar.gz']);
  });

  it('says what to do when offline, leaving nothing behind', async () => {
    const offline = (async () => {
      throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND ai.stanford.edu') });
    }) as typeof fetch;
    await expect(downloadTarball('https://ai.stanford.edu/x', dest(), undefined, offline)).rejects.toThrow(
      /offline\? getaddrinfo ENOTFOUND.*IMDB_TARBALL/,
    );
  });

  it('fails on an HTTP error and on a short body, keeping no partial file', async () => {
    const notFound = (async () => new Response('no', { status: 404, statusText: 'Not Found' })) as typeof fetch;
    await expect(downloadTarball('https://example.test/x', dest(), undefined, notFound)).rejects.toThrow(/HTTP 404/);
    const short = (async () => new Response(new Uint8Array(10), { headers: { 'content-length': '20' } })) as typeof fetch;
    await expect(downloadTarball('https://example.test/x', dest(), undefined, short)).rejects.toThrow(/10 of 20 bytes/);
    expect(await readdir(join(repo(), 'data'))).toEqual([]);
  });
});
