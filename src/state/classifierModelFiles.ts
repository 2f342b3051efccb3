/**
 * A classifier's files: the model as Keras `.h5` or TensorFlow.js files (the tutorials' writers and
 * naming, `state/modelFiles.ts`), each with its data file (`<run>.data.json`: the tokenizer, maxlen
 * and labels); `userModelFiles.ts` reads them back. Written from what Try answers from — a run's
 * latest weights, a kept run's weights or a loaded model — so every classifier the card holds can be
 * downloaded. No DOM: the card turns these bytes into downloads.
 */
import { classifierDataFile } from '../engine/textClassifier/classifierFiles';
import type { LoadedClassifier } from '../engine/textClassifier/loadedClassifier';
import { savedModelFiles, type ModelFormat, type NamedBytes } from './modelFiles';

/** The model's files in `format`, and its data file, all named after `stem`. `learningRate`: where known, the `.h5` keeps it as Keras' training config. */
export async function classifierModelFiles(model: LoadedClassifier, format: ModelFormat, stem: string, learningRate?: number): Promise<NamedBytes[]> {
  const { spec, weights, reading } = model;
  return [
    ...(await savedModelFiles({ spec, weights, ...(learningRate !== undefined ? { learningRate } : {}) }, format, stem)),
    { ...classifierDataFile(reading, stem), type: 'application/json' },
  ];
}
