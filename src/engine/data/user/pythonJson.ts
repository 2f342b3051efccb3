/**
 * JSON text as Python's `json.dumps` writes it with its defaults (`", "` and `": "` between items,
 * every character outside printable ASCII escaped as `\uXXXX`), so a file we write reads, and
 * compares, as the one Keras would have written.
 */
export type PythonJson = null | boolean | number | string | PythonJson[] | { [key: string]: PythonJson };

export function pythonJsonDumps(value: PythonJson): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${value} has no JSON form.`);
    return String(value);
  }
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${pythonString(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`;
}

/** `ensure_ascii=True`: JSON.stringify's escapes, and `\uXXXX` (lower-case hex) for anything not printable ASCII. */
function pythonString(s: string): string {
  return JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * An object from its entries in their order. JavaScript objects put keys that look like whole
 * numbers ("2", "10") first, which would reorder a word table; Python's dicts keep insertion order.
 */
export function pythonJsonDumpsEntries(entries: Iterable<readonly [string | number, PythonJson]>): string {
  const items: string[] = [];
  for (const [k, v] of entries) items.push(`${pythonString(String(k))}: ${pythonJsonDumps(v)}`);
  return `{${items.join(', ')}}`;
}

/**
 * A flat JSON object of whole numbers (`{"the": 4, "10": 1}`) as entries in the order written,
 * which `JSON.parse` loses for number-like keys; null when the text is not such an object.
 */
export function parseCountEntries(json: string): [string, number][] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const values = Object.values(parsed);
  if (!values.every((v) => Number.isInteger(v) && v >= 0)) return null;
  const entries: [string, number][] = [];
  for (const m of json.matchAll(/"((?:[^"\\]|\\.)*)"\s*:\s*(\d+)/g)) entries.push([JSON.parse(`"${m[1]}"`) as string, Number(m[2])]);
  // A key holding `": 3` inside it would fool the scan: the counts must agree with the real parse.
  return entries.length === values.length ? entries : null;
}
