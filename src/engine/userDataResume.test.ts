/**
 * A run on a user's text keeps what the tutorials keep: snapshots and checkpoints whose
 * configuration names the data (never holds it), a checkpoint that passes the stored-checkpoint
 * check, a resume from it that gives exactly the uninterrupted run's epochs and weights, and Try on
 * another thread from a snapshot alone (`configModel.ts`).
 */
import { describe, expect, it } from 'vitest';
import { userDataConfig, type RunConfig } from '../config/runConfig';
import { parseCheckpoint } from '../state/checkpointSchema';
import { CHAR_TEXT_DEFAULTS } from './charText/charTextModel';
import { configModel, configProblems, dataRefOf, dataRefProblem } from './configModel';
import type { AssetSource } from './data/assets';
import { prepareUserData, type UserTask } from './data/user/prepareUserData';
import type { PreparedText } from './runData';
import { TrainingSession } from './session';
import { TrySession } from './trySession';
import type { Checkpoint, EpochUpdate, ModelSnapshot } from './types';

const noAssets: AssetSource = { fetchBytes: async (path) => Promise.reject(new Error(`unexpected read of ${path}`)) };
const session = () => new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' }, checkpointMinMs: 0 });

const TEXT = 'the cat sat on the mat. the dog ran to the cat. a bird sang in the tree by the mat. '.repeat(6);
const task: UserTask = { kind: 'text', seqLength: 8, step: 3, validationSplit: 0.2, minCount: 1 };

async function prepared(): Promise<PreparedText> {
  const data = await prepareUserData({ kind: 'file', file: { name: 'pets.txt', bytes: new TextEncoder().encode(TEXT) } }, task);
  if (data.kind !== 'text') throw new Error('not text');
  return data;
}

const hp = { ...CHAR_TEXT_DEFAULTS, seqLength: 8, units: 10, embeddingDim: 6, batchSize: 16, epochs: 4, trainer: 'typed' as const, dropout: 0.1, shuffle: true, validationSplit: 0.2 };
const figures = (e: EpochUpdate) => [e.epoch, e.loss, e.acc, e.valLoss, e.valAcc];

describe('a run on a user’s text, kept and resumed', () => {
  it('names its data by reference (name, hash, size, task, characters) and builds its model from the configuration alone', async () => {
    const text = await prepared();
    const config = userDataConfig(hp, dataRefOf(text, task));
    expect(config.data).toEqual({
      name: 'pets.txt', hash: text.record.hash, size: TEXT.length, task, vocabulary: text.corpus.vocabulary.chars,
    });
    expect(configProblems(config)).toEqual([]);
    expect(configModel(config).layers.at(-1)).toMatchObject({ kind: 'dense', units: text.corpus.vocabulary.chars.length });
    // A reference without its characters (a link before its file is read) makes no model.
    const { vocabulary: _, ...link } = config.data!;
    expect(dataRefProblem(link)).toMatch(/which characters/);
    expect(() => configModel({ ...config, data: link })).toThrow(/not known/);
  });

  it('resumes from a checkpoint to exactly the uninterrupted run’s epochs and weights', async () => {
    const text = await prepared();
    const config: RunConfig = userDataConfig(hp, dataRefOf(text, task));
    const data = { kind: 'text' as const, text };
    const epochs: EpochUpdate[] = [];
    const checkpoints: Checkpoint[] = [];
    const snapshots: ModelSnapshot[] = [];
    const a = session();
    const result = await a.train(config, {
      onEpoch: (e) => epochs.push(e), onCheckpoint: (k) => checkpoints.push(structuredClone(k)), onSnapshot: (s) => snapshots.push(s),
    }, { data }).done;
    expect(result.reason).toBe('completed');
    const at = checkpoints.find((k) => k.epoch === 2)!;
    expect(at.config.data?.hash).toBe(text.record.hash);
    // What IndexedDB would hand back passes the stored-checkpoint check.
    expect(parseCheckpoint(structuredClone(at))).toHaveProperty('checkpoint');

    const resumed: EpochUpdate[] = [];
    const resumedSnapshots: ModelSnapshot[] = [];
    const b = session();
    const again = await b.train(config, { onEpoch: (e) => resumed.push(e), onSnapshot: (s) => resumedSnapshots.push(s) }, { data, resumeFrom: at }).done;
    expect(again).toMatchObject({ reason: 'completed', epochsDone: 4 });
    expect(resumed.map(figures)).toEqual(epochs.map(figures));
    const final = (list: ModelSnapshot[]) => list.find((s) => s.final)!.weights.map((w) => Array.from(w.values));
    expect(final(resumedSnapshots)).toEqual(final(snapshots));
  });

  it('answers Try on another thread from a snapshot alone: its configuration holds the characters', async () => {
    const text = await prepared();
    const config = userDataConfig({ ...hp, epochs: 1 }, dataRefOf(text, task));
    const snapshots: ModelSnapshot[] = [];
    const s = session();
    await s.train(config, { onSnapshot: (snap) => snapshots.push(snap) }, { data: { kind: 'text', text } }).done;
    const trying = new TrySession();
    trying.load(structuredClone(snapshots.at(-1)!));
    const here = await trying.predict({ kind: 'chars', text: 'the cat s' });
    const there = await s.predict({ kind: 'chars', text: 'the cat s' });
    expect(here.kind).toBe('chars');
    expect(here).toEqual(there);
    expect(await trying.predict({ kind: 'review', text: 'good' } as never)).toMatchObject({ kind: 'invalid' });
  });

  it('refuses a checkpoint whose data reference lost its characters, in a sentence', async () => {
    const text = await prepared();
    const config = userDataConfig(hp, dataRefOf(text, task));
    const checkpoints: Checkpoint[] = [];
    await session().train(config, { onCheckpoint: (k) => checkpoints.push(structuredClone(k)) }, { data: { kind: 'text', text } }).done;
    const bad = structuredClone(checkpoints[0]);
    delete bad.config.data!.vocabulary;
    expect(parseCheckpoint(bad)).toEqual({ problem: expect.stringMatching(/does not say which characters/) });
  });
});
