/**
 * What a model file's weights must be before and after their values are read: each declared
 * shape the model's own (checked first, so a file that declares a huge weight is refused without
 * allocating it), floats only, every value finite, and a TensorFlow.js manifest's paths inside the
 * model's folder. Each check returns the one sentence the user reads, or null. Pure: no tfjs.
 */
import { MEMORY_LIMIT_BYTES } from '../spec/model';

/** "[4, 20]": a shape as messages write it. */
export const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/** Why a weight's declared shape is not the one the model needs, or null. */
export function declaredShapeProblem(name: string, declared: readonly number[], expected: readonly number[]): string | null {
  const same = declared.length === expected.length && declared.every((d, i) => d === expected[i]);
  return same ? null : `Weight “${name}” is declared as ${shapeText(declared)}, but the model needs ${shapeText(expected)}.`;
}

/**
 * Why a weight's values cannot be loaded: NaN or infinite ones (a model saved after its training
 * diverged). Training from them, or trying them, would only give NaN.
 */
export function nonFiniteProblem(name: string, values: ArrayLike<number>): string | null {
  let nan = 0;
  let inf = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) continue;
    if (Number.isNaN(v)) nan++;
    else inf++;
    if (first < 0) first = i;
  }
  if (first < 0) return null;
  const what = [nan ? `${nan} NaN` : '', inf ? `${inf} infinite` : ''].filter(Boolean).join(' and ');
  return `Weight “${name}” holds ${what} value${nan + inf > 1 ? 's' : ''} (the first at index ${first}): the model diverged and cannot be loaded.`;
}

/**
 * The largest model file this lab reads: the largest model it trains has at most a fifth of
 * `MEMORY_LIMIT_BYTES` in float32 weights (each weight is kept five times while training), 400 MB,
 * or 800 MB saved as float64; 1 GB leaves room for the rest. A larger file is refused unread.
 */
export const MAX_MODEL_FILE_BYTES = MEMORY_LIMIT_BYTES / 2;

/** Why a file is too large to be a model this lab trains, or null. */
export function fileSizeProblem(bytes: number): string | null {
  if (bytes <= MAX_MODEL_FILE_BYTES) return null;
  return `The file is ${(bytes / 1e9).toFixed(1)} GB, larger than any model this lab trains (at most ${MAX_MODEL_FILE_BYTES / 1e9} GB).`;
}

/**
 * Why a weights path from a TensorFlow.js manifest may not be read, or null. A path is relative to
 * `model.json`'s folder and must stay inside it: no absolute path, drive or URL, no `.` or `..`
 * segment, no backslash (a separator on Windows), no `%` escapes (a browser's loader would decode
 * `%2e%2e`), no query, fragment or control character.
 */
export function manifestPathProblem(path: string): string | null {
  const named = `The weights path ${JSON.stringify(path)} in model.json`;
  if (path.length === 0) return 'model.json names an empty weights path.';
  if (/[\u0000-\u001f\u007f\\:%?#]/.test(path)) {
    return `${named} holds a character no file inside the model's folder needs (a backslash, colon, %, ?, # or control character).`;
  }
  if (path.startsWith('/')) return `${named} is absolute; the weights must sit in the model's folder.`;
  if (path.split('/').some((part) => part === '' || part === '.' || part === '..')) return `${named} leads outside the model's folder.`;
  return null;
}
