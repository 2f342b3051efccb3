/**
 * A classifier of labelled texts, exported: trained here on generated sentences, written as Keras
 * `.h5` and TensorFlow.js files with its data file (`<run>.data.json`), then read by
 * `verify_export.py`, which turns the texts into the model's input from the data file alone
 * (tokenizer JSON → texts_to_sequences → pad_sequences, without Keras), runs both files forward in
 * NumPy and must give the app's class probabilities (Try's) within 1e-5.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { userDataConfig } from '../../src/config/runConfig';
import { prepareUserData } from '../../src/engine/data/user/prepareUserData';
import { writeKerasH5 } from '../../src/engine/export/kerasH5';
import { writeTfjsLayers } from '../../src/engine/export/tfjsLayers';
import { TrainingSession } from '../../src/engine/session';
import { classifierDataFile, classifierSavedModel } from '../../src/engine/textClassifier/classifierFiles';
import { readingOf } from '../../src/engine/textClassifier/classifyRow';
import { CLASSIFIER_OOV_TOKEN, CLASSIFIER_STARTS } from '../../src/engine/textClassifier/classifierModel';
import { encodeSentence } from '../../src/engine/textClassifier/encodeSentence';
import { labelledCsv, labelledSentences } from '../../src/engine/textClassifier/testing';
import { pythonWithH5py } from './python';
import { expectVerified } from './verifyExportRun';
const dir = mkdtempSync(join(tmpdir(), 'lstm-lab-classify-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Sentences with words the model knows, words it does not, and more words than maxlen. */
const TEXTS = ['The storm and the rain', 'spicy cheese soup, then bread', 'goal!', 'a zebra sang', 'the team and the coach scored a goal in the match today'];

describe('a classifier of labelled texts, exported and read by h5py and NumPy', () => {
  it.each([2, 3])('%i classes: the data file turns texts into the app’s inputs, and both model files give its probabilities', async (classes) => {
    const python = pythonWithH5py();
    expect(python, 'python3 with h5py and numpy (apt-get install python3-h5py python3-numpy)').toBeTruthy();
    const hp = { ...CLASSIFIER_STARTS.small.defaults, vocabSize: 30, seqLength: 7, embeddingDim: 6, units: 8, epochs: 2, batchSize: 16, trainer: 'typed' as const };
    const labelled = await prepareUserData(
      { kind: 'file', file: { name: 'topics.csv', bytes: new TextEncoder().encode(labelledCsv(labelledSentences(20, classes))) } },
      { kind: 'classify', maxlen: hp.seqLength, validationSplit: hp.validationSplit, tokenizer: { numWords: hp.vocabSize, oovToken: CLASSIFIER_OOV_TOKEN } },
    );
    if (labelled.kind !== 'classify') throw new Error('not classify');
    const session = new TrainingSession({ assets: { fetchBytes: async (p) => { throw new Error(`unexpected read of ${p}`); } }, backendEnv: { host: 'node' } });
    await session.train(userDataConfig(hp), {}, { data: { kind: 'classify', labelled } }).done;
    const weights = (await session.trainedWeights())!;
    // The app's answers: Try's class probabilities (for two classes the sigmoid's output is the second's).
    const predictions: number[] = [];
    for (const text of TEXTS) {
      const answer = await session.predict({ kind: 'classify', text });
      if (answer.kind !== 'classify') throw new Error(JSON.stringify(answer));
      predictions.push(...(classes === 2 ? [answer.classes[1].p] : answer.classes.map((c) => c.p)));
    }
    session.dispose();

    const saved = classifierSavedModel(hp, labelled, weights);
    const id = `classify-${classes}`;
    const h5 = join(dir, `${id}.h5`);
    writeFileSync(h5, await writeKerasH5(saved));
    const tfjs = join(dir, `${id}-tfjs`);
    mkdirSync(tfjs);
    for (const file of await writeTfjsLayers(saved)) writeFileSync(join(tfjs, file.name), file.data);
    const data = classifierDataFile(readingOf(labelled), id);
    const dataFile = join(dir, data.name);
    writeFileSync(dataFile, data.data);
    const sequences = TEXTS.flatMap((t) => Array.from(encodeSentence(t, labelled.tokenizer, hp.seqLength).ids));
    const cases = [{ kind: 'classify', id, h5, tfjs, dataFile, texts: TEXTS, sequences, predictions }];
    const stdout = expectVerified(python!, cases, join(dir, `${id}.json`));
    expect(stdout).toContain('texts → padded sequences as the app made them');
    expect(stdout).toMatch(/NumPy forward matches the app's predictions/);
  }, 60_000);
});
