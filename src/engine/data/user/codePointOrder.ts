/** Sorting strings as Python does, so label indices and file orders match a Keras script's. */

/** Python's string order (by code point); JavaScript's `<` compares UTF-16 units, which differs past U+FFFF. */
export function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
