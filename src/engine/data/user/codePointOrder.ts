/** Sorting strings as Python does, so label indices and file orders match a Keras script's. */

/**
 * Python's string order (by code point). JavaScript's `<` compares UTF-16 units, which puts
 * characters past U+FFFF (surrogate pairs, 0xD800–0xDFFF) before U+E000–U+FFFF; moving the
 * surrogates above that range at the first difference gives code point order without decoding.
 */
export function byCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fixup(x) - fixup(y);
  }
  return a.length - b.length;
}

const fixup = (unit: number): number => (unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit);
