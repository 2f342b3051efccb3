/**
 * Any value read from storage as JSON text, for exporting a damaged record as it was found. JSON
 * has no BigInt, typed arrays, NaN or Infinity, and `JSON.stringify` throws on the first and
 * quietly rewrites the others; here each is written so that a reader can still see what was there.
 */
export function rawJson(value: unknown): string {
  const seen = new WeakSet<object>();
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'bigint') return `${v}n`;
      if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => (typeof x === 'bigint' ? `${x}n` : Number.isFinite(x) ? x : String(x)));
      if (v instanceof ArrayBuffer) return { ArrayBuffer: v.byteLength };
      if (v instanceof Map) return { Map: [...v] };
      if (v instanceof Set) return { Set: [...v] };
      if (v && typeof v === 'object') {
        // Structured clones may hold cycles (and shared objects): each object is written once,
        // later sightings as a marker, so a cycle cannot throw.
        if (seen.has(v)) return '[written above]';
        seen.add(v);
      }
      return v;
    },
    2,
  );
  // `undefined` (and functions) have no JSON at all.
  return text ?? 'null';
}
