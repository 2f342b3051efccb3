import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { countProblem, parseReviewPath, readImdbTarStream } from './readTarball';
import { makeReviews } from './fixture';

/** A .tar.gz in memory, shaped like the official download (extra files included). */
async function tarball(entries: { name: string; text?: string; type?: 'file' | 'directory' }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) {
    if (e.type === 'directory') pack.entry({ name: e.name, type: 'directory' });
    else pack.entry({ name: e.name }, e.text ?? '');
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

describe('parseReviewPath', () => {
  it.each([
    ['aclImdb/train/pos/123_8.txt', { split: 'train', label: 1, id: 123, rating: 8 }],
    ['./aclImdb/test/neg/0_2.txt', { split: 'test', label: 0, id: 0, rating: 2 }],
    ['aclImdb/train/unsup/5_0.txt', undefined],
    ['aclImdb/train/labeledBow.feat', undefined],
    ['aclImdb/train/urls_pos.txt', undefined],
    ['aclImdb/imdb.vocab', undefined],
    ['aclImdb/README', undefined],
    ['aclImdb/train/pos/', undefined],
    ['other/train/pos/1_8.txt', undefined],
  ])('%s', (name, want) => {
    expect(parseReviewPath(name)).toEqual(want);
  });
});

describe('readImdbTarStream', () => {
  it('keeps only labelled reviews, decoding UTF-8, and skips every extra file', async () => {
    const gz = await tarball([
      { name: 'aclImdb/', type: 'directory' },
      { name: 'aclImdb/README', text: 'readme' },
      { name: 'aclImdb/imdb.vocab', text: 'the\nand\n' },
      { name: 'aclImdb/imdbEr.txt', text: '0.1\n' },
      { name: 'aclImdb/train/pos/', type: 'directory' },
      { name: 'aclImdb/train/pos/10_9.txt', text: 'Amélie is great 😀' },
      { name: 'aclImdb/train/neg/3_1.txt', text: 'Bad.<br />Very bad.' },
      { name: 'aclImdb/train/unsup/7_0.txt', text: 'unlabelled' },
      { name: 'aclImdb/train/labeledBow.feat', text: '0 0:1' },
      { name: 'aclImdb/train/urls_pos.txt', text: 'http://example' },
      { name: 'aclImdb/test/neg/0_4.txt', text: 'meh' },
    ]);
    const progress: number[] = [];
    const reviews = await readImdbTarStream(Readable.from([gz]), (p) => progress.push(p.reviews));
    expect(reviews).toEqual([
      { split: 'train', label: 1, id: 10, rating: 9, text: 'Amélie is great 😀' },
      { split: 'train', label: 0, id: 3, rating: 1, text: 'Bad.<br />Very bad.' },
      { split: 'test', label: 0, id: 0, rating: 4, text: 'meh' },
    ]);
    expect(progress.at(-1)).toBe(3);
  });

  it('fails clearly on a file that is not gzip', async () => {
    await expect(readImdbTarStream(Readable.from([Buffer.from('not a tarball at all')]))).rejects.toThrow(/not valid gzip/);
  });
});

describe('countProblem', () => {
  it('accepts the full set and names the first short class', () => {
    const reviews = makeReviews(3);
    expect(countProblem(reviews, 3)).toBeUndefined();
    expect(countProblem(reviews.filter((r) => !(r.split === 'test' && r.label === 1 && r.id === 0)), 3)).toBe(
      'aclImdb/test/pos has 2 reviews, expected 3',
    );
    expect(countProblem(reviews)).toBe('aclImdb/train/neg has 3 reviews, expected 12500');
  });

  it('rejects a repeated file id', () => {
    const reviews = makeReviews(2);
    expect(countProblem([...reviews, reviews[0]], 2)).toBe('aclImdb/train/neg/0_*.txt appears twice');
  });
});
