/**
 * The "Your text" card's runs, kept with the tutorials' (issue #20): each Train is recorded into the
 * lab's run store (`trackUserRun`: its configuration with the data reference, curves, result and
 * weights), its text is kept once by hash in the dataset store, and Open in the Runs panel restores
 * a kept run into this card (`registerCardOpener`): its curves, its settings, its text when still
 * kept, and Try from its kept weights. The card trains on an engine of its own, so this module
 * wraps that engine; the card's store (`textRunStore.ts`) knows nothing of keeping.
 */
import { useContext, useEffect } from 'react';
import { createStore } from 'zustand/vanilla';
import { LabStoreContext } from '../../hooks/useLab';
import type { RunConfig } from '../../../config/runConfig';
import type { DatasetContent } from '../../../engine/data/user/datasetRecord';
import type { RunTracker } from '../../../state/runRecording';
import { newRunId, recordingEngine } from '../../../state/runRecording';
import type { LabStore } from '../../../state/store';
import { registerCard, USER_RUN_KINDS, type OpenedUserRun, type ResumedUserRun } from '../../../state/userRunKinds';
import { configModel, keptVocabulary } from '../../../engine/configModel';
import type { TrainingEngine } from '../../../engine/types';
import type { PreparedText } from '../../../engine/runData';
import { TEXT_CARD_SETTINGS, type TextRunStore, type TextSource } from './textRunStore';

/** The kept run the card shows, while it shows one: its name, and whether its text is still kept. */
export interface OpenedTextRun {
  runId: string;
  name: string;
  dataName: string;
  datasetKept: boolean;
  modelMissing?: string;
}

export const openedTextRun = createStore<{ opened: OpenedTextRun | null }>()(() => ({ opened: null }));

/** The configuration of the card's latest run, or of the kept run it opened: what its "Copy link" shares. */
export const textRunConfig = createStore<{ config: RunConfig | null }>()(() => ({ config: null }));

let lab: LabStore | null = null;

/** The card tells this module the lab's store once it is mounted (the store comes through React's context). */
export function connectLab(store: LabStore): void {
  lab = store;
}

/** Does nothing: a run on a page without the lab's store (a test of the card alone) is not kept. */
const notKept = (id: string): RunTracker => ({
  id, plan() {}, summary() {}, batch() {}, epoch() {}, snapshot() {}, textSamples() {}, checkpoint() {}, finish: async () => {},
});

/** The run the next Train continues (`resumeTextRun`): its kept record's id and its lock, already held. */
let continuing: { id: string; release: () => void } | null = null;
/** The id the next recording takes: set by the outer wrapper just before it starts the run. */
let startingId = '';

/**
 * The card's engine, with every run of a user's text kept: recorded as a kept run, its lock held
 * while it trains (so no tab offers to resume it meanwhile), and its checkpoints kept for resuming
 * after a reload, dropped once it ends (a failed run keeps its checkpoint: it can be resumed).
 */
export function keepingTextRuns(engine: TrainingEngine): TrainingEngine {
  const recorded = recordingEngine(engine, (config, options) => {
    openedTextRun.setState({ opened: null });
    textRunConfig.setState({ config: config.data ? config : null });
    return lab && config.data ? lab.getState().trackUserRun(config, { id: startingId, resumed: options?.resumeFrom !== undefined }) : notKept(startingId);
  });
  return {
    ...recorded,
    train(config, callbacks, options) {
      const run = options?.resumeFrom && continuing ? continuing : { id: newRunId(), release: undefined };
      continuing = null;
      const state = lab?.getState();
      if (!state || !config.data) return recorded.train(config, callbacks, options);
      startingId = run.id;
      const lock = run.release ? Promise.resolve(run.release) : state.holdUserRun(run.id);
      const handle = recorded.train(config, {
        ...callbacks,
        onCheckpoint: (checkpoint) => void state.keepUserCheckpoint(run.id, checkpoint),
      }, options);
      handle.done.then(
        () => void state.discardCheckpoint(run.id),
        () => void state.findCheckpoints(),
      ).finally(() => void lock.then((release) => release?.()));
      return handle;
    },
  };
}

/** Brings the card into view (where there is a page: not in the store's tests). */
function scrollToCard(): void {
  if (typeof document !== 'undefined') document.getElementById(USER_RUN_KINDS.text.cardId)?.scrollIntoView({ block: 'start' });
}

/** At a run's start: its text is kept once by hash, with its name, size and preview. */
export function keepText(source: TextSource, text: PreparedText): void {
  const content: DatasetContent = { files: [{ name: source.name, bytes: source.bytes }] };
  void lab?.getState().keepDataset(text.record, content);
}

/**
 * Restores a kept run into the card: its settings, curves and result; its text as the source (when
 * still kept, so Train runs it again); and its weights for Try. A run in progress is not replaced.
 */
export async function restoreTextRun(store: TextRunStore, engine: () => TrainingEngine, run: OpenedUserRun): Promise<void> {
  const state = store.getState();
  if (state.phase === 'reading' || state.phase === 'training') {
    store.setState({ problem: 'Stop the text run in progress before opening another.' });
    return;
  }
  const { record, data } = run;
  const task = data.task.kind === 'text' ? data.task : undefined;
  const { hp } = record.config;
  let source: TextSource | null = null;
  if (run.datasetKept) {
    const content = await lab?.getState().datasetContent(data.hash).catch(() => undefined);
    const file = content?.files[0];
    if (file) source = { name: file.name, bytes: file.bytes, origin: 'file' };
  }
  store.setState({
    source,
    settings: {
      seqLength: hp.seqLength, step: task?.step ?? TEXT_CARD_SETTINGS.step, units: hp.units, epochs: hp.epochs,
      batchSize: hp.batchSize, learningRate: hp.learningRate, minCount: task?.minCount ?? 1,
    },
    phase: 'done',
    problem: null,
    summary: null,
    batchLosses: record.batches.map((b) => b.loss),
    epochs: record.epochs,
    samples: record.textSamples ?? [],
    result: record.result ?? { reason: 'stopped', epochsDone: record.epochs.length, last: record.epochs.at(-1) },
    paused: false,
    canTry: run.model !== undefined,
  });
  if (run.model) {
    // Try answers on the page's thread from `model`; Inspect asks the training worker, given the same weights.
    store.setState({ model: { model: { spec: configModel(record.config), weights: run.model.weights, vocabulary: keptVocabulary(data), seqLength: hp.seqLength, learningRate: hp.learningRate }, from: { kind: 'run' } } });
    engine().loadModel?.({ ...run.model, final: true });
  }
  textRunConfig.setState({ config: record.config });
  openedTextRun.setState({
    opened: {
      runId: record.id, name: record.name, dataName: data.name, datasetKept: source !== null,
      ...(run.modelMissing ? { modelMissing: run.modelMissing } : {}),
    },
  });
  scrollToCard();
}

/**
 * Resumes an interrupted text run from its checkpoint: its text comes back from the dataset store
 * by hash and is read again with the run's own settings; the run continues its kept record.
 */
export async function resumeTextRun(store: TextRunStore, run: ResumedUserRun): Promise<void> {
  const { config } = run.checkpoint;
  const data = config.data;
  const state = store.getState();
  const refuse = (problem: string) => {
    run.release();
    store.setState({ phase: 'failed', problem });
    scrollToCard();
  };
  if (!data || data.task.kind !== 'text') return refuse('This checkpoint is not of a run on a text.');
  if (state.phase === 'reading' || state.phase === 'training') return refuse('Stop the text run in progress before resuming another.');
  const content = await lab?.getState().datasetContent(data.hash).catch(() => undefined);
  const file = content?.files[0];
  if (!file) return refuse(`The text “${data.name}” of this run is no longer kept in this browser, so it cannot be resumed; train on the file again instead.`);
  const { hp } = config;
  store.setState({
    source: { name: file.name, bytes: file.bytes, origin: 'file' },
    settings: {
      seqLength: hp.seqLength, step: data.task.step, units: hp.units, epochs: hp.epochs, batchSize: hp.batchSize,
      learningRate: hp.learningRate, minCount: data.task.minCount ?? 1,
    },
  });
  openedTextRun.setState({ opened: null });
  continuing = { id: run.runId, release: run.release };
  scrollToCard();
  await store.getState().train(run.checkpoint);
  // A resume refused before it reached the engine (the text read differently) leaves its lock here.
  if (continuing?.id === run.runId) {
    continuing = null;
    run.release();
  }
}

/** Registers the card as where kept text runs open and resume. */
export function openTextRunsHere(store: TextRunStore, engine: () => TrainingEngine): void {
  registerCard('text', { open: (run) => void restoreTextRun(store, engine, run), resume: (run) => void resumeTextRun(store, run) });
}

/** Connects the card to the lab's store while it is mounted (none in a test of the card alone). */
export function useKeptTextRuns(): void {
  const store = useContext(LabStoreContext);
  useEffect(() => {
    if (store) connectLab(store);
  }, [store]);
}
