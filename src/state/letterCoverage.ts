/**
 * Which letter inputs an alphabet model saw while training, derived from the tutorial's own data
 * generator (never a list of letters written here), so "try the model" can mark a guess.
 *
 * - A stateless model sees each training row on its own: an input is known when it encodes to the
 *   same row (A is 0 like the padding, so "AB" and "B" are one input to it, as in the tutorial).
 * - A stateful model sees one stream per epoch, from a reset state: an input is known when,
 *   fed one letter at a time from a reset state (as "try the model" does), it follows that stream
 *   from its start.
 */
import type { HyperParams } from '../config/hyperparams';
import type { RunConfig } from '../config/runConfig';
import { checkLetters, encodeLetters, generateAlphabetStateful, generateAlphabetVariable, indexLetter } from '../engine/data/alphabet';
import type { Dataset } from '../engine/data/dataset';
import { isStateful } from '../engine/spec/model';
import { ALPHABET_SIZE } from '../scenarios/alphabet';
import { SCENARIOS } from '../scenarios';

export type LetterVerdict =
  /** The input is one the model trained on. */
  | { seen: true }
  /** It never was: the prediction is a guess, and `why` says so in words. */
  | { seen: false; why: string };

export interface LetterCoverage {
  /** Shown where the user types: how this model reads letters and which inputs it knows. */
  hint: string;
  /** A placeholder input the model did see. */
  example: string;
  /** Null for input the model cannot take at all (the engine explains that one). */
  judge(text: string): LetterVerdict | null;
}

/** One generator per alphabet data kind: the same functions the engine trains on. */
const GENERATORS: Record<'alphabet-variable' | 'alphabet-stateful', (hp: HyperParams) => Dataset> = {
  'alphabet-variable': (hp) => generateAlphabetVariable(hp),
  'alphabet-stateful': () => generateAlphabetStateful(),
};

/** The letters of each training row, decoded from its scaled values (padding dropped). */
function rowLetters(data: Dataset): string[] {
  const { x, xShape } = data.train;
  const steps = xShape[1];
  const rows: string[] = [];
  for (let r = 0; r < xShape[0]; r++) {
    let text = '';
    for (let t = 0; t < steps; t++) {
      const v = Math.round(x[r * steps + t] * ALPHABET_SIZE);
      if (v > 0 || text !== '' || t === steps - 1) text += indexLetter(v);
    }
    rows.push(text);
  }
  return rows;
}

const normalize = (text: string) => text.trim().toUpperCase();

/** The coverage of the run's training data, or null when the run is not an alphabet tutorial. */
export function letterCoverage(config: RunConfig): LetterCoverage | null {
  const scenario = SCENARIOS[config.scenario];
  const kind = scenario.data.kind;
  if (kind !== 'alphabet-variable' && kind !== 'alphabet-stateful') return null;
  const data = GENERATORS[kind](config.hp);
  const rows = rowLetters(data);

  if (isStateful(scenario.model(config.hp))) {
    // Rows are one letter each, in the order training feeds them after each reset.
    const stream = rows.join('');
    const maxLen = stream.length;
    return {
      hint:
        `This stateful model reads one letter at a time and remembers the ones before. Every training epoch ` +
        `started from a reset state at “${stream[0]}” and went ${stream.slice(0, 3).split('').join(', ')} … ${stream[maxLen - 1]}; ` +
        `your letters are fed the same way, so start at “${stream[0]}”.`,
      example: stream.slice(0, 3),
      judge(text) {
        const letters = normalize(text);
        if (checkLetters(letters, maxLen)) return null;
        if (stream.startsWith(letters)) return { seen: true };
        return {
          seen: false,
          why:
            `The model never saw “${letters}” from a fresh state: in training every run started at “${stream[0]}” ` +
            `and went on in order. This prediction is a guess.`,
        };
      },
    };
  }

  const maxLen = config.hp.seqLength;
  const known = new Set(rows.map((r) => encodeLetters(r, maxLen).join(',')));
  return {
    hint: `The model was trained on ${rows.length.toLocaleString('en-US')} runs of 1–${maxLen} consecutive letters, each followed by the next letter.`,
    example: rows.find((r) => r.length === Math.min(3, maxLen)) ?? rows[0],
    judge(text) {
      const letters = normalize(text);
      if (checkLetters(letters, maxLen)) return null;
      if (known.has(encodeLetters(letters, maxLen).join(','))) return { seen: true };
      return { seen: false, why: `The training data never holds “${letters}”: this prediction is a guess.` };
    },
  };
}
