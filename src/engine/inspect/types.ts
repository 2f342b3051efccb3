/**
 * What the Inspect view asks for and gets: the same three kinds of input as "try the model", as
 * the user types them. Plain data (arrays of numbers), so it crosses `postMessage` and prints as JSON.
 */
import type { ReviewToken } from '../data/imdb/encodeReview';
import type { CharVocabulary } from '../data/user/charText';
import type { Scaler } from '../data/user/scaler';
import type { SeriesTask } from '../data/user/series';
import type { ClassifierReading } from '../textClassifier/predictClassify';
import type { BackwardTrace, LstmTrace } from './inspectSample';

export type InspectRequest =
  /** Letters A–Z; a stateful model reads them one per call, carrying its state. */
  | { kind: 'letters'; text: string }
  /** Digits with one letter A–D among them (the "Why LSTM?" card), one symbol per timestep. */
  | { kind: 'memory'; text: string }
  /** A review; `attributions` (integrated gradients, the slow part) default to on. */
  | { kind: 'review'; text: string; attributions?: boolean }
  /** A series of numbers separated by commas or spaces; the layers shown are for its last step. */
  | { kind: 'trend'; text: string }
  /** A user's text, for a model trained on it: its last window of characters, one per timestep. */
  | { kind: 'chars'; text: string }
  /** A user's series, for a model trained on it: a window of steps, typed or picked from the data, one step per timestep. */
  | { kind: 'series'; window: SeriesWindow }
  /**
   * A sentence, for a classifier of a user's labelled texts: its words as Try reads them, one per
   * timestep; `attributions` (integrated gradients, two classes only) default to on.
   */
  | { kind: 'words'; text: string; attributions?: boolean };

/**
 * Which steps a series model reads: the last `lookBack` of a typed series (as Try reads it), or
 * the `lookBack` rows of the data that end before row `end` (0-based, exclusive: the window the
 * model answers about row `end` from).
 */
export type SeriesWindow = { from: 'typed'; text: string } | { from: 'data'; end: number };

export type InspectKind = InspectRequest['kind'];

/** What one timestep of an LSTM layer read. */
export interface StepLabel {
  /** A letter, a word (words, where pooling merged them), or a feature's name and value. */
  label: string;
  /** Only padding: shown dimmed. */
  padding: boolean;
}

export interface InspectedLayer extends Omit<LstmTrace, 'backward'> {
  /** One per timestep. */
  steps: StepLabel[];
  /**
   * Each unit's weight on the output, where the layer's last h goes straight to a Dense layer:
   * the weight itself for a single output, else the length of the unit's row (for sorting units).
   */
  outputWeight?: number[];
  /** A Bidirectional's backward layer; the layer's own values are then its forward layer's. */
  backward?: InspectedBackward;
}

/** A Bidirectional's backward layer as Inspect shows it: its steps in the order it ran, each labelled with the input step it read. */
export interface InspectedBackward extends BackwardTrace {
  steps: StepLabel[];
  /** Its units' weights on the output (the Dense kernel's rows after the forward layer's), as `InspectedLayer.outputWeight`. */
  outputWeight?: number[];
}

/** Integrated gradients over a review's words (`integratedGradients.ts`). */
export interface WordAttributions {
  /** One per word of the text, as `tokens`; 0 for a word cut by the sequence length. */
  words: number[];
  /** The start marker's share (it is not padding, so it has one). */
  start: number;
  atInput: number;
  atBaseline: number;
  steps: number;
  relativeError: number;
  complete: boolean;
}

interface Inspected {
  layers: InspectedLayer[];
  /** The model's output for the input (26 letter probabilities; one probability for reviews and trends). */
  probabilities: number[];
}

/**
 * What Inspect needs of a user's data beside the model, by kind (`runData.ts`'s `inspectData`); a
 * tutorial's model needs none (its configuration names the tutorial). Labelled texts add their row.
 */
export type InspectData =
  | { kind: 'text'; vocabulary: CharVocabulary; seqLength: number }
  | { kind: 'series'; series: SeriesInspectData }
  /** A classifier's tokenizer, the words per text and the class names, as Try reads a sentence with them. */
  | ({ kind: 'classify' } & ClassifierReading);

/** A series model's data as Inspect reads it: the columns (to pick a window from), the scaler and what the output means. */
export interface SeriesInspectData {
  task: SeriesTask;
  lookBack: number;
  scaler: Scaler;
  /** The value columns' names, in the model's feature order. */
  names: string[];
  /** The predicted column's index in `names`. */
  target: number;
  /** One array per column, one value per data row, unscaled. */
  columns: Float64Array[];
}

/** One step a series model read, and its answer had the window ended there. */
export interface SeriesStep {
  /** The step's values in the columns' own units, one per column. */
  values: number[];
  /** The output layer on this step's hidden state, unscaled: a probability (up) or the target's next value (next). */
  answer: number;
}

/** One character a text model read, and what it expected next once it had read it. */
export interface CharStep {
  char: string;
  /** One of the spaces filling a window the typed text is too short for. */
  filled: boolean;
  /** The likeliest next character after this one (the output layer on this step's hidden state). */
  next: { char: string; p: number };
}

export type InspectResult =
  | ({ kind: 'letters'; input: string; stateful: boolean } & Inspected)
  /** `input`: the symbols as read; `probabilities`: A–D. */
  | ({ kind: 'memory'; input: string } & Inspected)
  /** `text`: the review as asked about. */
  | ({ kind: 'review'; text: string; tokens: ReviewToken[]; attributions?: WordAttributions } & Inspected)
  | ({ kind: 'trend'; series: number[]; steps: { x: number; label: 0 | 1; p: number }[] } & Inspected)
  /** `input`: the typed characters the window holds, as read (the other symbol for characters outside the vocabulary). */
  | ({ kind: 'chars'; input: string; chars: CharStep[] } & Inspected)
  /**
   * `steps`: the window read, one per timestep; `answer`: the model's (the last step's), unscaled;
   * `firstRow`: the window's first data row (0-based) when it was picked from the data.
   */
  | ({ kind: 'series'; task: SeriesTask; names: string[]; target: number; steps: SeriesStep[]; answer: number; firstRow?: number } & Inspected)
  /**
   * `text`: the sentence as asked about; `tokens`: its words as the tokenizer read them (as Try's);
   * `classes`: each class's probability, `predicted` the likeliest's index; `attributions`: for two
   * classes, each word's share in the probability of the second class (the sigmoid's output).
   */
  | ({ kind: 'words'; text: string; tokens: ReviewToken[]; classes: { name: string; p: number }[]; predicted: number; attributions?: WordAttributions } & Inspected)
  | { kind: 'invalid'; message: string };
