import { describe, expect, it } from 'vitest';
import { folderHash, sha256Hex } from './contentHash';

const enc = (s: string) => new TextEncoder().encode(s);

describe('content hash', () => {
  it('is SHA-256 in hex, of the view’s bytes only', async () => {
    expect(await sha256Hex(enc('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await sha256Hex(enc('xabcx').subarray(1, 4))).toBe(await sha256Hex(enc('abc')));
  });

  it('a folder’s hash ignores the listing order and sees a renamed or changed file', async () => {
    const files = [{ name: 'pos/1.txt', bytes: enc('good') }, { name: 'neg/1.txt', bytes: enc('bad') }];
    const h = await folderHash(files);
    expect(await folderHash([...files].reverse())).toBe(h);
    expect(await folderHash([files[0], { name: 'neg/2.txt', bytes: enc('bad') }])).not.toBe(h);
    expect(await folderHash([files[0], { name: 'neg/1.txt', bytes: enc('bad!') }])).not.toBe(h);
    // Path and bytes cannot trade places: "a" + "bc" differs from "ab" + "c".
    expect(await folderHash([{ name: 'a', bytes: enc('bc') }])).not.toBe(await folderHash([{ name: 'ab', bytes: enc('c') }]));
  });
});
