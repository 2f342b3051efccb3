import { describe, expect, it } from 'vitest';
import { userDataConfig, type RunConfig } from '../../config/runConfig';
import type { AssetSource } from '../data/assets';
import { prepareUserData } from '../data/user/prepareUserData';
import { runDataOf } from '../runData';
import { TrainingSession } from '../session';
import type { HyperParams } from '../../config/hyperparams';
import { CLASSIFIER_OOV_TOKEN, CLASSIFIER_STARTS } from './classifierModel';
import type { PreparedLabelled } from './classifyRow';
import { labelledCsv, labelledSentences } from './testing';

const noAssets: AssetSource = {
  fetchBytes: async (path) => {
    throw new Error(`unexpected read of ${path}`);
  },
};

const small = (hp: Partial<HyperParams> = {}): RunConfig =>
  userDataConfig({
    ...CLASSIFIER_STARTS.small.defaults, vocabSize: 40, seqLength: 8, embeddingDim: 8, units: 12, dropout: 0, recurrentDropout: 0,
    epochs: 12, batchSize: 16, learningRate: 0.01, trainer: 'typed', ...hp,
  });

async function prepared(classes: number, hp: HyperParams): Promise<PreparedLabelled> {
  const bytes = new TextEncoder().encode(labelledCsv(labelledSentences(40, classes)));
  const data = await prepareUserData(
    { kind: 'file', file: { name: 'sentences.csv', bytes } },
    { kind: 'classify', maxlen: hp.seqLength, validationSplit: hp.validationSplit, tokenizer: { numWords: hp.vocabSize, oovToken: CLASSIFIER_OOV_TOKEN } },
  );
  if (data.kind !== 'classify') throw new Error('not classify');
  return data;
}

describe('a run on labelled texts (the classify row)', () => {
  it('builds the IMDB model with a sigmoid for two classes and a softmax over K for more', async () => {
    const config = small();
    const two = runDataOf(config, { kind: 'classify', labelled: await prepared(2, config.hp) });
    expect(two.problems()).toEqual([]);
    expect(two.model()).toMatchObject({ inputShape: [8], loss: 'binaryCrossentropy', layers: [{ kind: 'embedding', inputDim: 40 }, { kind: 'lstm', units: 12 }, { kind: 'dense', units: 1, activation: 'sigmoid' }] });
    const three = runDataOf(config, { kind: 'classify', labelled: await prepared(3, config.hp) });
    expect(three.model()).toMatchObject({ loss: 'categoricalCrossentropy', layers: [{}, {}, { kind: 'dense', units: 3, activation: 'softmax' }] });
    expect(three.validation()).toBe('split');
    expect(three.confusionMatrix).toBe(true);
    // Weight snapshots (its model files, Try) and Inspect, which reads a sentence as Try does; no checkpoints yet.
    const labelled = await prepared(3, config.hp);
    expect(runDataOf(config, { kind: 'classify', labelled }).inspectData()).toEqual({
      kind: 'classify', tokenizer: labelled.tokenizer, maxlen: 8, classNames: labelled.classNames,
    });
  });

  it('refuses a model that reads other texts than were prepared, naming the setting', async () => {
    const labelled = await prepared(3, small().hp);
    expect(runDataOf(small({ seqLength: 10 }), { kind: 'classify', labelled }).problems()).toEqual([
      { field: 'seqLength', message: 'The texts were padded to 8 words, but the model reads 10; prepare them again with the sequence length.' },
    ]);
    expect(runDataOf(small({ vocabSize: 20 }), { kind: 'classify', labelled }).problems()).toEqual([
      { field: 'vocabSize', message: "The texts were tokenised with 40 words, more than the model's vocabulary of 20; prepare them again with the vocabulary size." },
    ]);
    expect(runDataOf(small({ units: 0 }), { kind: 'classify', labelled }).problems()[0]).toMatchObject({ field: 'units' });
  });

  it.each(['typed', 'fused', 'layers'] as const)('trains three classes on the %s trainer: the K × K matrix on the held-out texts, and a typed sentence classified with its words shaded', async (trainer) => {
    const config = small({ trainer });
    const labelled = await prepared(3, config.hp);
    const session = new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' } });
    const result = await session.train(config, {}, { data: { kind: 'classify', labelled } }).done;
    expect(result.reason).toBe('completed');
    const evaluation = result.evaluation!;
    expect(evaluation).toMatchObject({ set: 'validation', count: labelled.validationIndices.length });
    expect(evaluation.confusion).toBeUndefined();
    const matrix = evaluation.matrix!;
    expect(matrix).toHaveLength(3);
    // Every held-out text counted once, in its own class's row.
    expect(matrix.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([8, 8, 8]);
    expect(matrix[0][0] + matrix[1][1] + matrix[2][2]).toBe(Math.round(evaluation.accuracy * 24));
    expect(evaluation.accuracy).toBeGreaterThan(0.9);

    const answer = await session.predict({ kind: 'classify', text: 'Windy! The storm, and rain.' });
    if (answer.kind !== 'classify') throw new Error(JSON.stringify(answer));
    expect(labelled.classNames).toEqual(['food', 'sport', 'weather']);
    expect(answer.classes.map((c) => c.name)).toEqual(labelled.classNames);
    expect(answer.classes.reduce((a, c) => a + c.p, 0)).toBeCloseTo(1, 5);
    expect(answer.predicted, JSON.stringify(answer.classes)).toBe(2);
    expect(answer.tokens.map((t) => [t.word, t.status])).toEqual([
      ['windy', 'oov'], ['the', 'ok'], ['storm', 'ok'], ['and', 'ok'], ['rain', 'ok'],
    ]);
    const share = Object.fromEntries(answer.tokens.map((t) => [t.word, t.contribution]));
    // The class's own words carry it more than the filler.
    expect(share.storm).toBeGreaterThan(share.and);
    expect(share.rain).toBeGreaterThan(share.and);
    expect((await session.predict({ kind: 'classify', text: '  ?! ' })).kind).toBe('invalid');
    expect(await session.predict({ kind: 'chars', text: 'abc' })).toEqual({ kind: 'invalid', message: expect.stringMatching(/labelled texts/) });
    session.dispose();
  }, 60_000);

  it('keeps a binary classifier’s results as a tutorial’s: the named counts, no matrix', async () => {
    const config = small({ epochs: 3 });
    const labelled = await prepared(2, config.hp);
    const session = new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' } });
    const result = await session.train(config, {}, { data: { kind: 'classify', labelled } }).done;
    const { confusion, matrix, count } = result.evaluation!;
    expect(matrix).toBeUndefined();
    expect(confusion!.tp + confusion!.fp + confusion!.tn + confusion!.fn).toBe(count);
    const answer = await session.predict({ kind: 'classify', text: 'goal match' });
    if (answer.kind !== 'classify') throw new Error(JSON.stringify(answer));
    expect(answer.classes).toHaveLength(2);
    expect(answer.classes[0].p + answer.classes[1].p).toBeCloseTo(1, 6);
    session.dispose();
  }, 60_000);
});
