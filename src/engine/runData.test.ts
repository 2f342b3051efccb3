import { describe, expect, it } from 'vitest';
import { defaultConfig, userDataConfig, type RunConfig } from '../config/runConfig';
import { CHAR_TEXT_DEFAULTS } from './charText/charTextModel';
import type { GeneratedSamples } from './charText/generateText';
import type { AssetSource } from './data/assets';
import { prepareUserData } from './data/user/prepareUserData';
import { runDataOf, type PreparedText } from './runData';
import { TrainingSession } from './session';
import type { EpochUpdate, ModelSnapshot } from './types';

/** A user's text reads no files; any read is a bug. */
const noAssets: AssetSource = {
  fetchBytes: async (path) => {
    throw new Error(`unexpected read of ${path}`);
  },
};

const TEXT = 'the cat sat on the mat. the dog sat on the log. '.repeat(12);

async function prepared(seqLength: number, step = 2, validationSplit = 0.2): Promise<PreparedText> {
  const data = await prepareUserData(
    { kind: 'file', file: { name: 'pets.txt', bytes: new TextEncoder().encode(TEXT) } },
    { kind: 'text', seqLength, step, validationSplit },
  );
  if (data.kind !== 'text') throw new Error('not text');
  return data;
}

const textConfig = (hp: Partial<RunConfig['hp']> = {}): RunConfig =>
  userDataConfig({ ...CHAR_TEXT_DEFAULTS, seqLength: 8, units: 12, embeddingDim: 6, batchSize: 16, epochs: 2, trainer: 'typed', ...hp });

describe('a run on a user’s text (runData.ts)', () => {
  it('trains the character model on the text’s windows, the last ones held out, the tutorial left unread', async () => {
    const text = await prepared(8);
    const data = runDataOf(textConfig(), { kind: 'text', text });
    expect(data.problems()).toEqual([]);
    const spec = data.model();
    const vocab = text.corpus.vocabulary.chars.length;
    expect(spec.inputShape).toEqual([8]);
    expect(spec.layers.at(-1)).toMatchObject({ kind: 'dense', units: vocab, activation: 'softmax' });
    const { dataset } = await data.load({ assets: noAssets });
    expect(dataset.train.xShape).toEqual([text.trainSamples, 8]);
    expect(dataset.train.yShape).toEqual([text.trainSamples, vocab]);
    expect(dataset.validation!.xShape).toEqual([text.validationSamples, 8]);
    // The first held-out window starts where the training windows end.
    expect(dataset.validation!.x[0]).toBe(text.corpus.codes[text.trainSamples * 2]);
    expect(data.validation()).toBe('split');
    // Inspect reads the text’s vocabulary to encode what is typed.
    expect(data.inspectData()).toEqual({ kind: 'text', vocabulary: text.corpus.vocabulary, seqLength: 8 });
  });

  it('refuses a model that reads other windows than the text was cut into', async () => {
    const data = runDataOf(textConfig({ seqLength: 10 }), { kind: 'text', text: await prepared(8) });
    expect(data.problems()).toEqual([{ field: 'seqLength', message: expect.stringMatching(/^The text was cut into windows of 8 characters, but the model reads 10;/) }]);
  });

  it('refuses a text whose windows would not fit in memory, saying what to change', async () => {
    const text = await prepared(8);
    const huge = { ...text, trainSamples: 20_000_000, validationSamples: 2_000_000 };
    const problems = runDataOf(textConfig(), { kind: 'text', text: huge }).problems();
    expect(problems).toEqual([{
      field: 'seqLength',
      message: expect.stringMatching(/^The text makes 22,000,000 windows of 8 characters, about \d+(\.\d)? GB once cut \(the limit is 1 GB: .*\); use a larger step, a shorter sequence length or a shorter text\.$/),
    }]);
    expect(runDataOf(textConfig(), { kind: 'text', text }).problems()).toEqual([]);
  });

  it('trains in the session, writes text after every epoch, and leaves the next tutorial run as it would be', async () => {
    const session = new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' } });
    const text = await prepared(8);
    const epochs: EpochUpdate[] = [];
    const samples: GeneratedSamples[] = [];
    const snapshots: ModelSnapshot[] = [];
    const result = await session.train(textConfig(), { onEpoch: (e) => epochs.push(e), onTextSamples: (s) => samples.push(s), onSnapshot: (s) => snapshots.push(s) }, {
      data: { kind: 'text', text, sampleLength: 30 },
    }).done;
    expect(result.reason).toBe('completed');
    expect(result.evaluation).toMatchObject({ set: 'validation', count: text.validationSamples });
    expect(epochs.map((e) => e.valAcc !== undefined)).toEqual([true, true]);
    expect(samples.map((s) => s.epoch)).toEqual([1, 2]);
    // Copies of the weights for the card's Try and model files, the last one the run's final weights.
    expect(snapshots.at(-1)).toMatchObject({ epoch: 2, final: true });
    expect(snapshots.at(-1)!.weights).toEqual(await session.trainedWeights());
    const chars = new Set(text.corpus.vocabulary.chars);
    for (const s of samples) {
      expect(TEXT).toContain(s.seed);
      expect(s.samples.map((g) => g.temperature)).toEqual([0.2, 0.5, 1.0]);
      for (const g of s.samples) {
        expect([...g.text]).toHaveLength(30);
        expect([...g.text].every((c) => chars.has(c))).toBe(true);
      }
    }
    // "Try the model" answers with the next character, never as the alphabet would.
    expect(await session.predict({ kind: 'letters', text: 'ABC' })).toEqual({ kind: 'invalid', message: expect.stringMatching(/trained on your text/) });
    const next = await session.predict({ kind: 'chars', text: 'the cat sat on the m' });
    if (next.kind !== 'chars') throw new Error(JSON.stringify(next));
    expect(next.input).toBe('on the m'); // the last window of 8
    expect(next.top).toHaveLength(5);
    expect(next.top.every((t) => chars.has(t.char) && t.p >= 0 && t.p <= 1)).toBe(true);
    expect(next.top.map((t) => t.p)).toEqual([...next.top.map((t) => t.p)].sort((a, b) => b - a));
    expect(await session.inspect({ kind: 'letters', text: 'ABC' })).toEqual({ kind: 'invalid', message: expect.stringMatching(/trained on your text/) });
    // Inspect reads the window Try read, with the text's vocabulary.
    const inspected = await session.inspect({ kind: 'chars', text: 'the cat sat on the m' });
    if (inspected.kind !== 'chars') throw new Error(JSON.stringify(inspected));
    expect(inspected.input).toBe('on the m');
    expect(inspected.layers[0].steps.map((s) => s.label).join('')).toBe('on␣the␣m');

    // The same seed writes the same text; a tutorial run after it trains as in a fresh session.
    const again: GeneratedSamples[] = [];
    await session.train(textConfig(), { onTextSamples: (s) => again.push(s) }, { data: { kind: 'text', text, sampleLength: 30 } }).done;
    expect(again).toEqual(samples);
    const alphabet: RunConfig = { scenario: 'alphabet', hp: { ...defaultConfig('alphabet').hp, samples: 60, epochs: 2, batchSize: 8, trainer: 'typed' } };
    const losses = async (s: TrainingSession) => {
      const out: number[] = [];
      await s.train(alphabet, { onEpoch: (e) => out.push(e.loss) }).done;
      return out;
    };
    const fresh = new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' } });
    expect(await losses(session)).toEqual(await losses(fresh));
    expect((await session.predict({ kind: 'letters', text: 'ABC' })).kind).toBe('letters');
    session.dispose();
    fresh.dispose();
  });
});
