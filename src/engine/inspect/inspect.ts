/**
 * The Inspect view's engine: a run's weights and what the user typed in, every LSTM layer's
 * gates and states per timestep and (for reviews) word attributions out. Inputs are encoded
 * exactly as "try the model" encodes them (`../tryModel.ts`), and everything is computed on the
 * float64 reference model (`../reference/model.ts`) from a copy of the weights, so it never
 * disturbs the trainer (nor a stateful model's state). Bad input comes back as `invalid` with a
 * sentence, never as an exception.
 */
import type { RunConfig } from '../../config/runConfig';
import { SCENARIOS } from '../../scenarios';
import type { Scenario } from '../../scenarios/types';
import { prefixWindow } from '../charText/generateText';
import { checkLetters, encodeLetters } from '../data/alphabet';
import { decodeChars, encodeWithVocabulary } from '../data/user/charText';
import { encodeReview } from '../data/imdb/loadImdb';
import { checkMemory, encodeMemory, normalizeMemory } from '../data/memory';
import { MARKERS, PAD_ID, START_ID, type ImdbVocab } from '../data/imdb/vocab';
import { TREND_WARMUP, trendSamples } from '../data/trend';
import { parseSeries } from '../parseSeries';
import { isStateful } from '../spec/model';
import type { ModelSpec } from '../spec/types';
import type { ModelWeights } from '../weights';
import { inspectSample, joinInspections, type SampleInspection } from './inspectSample';
import { paddingPrefix, preparedModel } from './prepared';
import { describeLayers } from './describeLayers';
import { inspectSeries } from './inspectSeries';
import { inspectWords } from './inspectWords';
import { wordAttributions, wordPositions } from './wordAttributions';
import { stepOutputs } from './stepOutputs';
import type { CharStep, InspectData, InspectRequest, InspectResult, StepLabel } from './types';

/**
 * What inspecting needs of a run: its model, a copy of its weights, its configuration and, for
 * IMDB, its vocabulary; for a user's data, what its kind needs (`InspectData`).
 */
export interface InspectSource {
  spec: ModelSpec;
  weights: ModelWeights;
  config: RunConfig;
  vocab?: ImdbVocab;
  data?: InspectData;
}

/** A stateful model reads at most this many letters in a row (the alphabet has 25 pairs). */
const MAX_STATEFUL_LETTERS = 25;

export { parseSeries };

function inspectLetters(s: InspectSource, text: string): InspectResult {
  const input = text.trim().toUpperCase();
  const stateful = isStateful(s.spec);
  const problem = checkLetters(input, stateful ? MAX_STATEFUL_LETTERS : s.config.hp.seqLength);
  if (problem) return { kind: 'invalid', message: problem };
  const { model } = preparedModel(s.spec, s.weights);
  let inspection: SampleInspection;
  let labels: StepLabel[];
  if (stateful) {
    // One letter per call from reset states, each call starting where the last one ended: the
    // tutorial's stateful prediction, and a strip that grows a letter at a time.
    const parts: SampleInspection[] = [];
    for (const letter of input) parts.push(inspectSample(model, encodeLetters(letter, 1), parts.at(-1)?.states));
    inspection = joinInspections(parts);
    labels = [...input].map((label) => ({ label, padding: false }));
  } else {
    const maxLen = s.config.hp.seqLength;
    inspection = inspectSample(model, encodeLetters(input, maxLen));
    // Padding by position: A is encoded as 0, like the padding, but it is a letter.
    labels = Array.from({ length: maxLen }, (_, p) => {
      const k = p - (maxLen - input.length);
      return k < 0 ? { label: '', padding: true } : { label: input[k], padding: false };
    });
  }
  return { kind: 'letters', input, stateful, layers: describeLayers(model, s.weights, inspection, labels), probabilities: inspection.probabilities };
}

function inspectMemory(s: InspectSource, text: string): InspectResult {
  if (SCENARIOS[s.config.scenario].data.kind !== 'memory') return { kind: 'invalid', message: 'This model was not trained on the memory task.' };
  const steps = s.config.hp.seqLength;
  const problem = checkMemory(text, steps);
  if (problem) return { kind: 'invalid', message: problem };
  const input = normalizeMemory(text);
  const { model } = preparedModel(s.spec, s.weights);
  const inspection = inspectSample(model, encodeMemory(input, steps));
  // A shorter input is read after empty steps (all-zero rows), shown as padding.
  const labels: StepLabel[] = Array.from({ length: steps }, (_, p) => {
    const k = p - (steps - input.length);
    return k < 0 ? { label: '', padding: true } : { label: input[k], padding: false };
  });
  return { kind: 'memory', input, layers: describeLayers(model, s.weights, inspection, labels), probabilities: inspection.probabilities };
}

function inspectReview(s: InspectSource, text: string, withAttributions: boolean): InspectResult {
  if (!s.vocab) return { kind: 'invalid', message: 'This model was not trained on reviews.' };
  if (text.trim() === '') return { kind: 'invalid', message: 'Type a review.' };
  const { ids, tokens } = encodeReview(text, s.vocab, s.config.hp);
  const prepared = preparedModel(s.spec, s.weights);
  const model = prepared.model;
  // The padding's steps are the same in every review: computed once per snapshot.
  const inspection = inspectSample(model, ids, undefined, paddingPrefix(prepared, ids));
  const inWindow = tokens.filter((t) => t.status !== 'cut');
  const firstWord = ids.length - inWindow.length;
  const labels = Array.from(ids, (id, p): StepLabel => {
    if (id === PAD_ID && p < firstWord) return { label: '', padding: true };
    return { label: p < firstWord ? MARKERS[START_ID] : inWindow[p - firstWord].word, padding: false };
  });
  const result: InspectResult = { kind: 'review', text, tokens, layers: describeLayers(model, s.weights, inspection, labels), probabilities: inspection.probabilities };
  if (withAttributions) {
    const start = firstWord > 0 && ids[firstWord - 1] === START_ID ? firstWord - 1 : null;
    result.attributions = wordAttributions(prepared, ids, wordPositions(tokens, ids.length), start);
  }
  return result;
}

function inspectTrend(s: InspectSource, text: string): InspectResult {
  const data = SCENARIOS[s.config.scenario].data;
  if (data.kind !== 'trend') return { kind: 'invalid', message: 'This model was not trained on the trend task.' };
  const series = parseSeries(text);
  if (typeof series === 'string') return { kind: 'invalid', message: series };
  const samples = trendSamples(data.features, series);
  const { model } = preparedModel(s.spec, s.weights);
  const F = data.features;
  // Each step's prediction; the layers of the last one.
  const perStep = samples.labels.map((_, k) => inspectSample(model, samples.inputs.subarray(k * F, (k + 1) * F)));
  const last = perStep[perStep.length - 1];
  const lastInput = samples.inputs.subarray((perStep.length - 1) * F);
  const names = ['x_t', 'x_t−1', 'previous move up'];
  const labels = Array.from(lastInput, (v, k): StepLabel => ({ label: `${names[k]} = ${+v.toFixed(3)}`, padding: false }));
  return {
    kind: 'trend',
    series,
    steps: perStep.map((p, k) => ({ x: series[k + TREND_WARMUP], label: samples.labels[k], p: p.probabilities[0] })),
    layers: describeLayers(model, s.weights, last, labels),
    probabilities: last.probabilities,
  };
}

/** A character as a column label: whitespace made visible. */
const VISIBLE: Readonly<Record<string, string>> = { ' ': '␣', '\n': '↵', '\t': '⇥', '\r': '␍' };
export const visibleChar = (c: string): string => VISIBLE[c] ?? c;

/**
 * A text model on the user's text: the window Try predicts from (`prefixWindow`), one character per
 * timestep, with the character the model expects after each one.
 */
export function inspectChars(s: Pick<InspectSource, 'spec' | 'weights' | 'data'>, text: string): InspectResult {
  if (s.data?.kind !== 'text') return { kind: 'invalid', message: 'This model was not trained on a text.' };
  const { vocabulary } = s.data;
  const window = prefixWindow(vocabulary, s.data.seqLength, text);
  if (typeof window === 'string') return { kind: 'invalid', message: window };
  // The spaces before a text shorter than the window: filling, shown dimmed.
  const filled = Math.max(0, window.length - encodeWithVocabulary(vocabulary, text).length);
  const { model } = preparedModel(s.spec, s.weights);
  const inspection = inspectSample(model, window);
  const read = [...decodeChars(vocabulary, window)];
  const labels = read.map((c, t): StepLabel => ({ label: visibleChar(c), padding: t < filled }));
  const outputs = stepOutputs(model, inspection.layers) ?? [];
  const chars = read.map((char, t): CharStep => {
    const p = outputs[t] ?? [];
    const best = p.indexOf(Math.max(...p));
    return { char, filled: t < filled, next: { char: vocabulary.chars[best] ?? '', p: p[best] ?? 0 } };
  });
  return {
    kind: 'chars', input: read.slice(filled).join(''), chars,
    layers: describeLayers(model, s.weights, inspection, labels), probabilities: inspection.probabilities,
  };
}

type Inspector<K extends InspectRequest['kind']> = (s: InspectSource, r: Extract<InspectRequest, { kind: K }>) => InspectResult;

const INSPECTORS: { [K in InspectRequest['kind']]: Inspector<K> } = {
  letters: (s, r) => inspectLetters(s, r.text),
  memory: (s, r) => inspectMemory(s, r.text),
  review: (s, r) => inspectReview(s, r.text, r.attributions ?? true),
  trend: (s, r) => inspectTrend(s, r.text),
  chars: (s, r) => inspectChars(s, r.text),
  series: (s, r) => inspectSeries(s, r.window),
  words: (s, r) => inspectWords(s, r.text, r.attributions ?? true),
};

/** The request for what the user typed, by the tutorial's family (each family takes one kind of input). */
export const INSPECT_REQUEST: { readonly [F in Scenario['family']]: (text: string) => InspectRequest } = {
  alphabet: (text) => ({ kind: 'letters', text }),
  imdb: (text) => ({ kind: 'review', text }),
  trend: (text) => ({ kind: 'trend', text }),
  memory: (text) => ({ kind: 'memory', text }),
};

/** The one kind of request a model on a user's data answers, and the sentence for any other. */
const DATA_REQUEST: { readonly [K in InspectData['kind']]: { kind: InspectRequest['kind']; otherwise: string } } = {
  text: { kind: 'chars', otherwise: 'This model was trained on your text: type a text to look inside it.' },
  series: { kind: 'series', otherwise: 'This model was trained on your series: type a series or pick a window of it to look inside it.' },
  classify: { kind: 'words', otherwise: 'This model was trained on your labelled texts: type a sentence to look inside it.' },
};

export function inspect(source: InspectSource, request: InspectRequest): InspectResult {
  const takes = source.data && DATA_REQUEST[source.data.kind];
  if (takes && request.kind !== takes.kind) return { kind: 'invalid', message: takes.otherwise };
  return (INSPECTORS[request.kind] as Inspector<InspectRequest['kind']>)(source, request);
}
