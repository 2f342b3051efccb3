/**
 * Runs of a user's data in the lab's store: recorded beside the tutorials' without touching what
 * the tutorial panels show, titled by their data, their dataset kept once by hash and removable on
 * its own, their checkpoints kept under their lock and dropped when they end, and Open handing them
 * to their card with whether the dataset is still there. Driven through the text card's engine
 * wrapper (`keptTextRuns.ts`) with a fake engine.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig, userDataConfig, type RunConfig } from '../config/runConfig';
import { CHAR_TEXT_DEFAULTS } from '../engine/charText/charTextModel';
import { textPreview, type DatasetRecord } from '../engine/data/user/datasetRecord';
import type { Checkpoint } from '../engine/types';
import { memoryDatasetStore } from '../platform/datasetStore';
import { memoryRunStore } from '../platform/runStore';
import { checkRunRecord } from '../platform/runRecordSchema';
import { connectLab, keepingTextRuns } from '../ui/panels/yourText/keptTextRuns';
import { memoryCheckpointStore } from './checkpoints';
import { createLabStore } from './store';
import { createFakeEngine, manualSchedule, settle } from './testEngine';
import { registerCard, runTitle, type OpenedUserRun } from './userRunKinds';

const HASH = 'ab'.repeat(32);
const dataset: DatasetRecord = { hash: HASH, name: 'notes.txt', size: 12, kind: 'text', addedAt: 1, preview: textPreview('hello world!') };
const textConfig: RunConfig = userDataConfig({ ...CHAR_TEXT_DEFAULTS, seqLength: 4, epochs: 3 }, {
  name: 'notes.txt', hash: HASH, size: 12, task: { kind: 'text', seqLength: 4, step: 1, validationSplit: 0.1, minCount: 1 },
  vocabulary: [' ', '!', 'd', 'e', 'h', 'l', 'o', 'r', 'w'],
});

function setup() {
  const fake = createFakeEngine();
  const runStore = memoryRunStore();
  const datasets = memoryDatasetStore();
  const checkpoints = new Map<string, unknown>();
  const lab = createLabStore({
    engine: createFakeEngine(), schedule: manualSchedule(), runStore, datasets, checkpoints: memoryCheckpointStore(checkpoints),
    initial: { config: defaultConfig('alphabet'), problems: [] },
  });
  connectLab(lab);
  return { fake, engine: keepingTextRuns(fake), lab, runStore, datasets, checkpoints, run: () => fake.runs[fake.runs.length - 1] };
}

describe('runs of a user’s data (the text kind)', () => {
  it('are recorded as kept runs titled by their data, leaving the tutorial panels as they were', async () => {
    const { engine, lab, runStore, run } = setup();
    lab.getState().toggleCompare('some-run');
    const heard: number[] = [];
    engine.train(textConfig, { onTextSamples: (s) => heard.push(s.epoch) }, {});
    run().callbacks.onEpoch?.({ epoch: 1, epochs: 3, loss: 1, acc: 0.5, seconds: 0.1 });
    run().callbacks.onTextSamples?.({ epoch: 1, seed: 'hell', samples: [{ temperature: 0.2, text: 'o world' }] });
    run().resolve({ reason: 'completed', epochsDone: 1 });
    await settle();
    const [record] = (await runStore.list()).runs;
    // The text it wrote is kept with it, and the card heard it too.
    expect(record.textSamples).toEqual([{ epoch: 1, seed: 'hell', samples: [{ temperature: 0.2, text: 'o world' }] }]);
    expect(heard).toEqual([1]);
    expect(record.config.data?.hash).toBe(HASH);
    expect(record.name).toMatch(/^notes\.txt, /);
    expect(runTitle(record.config)).toBe('Your text: notes.txt');
    expect(lab.getState().runs.map((r) => r.id)).toEqual([record.id]);
    // The tutorial's comparison and configuration are untouched.
    expect(lab.getState().compareIds).toEqual(['some-run']);
    expect(lab.getState().config.scenario).toBe('alphabet');
    expect(checkRunRecord(structuredClone(record))).toMatchObject({ ok: true });
  });

  it('keep their checkpoints while they train (under their lock) and drop them at the end', async () => {
    const { engine, lab, checkpoints, run } = setup();
    engine.train(textConfig, {}, {});
    await settle();
    const id = lab.getState().runs[0]?.id ?? [...lab.getState().userRunsTraining][0];
    expect(lab.getState().userRunsTraining).toEqual([id]);
    run().callbacks.onCheckpoint?.({ config: textConfig, epoch: 1 } as Checkpoint);
    await settle();
    expect([...checkpoints.keys()]).toEqual([id]);
    // While it trains here, it is not offered for resuming.
    await lab.getState().findCheckpoints();
    expect(lab.getState().resumable).toEqual([]);
    run().resolve({ reason: 'completed', epochsDone: 3 });
    await settle();
    expect(checkpoints.size).toBe(0);
    expect(lab.getState().userRunsTraining).toEqual([]);
  });

  it('keep their dataset once by hash; it is removed on its own, and Open then says so to the card', async () => {
    const { engine, lab, datasets, run } = setup();
    const bytes = new TextEncoder().encode('hello world!');
    await lab.getState().keepDataset(dataset, { files: [{ name: 'notes.txt', bytes }] });
    await lab.getState().keepDataset({ ...dataset, name: 'renamed.txt', addedAt: 2 }, { files: [{ name: 'renamed.txt', bytes }] });
    expect((await datasets.list()).map((d) => d.name)).toEqual(['notes.txt']);
    expect(lab.getState().datasets.map((d) => d.hash)).toEqual([HASH]);

    engine.train(textConfig, {}, {});
    run().callbacks.onEpoch?.({ epoch: 1, epochs: 3, loss: 1, acc: 0.5, seconds: 0.1 });
    run().resolve({ reason: 'completed', epochsDone: 1 });
    await settle();
    const opened: OpenedUserRun[] = [];
    registerCard('text', { open: (r) => opened.push(r), resume: () => {} });
    const id = lab.getState().runs[0].id;
    await lab.getState().openRun(id);
    expect(opened.at(-1)).toMatchObject({ datasetKept: true, data: { name: 'notes.txt' } });

    await lab.getState().deleteDataset(HASH);
    expect(lab.getState().datasets).toEqual([]);
    expect(await lab.getState().datasetContent(HASH)).toBeUndefined();
    await lab.getState().openRun(id);
    expect(opened.at(-1)).toMatchObject({ datasetKept: false, record: { id } });
    // The tutorial panels never showed it.
    expect(lab.getState().opened).toBeNull();
  });
});

describe('a kept run record with a data reference', () => {
  const record = (config: unknown, scenario = 'alphabet') => ({
    id: 'r1', name: 'notes.txt, 10:00', scenario, config, startedAt: 1, outcome: 'completed', epochs: [], batches: [], batchStride: 1,
    hasModel: false, modelBytes: 0,
  });

  it('reads back with its reference, and a record written before references existed still reads', () => {
    expect(checkRunRecord(record(textConfig))).toMatchObject({ ok: true, value: { config: { data: { hash: HASH } } } });
    const old = checkRunRecord(record(defaultConfig('alphabet')));
    expect(old).toMatchObject({ ok: true });
    expect(old.ok && 'data' in old.value.config).toBe(false);
  });

  it('is damaged, with a sentence, when its reference is bad', () => {
    expect(checkRunRecord(record({ ...textConfig, data: { ...textConfig.data, hash: 'xyz' } }))).toEqual({
      ok: false, problem: 'This run record’s config.data.hash is not a SHA-256 hash (64 hexadecimal digits).',
    });
    expect(checkRunRecord(record({ ...textConfig, data: { ...textConfig.data, vocabulary: undefined } }))).toMatchObject({
      ok: false, problem: expect.stringMatching(/config\.data .*which characters/),
    });
    expect(checkRunRecord(record({ ...textConfig, scenario: 'trend' }, 'trend'))).toMatchObject({
      ok: false, problem: expect.stringMatching(/config\.scenario is “trend” on a run of your own data/),
    });
  });
});
