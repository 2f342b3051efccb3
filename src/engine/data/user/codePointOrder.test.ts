import { describe, expect, it } from 'vitest';
import { byCodePoint } from './codePointOrder';

describe('byCodePoint', () => {
  it('sorts as Python sorts strings', () => {
    // JavaScript's default sort puts 😀 (a surrogate pair, 0xD83D…) before ！ (0xFF01); Python after.
    expect(['😀', '！', 'b', 'a', 'ab', '', '\uE000', '𝔸b', '𝔸a'].sort(byCodePoint)).toEqual(['', 'a', 'ab', 'b', '\uE000', '！', '𝔸a', '𝔸b', '😀']);
  });
});
