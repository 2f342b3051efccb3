/**
 * Inspect for a classifier of a user's labelled texts: a typed sentence read exactly as Try reads
 * it (`readSentence`: the run's Keras tokenizer, then `pad_sequences`), one word per timestep, the
 * padding before it dimmed; each class's probability; and, for two classes, each word's share in
 * the answer by integrated gradients, as the IMDB review's Inspect gives them.
 */
import { predictedClass } from '../confusion';
import { classProbabilities, readSentence } from '../textClassifier/predictClassify';
import { describeLayers } from './describeLayers';
import type { InspectSource } from './inspect';
import { inspectSample } from './inspectSample';
import { paddingPrefix, preparedModel } from './prepared';
import { wordAttributions, wordPositions } from './wordAttributions';
import type { InspectResult, StepLabel } from './types';

/**
 * Needs no run configuration: a classifier loaded from its files (its layers, weights and data file)
 * is inspected on the page's thread with the same function.
 */
export function inspectWords(s: Pick<InspectSource, 'spec' | 'weights' | 'data'>, text: string, withAttributions: boolean): InspectResult {
  if (s.data?.kind !== 'classify') return { kind: 'invalid', message: 'This model was not trained on labelled texts.' };
  const reading = s.data;
  const encoded = readSentence(reading, text);
  if (typeof encoded === 'string') return { kind: 'invalid', message: encoded };
  const { ids, tokens } = encoded;
  const prepared = preparedModel(s.spec, s.weights);
  const { model } = prepared;
  // The padding's steps are the same for every sentence: computed once per snapshot.
  const inspection = inspectSample(model, ids, undefined, paddingPrefix(prepared, ids));
  const positions = wordPositions(tokens, ids.length);
  const labels = Array.from(ids, (): StepLabel => ({ label: '', padding: true }));
  positions.forEach((p, k) => {
    if (p !== null) labels[p] = { label: tokens[k].word, padding: false };
  });
  const outputs = inspection.probabilities;
  const probabilities = classProbabilities(outputs, reading.classNames.length);
  const result: InspectResult = {
    kind: 'words', text, tokens,
    classes: reading.classNames.map((name, c) => ({ name, p: probabilities[c] })),
    predicted: predictedClass(outputs, 0, outputs.length),
    layers: describeLayers(model, s.weights, inspection, labels),
    probabilities: Array.from(outputs),
  };
  // Integrated gradients follow one output: the sigmoid's, for two classes. With more, each class
  // has its own softmax output and a word's share in one of them says little alone.
  if (withAttributions && outputs.length === 1) result.attributions = wordAttributions(prepared, ids, positions, null);
  return result;
}
