import { describe, expect, it, vi } from 'vitest';
import type { HyperParams } from '../../../config/hyperparams';
import { TrainingSession } from '../../../engine/session';
import { labelledCsv, labelledSentences } from '../../../engine/textClassifier/testing';
import { createParseClient } from '../../../worker/parseClient';
import { CLASSIFIER_STARTS } from '../../../engine/textClassifier/classifierModel';
import { createLabelledRunStore, type LabelledField } from './labelledRunStore';

function store() {
  const session = new TrainingSession({
    assets: { fetchBytes: async (path) => { throw new Error(`unexpected read of ${path}`); } },
    backendEnv: { host: 'node' },
  });
  const parse = createParseClient({ createWorker: null });
  return createLabelledRunStore({ engine: () => session, parse: () => parse });
}

const file = (name: string, content: string) => ({ kind: 'file' as const, file: { name, bytes: new TextEncoder().encode(content) } });
const SMALL: Partial<Pick<HyperParams, LabelledField>> = {
  vocabSize: 40, seqLength: 8, embeddingDim: 8, units: 12, dropout: 0, recurrentDropout: 0, epochs: 10, batchSize: 16, learningRate: 0.01,
};

function setSmall(s: ReturnType<typeof store>) {
  for (const [k, v] of Object.entries(SMALL)) s.getState().setField(k as LabelledField, v as number);
}

describe('the labelled texts card’s run', () => {
  it('shows the columns and classes once a file is given, trains, and keeps the matrix and a model to try', async () => {
    const s = store();
    setSmall(s);
    // A file whose first column is an id: the text and label columns are guessed past it.
    const rows = labelledSentences(40);
    await s.getState().setSource(file('topics.csv', `id,${labelledCsv(rows).replace(/^text,label\n/, 'sentence,topic\n').split('\n').filter(Boolean).map((l, i) => (i === 0 ? l : `${i},${l}`)).join('\n')}\n`));
    let state = s.getState();
    expect(state.problem).toBeNull();
    expect(state.phase).toBe('ready');
    expect(state.look).toMatchObject({
      name: 'topics.csv', columns: ['id', 'sentence', 'topic'], textColumn: 'sentence', labelColumn: 'topic',
      classes: [{ name: 'food', count: 40 }, { name: 'sport', count: 40 }, { name: 'weather', count: 40 }], trainSamples: 96, validationSamples: 24,
    });
    await s.getState().train();
    state = s.getState();
    expect(state.problem).toBeNull();
    expect(state.phase).toBe('done');
    expect(state.epochs).toHaveLength(10);
    expect(state.classNames).toEqual(['food', 'sport', 'weather']);
    expect(state.result!.evaluation!.matrix!.flat().reduce((a, b) => a + b, 0)).toBe(24);
    // The downloads' model: the run's final weights, with the data they were trained on.
    expect(state.trained!.labelled.classNames).toEqual(['food', 'sport', 'weather']);
    expect(state.trained!.weights.length).toBe(6);
    const answer = await state.tryClassify('the spicy soup and cheese bread');
    expect(answer).toMatchObject({ kind: 'classify', predicted: 0 });
  }, 60_000);

  it('gives a bad file its sentence and trains nothing; the next good file trains', async () => {
    const s = store();
    setSmall(s);
    s.getState().setField('epochs', 1);
    await s.getState().setSource(file('one.csv', 'text,label\n"a b c",x\n"d e f",x\n"g h i",x\n'));
    expect(s.getState()).toMatchObject({ phase: 'failed', look: null, problem: expect.stringMatching(/^one\.csv/) });
    await s.getState().train();
    expect(s.getState()).toMatchObject({ phase: 'failed', result: null, problem: expect.stringMatching(/^one\.csv/) });
    await s.getState().setSource(file('good.csv', labelledCsv(labelledSentences(10, 2))));
    expect(s.getState().problem).toBeNull();
    await s.getState().train();
    expect(s.getState()).toMatchObject({ phase: 'done', problem: null, classNames: ['food', 'sport'] });
    expect(s.getState().result!.evaluation!.confusion).toBeDefined();
  }, 60_000);

  it('refuses a setting the model cannot take in a sentence, and a changed start takes its tutorial’s settings', async () => {
    const s = store();
    setSmall(s);
    s.getState().setField('units', 0);
    await s.getState().setSource(file('good.csv', labelledCsv(labelledSentences(10, 2))));
    await s.getState().train();
    expect(s.getState()).toMatchObject({ phase: 'failed', problem: expect.stringMatching(/LSTM units/) });
    s.getState().setStart('seq');
    expect(s.getState().settings.hp).toEqual(CLASSIFIER_STARTS.seq.defaults);
  });
});

describe('the labelled texts card’s Pause and Resume', () => {
  it('hold the run between epochs and let it finish', async () => {
    const s = store();
    setSmall(s);
    // Enough epochs that the run is still under way when Pause comes.
    s.getState().setField('epochs', 200);
    await s.getState().setSource(file('topics.csv', labelledCsv(labelledSentences(40))));
    const done = s.getState().train();
    await vi.waitFor(() => expect(s.getState().epochs.length).toBeGreaterThanOrEqual(1));
    s.getState().pause();
    expect(s.getState().paused).toBe(true);
    const held = s.getState().epochs.length;
    await new Promise((r) => setTimeout(r, 300));
    // At most the epoch under way when Pause came ends; then nothing until Resume.
    expect(s.getState().epochs.length).toBeLessThanOrEqual(held + 1);
    const after = s.getState().epochs.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(s.getState().epochs.length).toBe(after);
    expect(s.getState().phase).toBe('training');
    s.getState().resume();
    await done;
    expect(s.getState()).toMatchObject({ phase: 'done', paused: false });
    expect(s.getState().epochs).toHaveLength(200);
  }, 60_000);
});
