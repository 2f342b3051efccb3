/**
 * Data for Jason Brownlee's alphabet tutorials ("Understanding Stateful LSTM Recurrent Neural
 * Networks in Python with Keras"), generated exactly as the tutorial's numpy code does:
 *
 *   start = randint(len(alphabet) - 2)                              # 0..23
 *   end   = randint(start, min(start + max_len, len(alphabet) - 1)) # start..min(start+max_len, 25)-1
 *   input = alphabet[start:end+1], output = alphabet[end+1]
 *   X = pad_sequences(dataX, maxlen=max_len, dtype='float32') / 26  # zeros at the front
 *   y = to_categorical(dataY)                                       # 26 classes
 *
 * Letters are A=0 … Z=25 scaled by 1/26, so A looks like padding; the tutorial's 98.9% was measured
 * with that quirk, so we keep it.
 */
import type { HyperParams } from '../../config/hyperparams';
import { ALPHABET_SIZE } from '../../scenarios/alphabet';
import { createRng } from '../rng';
import type { Dataset, Split } from './dataset';
import { padSequences } from './padSequences';

const A_CODE = 'A'.charCodeAt(0);

/** A=0 … Z=25. */
export const letterIndex = (letter: string): number => letter.charCodeAt(0) - A_CODE;
export const indexLetter = (index: number): string => String.fromCharCode(A_CODE + index);

/** `[N, classes]` one-hot rows (Keras `to_categorical` with an explicit class count). */
function oneHot(labels: readonly number[], classes: number): Float32Array {
  const y = new Float32Array(labels.length * classes);
  labels.forEach((label, i) => (y[i * classes + label] = 1));
  return y;
}

/** Pads at the front to `maxLen` and scales by 1/26: `[N * maxLen]`, to be viewed as `[N, maxLen, 1]`. */
function encode(seqs: number[][], maxLen: number): Float32Array {
  const x = padSequences(seqs, { maxlen: maxLen, dtype: 'float32' });
  for (let i = 0; i < x.length; i++) x[i] /= ALPHABET_SIZE;
  return x;
}

function split(seqs: number[][], labels: number[], maxLen: number): Split {
  return {
    x: encode(seqs, maxLen),
    xShape: [seqs.length, maxLen, 1],
    y: oneHot(labels, ALPHABET_SIZE),
    yShape: [labels.length, ALPHABET_SIZE],
  };
}

/**
 * The variable-length tutorial: `hp.samples` random runs of 1..`hp.seqLength` consecutive letters.
 * x `[samples, seqLength, 1]` (letter / 26, zero-padded at the front), y `[samples, 26]` one-hot.
 */
export function generateAlphabetVariable(hp: Pick<HyperParams, 'seed' | 'samples' | 'seqLength'>): Dataset {
  const rng = createRng(hp.seed);
  const maxLen = hp.seqLength;
  const seqs: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < hp.samples; i++) {
    const start = rng.int(0, ALPHABET_SIZE - 2);
    const end = rng.int(start, Math.min(start + maxLen, ALPHABET_SIZE - 1));
    const seq: number[] = [];
    for (let k = start; k <= end; k++) seq.push(k);
    seqs.push(seq);
    labels.push(end + 1);
  }
  return { train: split(seqs, labels, maxLen) };
}

/** The stateful tutorial: the 25 pairs A→B … Y→Z in order. x `[25, 1, 1]` (letter / 26), y `[25, 26]`. */
export function generateAlphabetStateful(): Dataset {
  const seqs: number[][] = [];
  const labels: number[] = [];
  for (let k = 0; k < ALPHABET_SIZE - 1; k++) {
    seqs.push([k]);
    labels.push(k + 1);
  }
  return { train: split(seqs, labels, 1) };
}

/** What "try the model" accepts: surrounding spaces dropped, any case. */
const normalize = (text: string): string => text.trim().toUpperCase();

/**
 * Why `text` cannot be fed to a model trained on `maxLen` letters, or `undefined` if it can.
 * Case does not matter; surrounding spaces are ignored.
 */
export function checkLetters(text: string, maxLen: number): string | undefined {
  const letters = normalize(text);
  if (letters.length === 0) return 'Type at least one letter (A–Z).';
  const bad = [...new Set(letters.replace(/[A-Z]/g, ''))];
  if (bad.length > 0) {
    const shown = bad.map((c) => (c === ' ' ? 'space' : `“${c}”`)).join(', ');
    return `Only the letters A–Z are allowed (found ${shown}).`;
  }
  if (letters.length > maxLen) {
    return `The model reads at most ${maxLen} letter${maxLen === 1 ? '' : 's'}; “${letters}” has ${letters.length}.`;
  }
  return undefined;
}

/**
 * Encodes letters exactly as training data: A=0 … Z=25, zero-padded at the front to `maxLen`,
 * divided by 26. Returns `[maxLen]`, i.e. one `[1, maxLen, 1]` sample. Call `checkLetters` first:
 * this does not validate (a too-long input keeps its last `maxLen` letters, as `pad_sequences` does).
 */
export function encodeLetters(text: string, maxLen: number): Float32Array {
  const seq = [...normalize(text)].map(letterIndex);
  return encode([seq], maxLen);
}
