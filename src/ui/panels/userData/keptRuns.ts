/**
 * A user-data card's runs, kept with the tutorials' (issue #20), for any kind of data
 * (`UserRunKind`): each Train is recorded into the lab's run store (`trackUserRun`: its
 * configuration with the data reference, curves, result and weights), its dataset is kept once by
 * hash in the dataset store, its checkpoints are kept while it trains (resume after a reload), and
 * Open in the Runs panel hands a kept run to the card (`registerCard`). Each card trains on an
 * engine of its own, so this module wraps that engine; the card's store knows nothing of keeping.
 * The card's own module says how its store restores and resumes a run (`keptTextRuns.ts`,
 * `keptSeriesRuns.ts`); this one does the rest, once for every kind.
 */
import { useContext, useEffect } from 'react';
import { createStore } from 'zustand/vanilla';
import type { RunConfig } from '../../../config/runConfig';
import type { UserRunKind } from '../../../engine/configModel';
import type { DatasetContent, DatasetRecord } from '../../../engine/data/user/datasetRecord';
import type { TrainingEngine } from '../../../engine/types';
import type { RunTracker } from '../../../state/runRecording';
import { newRunId, recordingEngine } from '../../../state/runRecording';
import type { LabStore } from '../../../state/store';
import { registerCard, USER_RUN_KINDS, type CardHooks, type OpenedUserRun, type ResumedUserRun } from '../../../state/userRunKinds';
import { LabStoreContext } from '../../hooks/useLab';

/** The kept run a card shows, while it shows one: its name, and whether its dataset is still kept. */
export interface OpenedKeptRun {
  runId: string;
  name: string;
  dataName: string;
  datasetKept: boolean;
  modelMissing?: string;
}

let lab: LabStore | null = null;

/** The cards learn the lab's store once one is mounted (the store comes through React's context). */
export function connectLab(store: LabStore): void {
  lab = store;
}

/** Connects the cards to the lab's store while mounted (none in a test of a card alone). */
export function useKeptRuns(): void {
  const store = useContext(LabStoreContext);
  useEffect(() => {
    if (store) connectLab(store);
  }, [store]);
}

/** Does nothing: a run on a page without the lab's store (a test of the card alone) is not kept. */
const notKept = (id: string): RunTracker => ({
  id, plan() {}, summary() {}, batch() {}, epoch() {}, snapshot() {}, textSamples() {}, checkpoint() {}, finish: async () => {},
});

export type KeptRuns = ReturnType<typeof keptRunsOf>;

/** What one kind's card shares of its kept runs: its engine wrapper, the opened run, the link's configuration. */
export function keptRunsOf(kind: UserRunKind) {
  /** The kept run the card shows (`KeptRunNote`). */
  const opened = createStore<{ opened: OpenedKeptRun | null }>()(() => ({ opened: null }));
  /** The configuration of the card's latest run, or of the kept run it opened: what its "Copy link" shares. */
  const runConfig = createStore<{ config: RunConfig | null }>()(() => ({ config: null }));
  /** The run the next Train continues (`continueRun`): its kept record's id and its lock, already held. */
  let continuing: { id: string; release: () => void } | null = null;
  /** The id the next recording takes: set by the outer wrapper just before it starts the run. */
  let startingId = '';

  const scrollToCard = (): void => {
    // Where there is a page: not in the stores' tests.
    if (typeof document !== 'undefined') document.getElementById(USER_RUN_KINDS[kind].cardId)?.scrollIntoView({ block: 'start' });
  };

  return {
    kind,
    opened,
    runConfig,
    scrollToCard,

    /**
     * The card's engine, with every run on a user's data kept: recorded as a kept run, its lock held
     * while it trains (so no tab offers to resume it meanwhile), and its checkpoints kept for resuming
     * after a reload, dropped once it ends (a failed run keeps its checkpoint: it can be resumed).
     */
    keeping(engine: TrainingEngine): TrainingEngine {
      const recorded = recordingEngine(engine, (config, options) => {
        opened.setState({ opened: null });
        runConfig.setState({ config: config.data ? config : null });
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
    },

    /** At a run's start: its dataset is kept once by hash, with its name, size and preview. */
    keepDataset(record: DatasetRecord, content: DatasetContent): void {
      void lab?.getState().keepDataset(record, content);
    },

    /** A kept dataset's bytes, or undefined when it is no longer kept (or no lab is connected). */
    async datasetContent(hash: string): Promise<DatasetContent | undefined> {
      return (await lab?.getState().datasetContent(hash).catch(() => undefined)) ?? undefined;
    },

    /** The card now shows a kept run (after restoring it): the note says which, Copy link shares it. */
    showOpened(run: OpenedUserRun, datasetKept: boolean): void {
      const { record, data } = run;
      runConfig.setState({ config: record.config });
      opened.setState({
        opened: { runId: record.id, name: record.name, dataName: data.name, datasetKept, ...(run.modelMissing ? { modelMissing: run.modelMissing } : {}) },
      });
      scrollToCard();
    },

    /**
     * Resumes an interrupted run: `train` starts it again from its checkpoint, and the recording
     * continues its kept record under the lock already held. A resume refused before it reached the
     * engine (the data read differently) leaves its lock here, released.
     */
    async continueRun(run: ResumedUserRun, train: () => Promise<void>): Promise<void> {
      opened.setState({ opened: null });
      continuing = { id: run.runId, release: run.release };
      scrollToCard();
      await train();
      if (continuing?.id === run.runId) {
        continuing = null;
        run.release();
      }
    },

    /** A resume the card cannot make: its lock released, the card failed with the sentence, in view. */
    refuseResume(run: ResumedUserRun, card: { setState(state: { phase: 'failed'; problem: string }): void }, problem: string): void {
      run.release();
      card.setState({ phase: 'failed', problem });
      scrollToCard();
    },

    /** Registers the card as where this kind's kept runs open and resume. */
    register(hooks: CardHooks): void {
      registerCard(kind, hooks);
    },
  };
}
