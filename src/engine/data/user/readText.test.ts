import { describe, expect, it } from 'vitest';
import { refusal } from './testing';
import { firstInvalidUtf8, readText, type UserFile } from './readText';

const file = (name: string, bytes: number[] | string): UserFile => ({ name, bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : Uint8Array.from(bytes) });
const refused = (f: UserFile, maxBytes?: number) => refusal(() => readText(f, { maxBytes }));

describe('readText', () => {
  it('decodes UTF-8, drops a BOM, and reads line ends as Python does', () => {
    expect(readText(file('a.txt', [0xef, 0xbb, 0xbf, ...new TextEncoder().encode('café\r\nnaïve\rend\n')]))).toBe('café\nnaïve\nend\n');
    expect(readText(file('e.txt', 'emoji 😀'))).toBe('emoji 😀');
  });

  it.each([
    ['an empty file', file('empty.txt', []), 'empty.txt: the file is empty; choose a file that holds text.'],
    ['blank space only', file('blank.txt', ' \n\t\n'), 'blank.txt: the file holds only blank space; choose a file that holds text.'],
    ['a zero byte', file('image.png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'image.png: the file is binary (a zero byte at offset 8), not text; choose a .txt, .csv or .tsv file.'],
    ['a zero byte far into the file', file('late.txt', [...new TextEncoder().encode('a'.repeat(70_000)), 0]), 'late.txt: the file is binary (a zero byte at offset 70000), not text; choose a .txt, .csv or .tsv file.'],
    ['control characters', file('data.bin', Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41))), 'data.bin: the file is binary (full of control characters), not text; choose a .txt, .csv or .tsv file.'],
    ['UTF-16', file('utf16.txt', [0xff, 0xfe, 0x41, 0, 0x42, 0]), 'utf16.txt: the file is UTF-16 text; save it as UTF-8 and choose it again.'],
    ['Latin-1', file('latin1.txt', [...new TextEncoder().encode('line one\ncaf'), 0xe9, 0x0a]), 'latin1.txt: the bytes at offset 12 (line 2) are not UTF-8; save the file as UTF-8 text (it may be Latin-1 or Windows-1252) and choose it again.'],
  ])('refuses %s with its sentence', (_, f, message) => {
    expect(refused(f)).toEqual({ file: f.name, message });
  });

  it('refuses a file over the limit unread, saying the limit and why', () => {
    const p = refused(file('big.txt', 'x'.repeat(3 * 1024 * 1024 + 1)), 3 * 1024 * 1024);
    expect(p?.message).toBe('big.txt: the file is 3.0 MB, over the limit of 3 MB of text, because the lab keeps the whole file and the samples made from it in this tab’s memory; use a part of it.');
  });

  it('the default limit is 50 MB', () => {
    const big = new Uint8Array(50 * 1024 * 1024 + 1).fill(0x61);
    expect(refused({ name: 'huge.txt', bytes: big })?.message).toMatch(/^huge\.txt: the file is 52,428,801 bytes, over the limit of 50 MB of text/);
  });

  it.each([
    [[0x61, 0xc3], 1], // cut off
    [[0xc0, 0x80], 0], // overlong
    [[0x61, 0xed, 0xa0, 0x80], 1], // a surrogate
    [[0xf4, 0x90, 0x80, 0x80], 0], // past U+10FFFF
    [[0xe2, 0x82, 0xac, 0x80], 3], // a stray continuation byte
    [[0xe2, 0x82, 0xac], 3], // valid: the end
  ])('finds the first bad UTF-8 byte in %j at %i', (bytes, at) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(at);
  });
});
