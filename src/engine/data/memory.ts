/**
 * Data for the "Why LSTM?" card (`scenarios/memory.ts`): sequences of random digits with one letter
 * A–D somewhere among them, one-hot over `MEMORY_SYMBOLS`, labelled with the letter. The letter's
 * place is uniform, so the distance from it to the end runs from 0 to seqLength − 1: the short
 * distances give every kind of cell a gradient to learn from, and the long ones show which kinds
 * keep what they learned. Typed sequences are read the same way (`encodeMemory`), so Try and
 * Inspect feed the model exactly what it trained on.
 */
import type { HyperParams } from '../../config/hyperparams';
import { MEMORY_DISTRACTORS, MEMORY_KEYS, MEMORY_SYMBOLS } from '../../scenarios/memory';
import { createRng } from '../rng';
import type { Dataset } from './dataset';

const SYMBOLS = MEMORY_SYMBOLS.length;
const KEYS = MEMORY_KEYS.length;

/** Anything that draws integers in [lo, hi): a seeded `Rng`, or `Math.random` for Try. */
interface Draws {
  int(lo: number, hi: number): number;
}

/** One random sequence of `length` symbols: digits, with a letter at a random place (a string, as a user would type it). */
export function memorySequence(length: number, draws: Draws): string {
  return memorySequenceAt(length, draws.int(0, length), draws);
}

/** A random sequence of `length` symbols whose letter is `at` (0-based): `length − 1 − at` digits follow it. */
export function memorySequenceAt(length: number, at: number, draws: Draws): string {
  const letter = MEMORY_KEYS[draws.int(0, KEYS)];
  let s = '';
  for (let i = 0; i < length; i++) s += i === at ? letter : MEMORY_DISTRACTORS[draws.int(0, MEMORY_DISTRACTORS.length)];
  return s;
}

/** Where the letter of a valid sequence is, and how many steps follow it (its distance from the answer). */
export function letterOf(seq: string): { letter: string; at: number; distance: number } {
  const at = seq.search(/[A-D]/);
  return { letter: seq[at], at, distance: seq.length - 1 - at };
}

/**
 * `hp.samples` sequences of `hp.seqLength` symbols from `hp.seed`: x `[samples, seqLength, 14]`
 * one-hot, y `[samples, 4]` one-hot of the letter.
 */
export function generateMemory(hp: Pick<HyperParams, 'seed' | 'samples' | 'seqLength'>): Dataset {
  const rng = createRng(hp.seed);
  const n = hp.samples;
  const steps = hp.seqLength;
  const x = new Float32Array(n * steps * SYMBOLS);
  const y = new Float32Array(n * KEYS);
  for (let i = 0; i < n; i++) {
    const seq = memorySequence(steps, rng);
    writeOneHot(seq, steps, x, i * steps * SYMBOLS);
    y[i * KEYS + MEMORY_KEYS.indexOf(letterOf(seq).letter)] = 1;
  }
  return { train: { x, xShape: [n, steps, SYMBOLS], y, yShape: [n, KEYS] } };
}

/** Writes `seq` one-hot into `x` from `offset`, right-aligned in `steps` rows: missing steps at the front stay all zero. */
function writeOneHot(seq: string, steps: number, x: Float32Array, offset: number): void {
  const pad = steps - seq.length;
  for (let t = 0; t < seq.length; t++) x[offset + (pad + t) * SYMBOLS + MEMORY_SYMBOLS.indexOf(seq[t])] = 1;
}

/** What Try and Inspect accept: spaces anywhere dropped, letters in any case. */
export const normalizeMemory = (text: string): string => text.replace(/\s+/g, '').toUpperCase();

/**
 * Why `text` cannot be fed to a model trained on `steps` symbols, or `undefined` if it can: digits
 * with exactly one letter A–D among them, at most `steps` symbols in all.
 */
export function checkMemory(text: string, steps: number): string | undefined {
  const s = normalizeMemory(text);
  if (s.length === 0) return 'Type digits with one letter A–D among them (e.g. 31C41592).';
  const bad = [...new Set(s.replace(/[0-9A-D]/g, ''))];
  if (bad.length > 0) return `Only the letters A–D and the digits 0–9 are read (found ${bad.map((c) => `“${c}”`).join(', ')}).`;
  const letters = s.replace(/[0-9]/g, '');
  if (letters.length !== 1) return `Put exactly one letter A–D among the digits (found ${letters.length === 0 ? 'none' : letters.length}).`;
  if (s.length > steps) return `This model reads ${steps} symbols; “${s.slice(0, 12)}…” has ${s.length}.`;
  return undefined;
}

/**
 * Encodes a typed sequence as training data is: `[steps * 14]`, one `[1, steps, 14]` sample, a
 * shorter sequence after all-zero steps at the front (no symbol: the model reads nothing there).
 * Call `checkMemory` first: this does not validate.
 */
export function encodeMemory(text: string, steps: number): Float32Array {
  const x = new Float32Array(steps * SYMBOLS);
  writeOneHot(normalizeMemory(text), steps, x, 0);
  return x;
}
