/**
 * The labelled texts card's runs, kept as the text and series cards' are: driven with the real
 * engine in Node through the card's keeping engine and the lab's store (memory storage). A run is
 * recorded with its data reference (classes and tokenizer, never the texts) and its file kept by
 * hash; Open in a fresh card (a reload) shows its curves and confusion matrix, and Try answers from
 * the kept weights on the page's thread as the run did, and its model files are the run's own; an interrupted run resumes from its
 * checkpoint to the uninterrupted run's epochs, bit for bit; a link names the file and its columns.
 */
import { describe, expect, it, vi } from 'vitest';
import type { HyperParams } from '../../../config/hyperparams';
import { labelledCsv, labelledSentences } from '../../../engine/textClassifier/testing';
import type { EpochUpdate } from '../../../engine/types';
import { dataRefProblem } from '../../../engine/configModel';
import { folderHash } from '../../../engine/data/user/contentHash';
import { dataRefSchema } from '../../../platform/runRecordSchema';
import { runTitle } from '../../../state/userRunKinds';
import { decodeConfig, encodeConfig } from '../../../url/codec';
import { keptRunsHarness } from '../userData/keptRunsTesting';
import { keepingLabelledRuns, keepLabelled, keptLabelledRuns, labelledSettingsOf, openLabelledRunsHere, resumeLabelledRun } from './keptLabelledRuns';
import { classifierAtHand, createLabelledRunStore, type LabelledField } from './labelledRunStore';
import { classifyDataFileOf } from '../../../engine/export/dataFile/classify';
import { writeUserModelFiles } from '../../../state/userModelFiles';

const CSV = labelledCsv(labelledSentences(30)).replace(/^text,label\n/, 'sentence,topic\n');
const file = { kind: 'file' as const, file: { name: 'topics.csv', bytes: new TextEncoder().encode(CSV) } };
const SMALL: Partial<Pick<HyperParams, LabelledField>> = {
  vocabSize: 40, seqLength: 8, embeddingDim: 8, units: 12, dropout: 0, recurrentDropout: 0, epochs: 3, batchSize: 16, learningRate: 0.01,
};
const figures = (e: EpochUpdate) => [e.epoch, e.loss, e.acc, e.valLoss, e.valAcc];

function setup() {
  const { lab, runStore, datasets, parse, caught, engine: cardEngine } = keptRunsHarness();
  /** A card as a page load makes it: its own engine and store, registered for Open and resume. */
  const card = () => {
    const engine = keepingLabelledRuns(cardEngine());
    const store = createLabelledRunStore({ engine: () => engine, parse: () => parse, onRunStart: keepLabelled });
    openLabelledRunsHere(store);
    return store;
  };
  return { lab, runStore, datasets, card, caught };
}

async function trained(card: ReturnType<ReturnType<typeof setup>['card']>) {
  for (const [k, v] of Object.entries(SMALL)) card.getState().setField(k as LabelledField, v as number);
  card.getState().setStart('seq');
  for (const [k, v] of Object.entries(SMALL)) card.getState().setField(k as LabelledField, v as number);
  await card.getState().setSource(file);
  await card.getState().train();
  expect(card.getState()).toMatchObject({ phase: 'done', problem: null });
}

describe('the labelled texts card’s kept runs', () => {
  it('record each run with its classes and tokenizer (never the texts), keep its file once by hash, and share it by a link', async () => {
    const { runStore, datasets, card } = setup();
    await trained(card());
    await vi.waitFor(async () => expect((await runStore.list()).runs[0]?.outcome).toBe('completed'));
    const [record] = (await runStore.list()).runs;
    expect(runTitle(record.config)).toBe('Your labelled texts: topics.csv');
    expect(record.epochs).toHaveLength(3);
    expect(record.hasModel).toBe(true);
    const data = record.config.data!;
    expect(data).toMatchObject({ name: 'topics.csv', task: { kind: 'classify', maxlen: 8, textColumn: 'sentence', labelColumn: 'topic' } });
    expect(data.classify).toMatchObject({ classNames: ['food', 'sport', 'weather'], start: 'seq' });
    expect(JSON.parse(data.classify!.tokenizer)).toMatchObject({ class_name: 'Tokenizer', config: { num_words: 40, oov_token: '<OOV>' } });
    // The word tables, never a sentence of the texts.
    expect(JSON.stringify(data)).not.toContain(CSV.split('\n')[1].split(',')[0]);
    expect((await datasets.list()).map((d) => d.name)).toEqual(['topics.csv']);

    // Copy link shares this run's configuration: the file by name and hash, its columns; not its classes or tokenizer.
    const config = keptLabelledRuns.runConfig.getState().config!;
    expect(config.data?.hash).toBe(data.hash);
    const link = encodeConfig(config);
    expect(link).toMatch(/data=classify/);
    expect(link).not.toMatch(/Tokenizer|food/);
    const decoded = decodeConfig(link);
    expect(decoded.problems).toEqual([]);
    expect(decoded.config.data).toEqual({ name: 'topics.csv', hash: data.hash, size: data.size, task: { ...data.task, validationOrder: undefined, table: undefined } });
    expect(labelledSettingsOf(decoded.config, decoded.config.data!)).toMatchObject({ hp: SMALL, textColumn: 'sentence', labelColumn: 'topic' });
  }, 60_000);

  it('open in a fresh card with their curves and confusion matrix, and Try from the kept weights as the run answered', async () => {
    const { lab, runStore, card } = setup();
    const first = card();
    await trained(first);
    await vi.waitFor(async () => expect((await runStore.list()).runs[0]?.hasModel).toBe(true));
    const sentence = 'the spicy soup and cheese bread';
    const before = await first.getState().tryClassify(sentence);

    const again = card(); // a reload: a new card, registered for Open
    const id = (await runStore.list()).runs[0].id;
    await lab.getState().refreshRuns();
    await lab.getState().openRun(id);
    await vi.waitFor(() => expect(again.getState().canTry).toBe(true));
    expect(again.getState()).toMatchObject({ phase: 'done', classNames: ['food', 'sport', 'weather'], source: { kind: 'file', file: { name: 'topics.csv' } } });
    expect(again.getState().settings).toMatchObject({ start: 'seq', hp: SMALL, textColumn: 'sentence', labelColumn: 'topic' });
    expect(again.getState().epochs.map(figures)).toEqual(first.getState().epochs.map(figures));
    expect(again.getState().result!.evaluation!.matrix).toEqual(first.getState().result!.evaluation!.matrix);
    const after = await again.getState().tryClassify(sentence);
    expect(after.kind).toBe('classify');
    if (after.kind === 'classify' && before.kind === 'classify') {
      expect(after.predicted).toBe(before.predicted);
      after.classes.forEach((c, i) => expect(c.p).toBeCloseTo(before.classes[i].p, 4));
      after.tokens.forEach((t, i) => expect(t.contribution).toBeCloseTo(before.tokens[i].contribution, 4));
    }
    expect(keptLabelledRuns.opened.getState().opened).toMatchObject({ runId: id, datasetKept: true });
    expect(await again.getState().inspect({ kind: 'words', text: sentence })).toMatchObject({ kind: 'words' });

    // Its model files, from the kept weights: what the run's own downloads wrote, named after its data.
    const live = classifierAtHand(first.getState())!;
    const kept = classifierAtHand(again.getState())!;
    expect(kept).toMatchObject({ name: 'topics.csv', learningRate: SMALL.learningRate });
    const [liveFiles, keptFiles] = await Promise.all([live, kept].map((m) => writeUserModelFiles<'classify'>({ ...m.model, learningRate: m.learningRate! }, classifyDataFileOf(m.model.reading), 'tfjs', 'topics')));
    expect(keptFiles.map((f) => f.name)).toEqual(liveFiles.map((f) => f.name));
    expect(keptFiles.map((f) => f.name)).toContain('topics.data.json');
    // The weights and the data file byte for byte; the manifests differ only in tfjs's numbered layer names.
    const bytes = (files: typeof liveFiles) => files.filter((f) => f.name !== 'topics.json');
    expect(bytes(keptFiles)).toEqual(bytes(liveFiles));
    const unnumbered = (files: typeof liveFiles) => new TextDecoder().decode(files.find((f) => f.name === 'topics.json')!.data).replace(/_\d+"/g, '"');
    expect(unnumbered(keptFiles)).toBe(unnumbered(liveFiles));
  }, 60_000);

  it('resume from a checkpoint to the uninterrupted run’s epochs, bit for bit, continuing its kept record', async () => {
    const { runStore, card, caught } = setup();
    const first = card();
    await trained(first);
    const epochs = first.getState().epochs.map(figures);
    await vi.waitFor(async () => expect((await runStore.list()).runs).toHaveLength(1));
    const id = (await runStore.list()).runs[0].id;
    const checkpoint = caught.find((k) => k.epoch === 1)!;
    expect(checkpoint).toBeDefined();

    const again = card();
    const release = vi.fn();
    await resumeLabelledRun(again, { runId: id, checkpoint, release });
    expect(again.getState()).toMatchObject({ phase: 'done', problem: null });
    expect(again.getState().epochs.map(figures)).toEqual(epochs);
    expect(again.getState().result!.evaluation!.matrix).toEqual(first.getState().result!.evaluation!.matrix);
    await vi.waitFor(() => expect(release).toHaveBeenCalledTimes(1));
    expect((await runStore.list()).runs.map((r) => r.id)).toEqual([id]);
  }, 60_000);

  it('refuse to resume once the texts were removed, with a sentence, releasing the run', async () => {
    const { lab, runStore, card, caught } = setup();
    await trained(card());
    await vi.waitFor(async () => expect((await runStore.list()).runs).toHaveLength(1));
    const { id, config } = (await runStore.list()).runs[0];
    await lab.getState().deleteDataset(config.data!.hash);
    const again = card();
    const release = vi.fn();
    await resumeLabelledRun(again, { runId: id, checkpoint: caught.find((k) => k.epoch === 1)!, release });
    expect(again.getState()).toMatchObject({ phase: 'failed', problem: expect.stringMatching(/“topics\.csv” of this run are no longer kept/) });
    expect(release).toHaveBeenCalledTimes(1);
  }, 60_000);

  it('share a run on a folder of texts by a link that asks for the folder; refuse one naming the same column twice, keeping the settings', async () => {
    const { runStore, card } = setup();
    const store = card();
    for (const [k, v] of Object.entries(SMALL)) store.getState().setField(k as LabelledField, v as number);
    const files = labelledSentences(20, 2).map(({ text, label }, i) => ({ name: `${label}/${i}.txt`, bytes: new TextEncoder().encode(text) }));
    await store.getState().setSource({ kind: 'folder', name: 'reviews', files });
    await store.getState().train();
    await vi.waitFor(async () => expect((await runStore.list()).runs[0]?.outcome).toBe('completed'));
    const { config } = (await runStore.list()).runs[0];
    expect(config.data).toMatchObject({ name: 'reviews', hash: await folderHash(files), task: { kind: 'classify', folder: true } });
    const link = encodeConfig(config);
    expect(link).toMatch(/folder=1/);
    expect(link).not.toMatch(/textColumn|labelColumn/);
    const back = decodeConfig(link);
    expect(back.problems).toEqual([]);
    expect(back.config.data).toMatchObject({ name: 'reviews', hash: config.data!.hash, task: { kind: 'classify', folder: true } });

    const base = 'data=classify&dataName=aclImdb&dataHash=' + 'a'.repeat(64) + '&dataSize=10&epochs=2';
    for (const [bad, message] of [['folder=yes', /folder: “yes” is not 1/], ['folder=1&textColumn=review', /a folder of texts has no columns/]] as const) {
      const decoded = decodeConfig(`${base}&${bad}`);
      expect(decoded.config.data).toBeUndefined();
      expect(decoded.config.hp.epochs).toBe(2);
      expect(decoded.problems.at(-1)?.message).toMatch(message);
    }
    const same = decodeConfig(`${base}&textColumn=review&labelColumn=review`);
    expect(same.config.data).toBeUndefined();
    expect(same.problems.at(-1)?.message).toMatch(/both name “review”/);
  }, 60_000);

  it('are checked on read: a reference whose classes or tokenizer cannot make the model is refused with its reason', async () => {
    const { runStore, card } = setup();
    await trained(card());
    await vi.waitFor(async () => expect((await runStore.list()).runs).toHaveLength(1));
    const data = (await runStore.list()).runs[0].config.data!;
    expect(dataRefSchema.safeParse(data).success).toBe(true);
    expect(dataRefSchema.safeParse({ ...data, classify: { ...data.classify, classNames: ['food'] } }).success).toBe(false);
    expect(dataRefProblem({ ...data, classify: { ...data.classify!, tokenizer: 'not json' } })).toMatch(/^its tokenizer cannot be read \(This is not a Keras word tokenizer/);
    expect(dataRefProblem({ ...data, classify: undefined })).toBe('it does not say which classes the texts were labelled with');
  }, 60_000);
});
