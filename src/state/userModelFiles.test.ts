import { describe, expect, it } from 'vitest';
import { userDataConfig } from '../config/runConfig';
import { prepareUserData } from '../engine/data/user/prepareUserData';
import { TrainingSession } from '../engine/session';
import { classifierDataFile, classifierSavedModel } from '../engine/textClassifier/classifierFiles';
import { CLASSIFIER_OOV_TOKEN, CLASSIFIER_STARTS } from '../engine/textClassifier/classifierModel';
import { readingOf, type PreparedLabelled } from '../engine/textClassifier/classifyRow';
import { classifierPredictor } from '../engine/textClassifier/loadedClassifier';
import { predictClassify } from '../engine/textClassifier/predictClassify';
import { labelledCsv, labelledSentences } from '../engine/textClassifier/testing';
import { readUserModelFiles } from './userModelFiles';
import { savedModelFiles, type NamedBytes } from './modelFiles';

const hp = { ...CLASSIFIER_STARTS.small.defaults, vocabSize: 30, seqLength: 7, embeddingDim: 6, units: 8, epochs: 2, batchSize: 16, trainer: 'typed' as const };

async function prepared(classes: number): Promise<PreparedLabelled> {
  const data = await prepareUserData(
    { kind: 'file', file: { name: 'topics.csv', bytes: new TextEncoder().encode(labelledCsv(labelledSentences(15, classes))) } },
    { kind: 'classify', maxlen: hp.seqLength, validationSplit: 0.2, tokenizer: { numWords: hp.vocabSize, oovToken: CLASSIFIER_OOV_TOKEN } },
  );
  if (data.kind !== 'classify') throw new Error('not classify');
  return data;
}

async function trainedFiles(classes: number) {
  const labelled = await prepared(classes);
  const session = new TrainingSession({ assets: { fetchBytes: async (p) => { throw new Error(`unexpected read of ${p}`); } }, backendEnv: { host: 'node' } });
  await session.train(userDataConfig(hp), {}, { data: { kind: 'classify', labelled } }).done;
  const weights = (await session.trainedWeights())!;
  const saved = classifierSavedModel(hp, labelled, weights);
  return { labelled, session, saved, data: classifierDataFile(readingOf(labelled), 'topics') };
}

describe('a classifier read back from its files', () => {
  it.each(['keras', 'tfjs'] as const)('from %s files and its data file, Try gives what the run gave', async (format) => {
    const { session, saved, data } = await trainedFiles(3);
    const files: NamedBytes[] = [...(await savedModelFiles(saved, format, 'topics')), data];
    const { model, name } = await readUserModelFiles('classify', files);
    expect(name).toBe(format === 'keras' ? 'topics.h5' : 'topics.json');
    expect(model.reading.classNames).toEqual(['food', 'sport', 'weather']);
    for (const text of ['the storm and rain', 'goal match zebra']) {
      const before = await session.predict({ kind: 'classify', text });
      const after = await predictClassify(classifierPredictor(model), model.reading, text);
      if (before.kind !== 'classify' || after.kind !== 'classify') throw new Error('no answer');
      expect(after.predicted).toBe(before.predicted);
      after.classes.forEach((c, i) => expect(c.p).toBeCloseTo(before.classes[i].p, 5));
      after.tokens.forEach((t, i) => expect(t.contribution).toBeCloseTo(before.tokens[i].contribution, 5));
    }
    session.dispose();
  }, 60_000);

  it('refuses, in one sentence naming the file, a model without its data file, a data file of another model, or of another kind', async () => {
    const three = await trainedFiles(3);
    const two = await trainedFiles(2);
    const h5 = await savedModelFiles(three.saved, 'keras', 'topics');
    await expect(readUserModelFiles('classify', h5)).rejects.toThrow('topics.h5: a classifier needs its data file (topics.data.json), which holds its tokenizer and labels; pick it together with the model.');
    await expect(readUserModelFiles('classify', [...h5, { ...two.data, name: 'other.data.json' }])).rejects.toThrow(/^other\.data\.json: it names 2 classes, but topics\.h5 ends in Dense\(3, softmax\)/);
    const text = new TextEncoder().encode(JSON.stringify({ format: 'lstm-lab-data', version: 1, kind: 'text', chars: [' ', 'a'], otherIndex: null, seqLength: 3, lower: false }));
    await expect(readUserModelFiles('classify', [...h5, { name: 'notes.data.json', data: text }])).rejects.toThrow('notes.data.json: it is the data file of a text model; pick the one saved with the classifier.');
    three.session.dispose();
    two.session.dispose();
  }, 60_000);
});
