/**
 * A run on the user's labelled texts, as the session asks of a run's data (`runData.ts`'s
 * `classify` row): the problems, the model, the prepared samples, where validation comes from, and
 * the answer to a typed sentence. The texts were tokenised, padded and split when prepared
 * (`data/user/textClassification.ts`), so the run's `vocabSize` and `seqLength` must be the ones
 * they were prepared with.
 */
import type { HyperParams, Problem } from '../../config/hyperparams';
import type { LoadedData } from '../data/loadDataset';
import type { PreparedUserData } from '../data/user/prepareUserData';
import type { RunModel } from '../runModel';
import type { ValidationSource } from '../../scenarios/types';
import type { ModelSpec } from '../spec/types';
import type { PredictRequest, PredictResult } from '../types';
import { classifierProblems, classifierSource } from './classifierModel';
import type { InspectData } from '../inspect/types';
import { predictClassify, type ClassifierReading } from './predictClassify';

/** The user's labelled texts, read, tokenised and padded by `prepareUserData` (`{ kind: 'classify' }`). */
export type PreparedLabelled = Extract<PreparedUserData, { kind: 'classify' }>;

/** The texts' preparation against the model's: the words kept and the words per text must be the same. */
function samePreparation(hp: HyperParams, labelled: PreparedLabelled): Problem[] {
  const maxlen = labelled.dataset.train.xShape[1];
  const numWords = labelled.tokenizer.config.numWords;
  const problems: Problem[] = [];
  if (hp.seqLength !== maxlen) {
    problems.push({ field: 'seqLength', message: `The texts were padded to ${maxlen} words, but the model reads ${hp.seqLength}; prepare them again with the sequence length.` });
  }
  if (numWords === null || hp.vocabSize < numWords) {
    problems.push({ field: 'vocabSize', message: `The texts were tokenised with ${numWords === null ? 'every word' : `${numWords} words`}, more than the model's vocabulary of ${hp.vocabSize}; prepare them again with the vocabulary size.` });
  }
  return problems;
}

/** How a typed sentence is read for the model: the texts' tokenizer, their padded length, the class names. */
export const readingOf = (labelled: PreparedLabelled): ClassifierReading => ({
  tokenizer: labelled.tokenizer, maxlen: labelled.dataset.train.xShape[1], classNames: labelled.classNames,
});

export const classifyRow = {
  problems(hp: HyperParams, labelled: PreparedLabelled): Problem[] {
    const own = classifierProblems(labelled.classNames.length, hp);
    return own.length > 0 ? own : samePreparation(hp, labelled);
  },
  model: (hp: HyperParams, labelled: PreparedLabelled): ModelSpec => classifierSource(labelled.classNames.length).model(hp),
  load: async (labelled: PreparedLabelled): Promise<LoadedData> => ({ dataset: labelled.dataset }),
  validation: (labelled: PreparedLabelled): ValidationSource => (labelled.dataset.validation ? 'split' : 'none'),
  predict(model: RunModel, request: PredictRequest, labelled: PreparedLabelled): Promise<PredictResult> {
    if (request.kind !== 'classify') {
      return Promise.resolve({ kind: 'invalid', message: 'This model was trained on your labelled texts: it classifies a sentence you type.' });
    }
    return predictClassify(model, readingOf(labelled), request.text);
  },
  /** Inspect reads a typed sentence as Try does, with the same reading. */
  inspectData: (labelled: PreparedLabelled): InspectData => ({ kind: 'classify', ...readingOf(labelled) }),
};
