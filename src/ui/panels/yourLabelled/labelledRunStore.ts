/**
 * The "Your labelled texts" card's state: the file or folder the user gave, the columns and
 * settings, what the data layer made of it (read in the parse worker, with its progress: the same
 * refusals as the command line), the run in the training worker with its curves, the confusion
 * matrix of the held-out texts, and "try the model". Plain zustand (no React), so it is tested with
 * the engine itself in Node. One failed file or run never affects the next: each one starts afresh.
 */
import { createStore } from 'zustand/vanilla';
import type { HyperParams } from '../../../config/hyperparams';
import { userDataConfig } from '../../../config/runConfig';
import { dataRefOf } from '../../../engine/configModel';
import type { PrepareProgress, UserDataSource, UserTask } from '../../../engine/data/user/prepareUserData';
import { runDataOf } from '../../../engine/runData';
import { classCounts } from '../../../engine/textClassifier/classCounts';
import {
  CLASSIFIER_OOV_TOKEN, CLASSIFIER_STARTS, DEFAULT_CLASSIFIER_START, classifierSource, type ClassifierStart,
} from '../../../engine/textClassifier/classifierModel';
import { readingOf, type PreparedLabelled } from '../../../engine/textClassifier/classifyRow';
import { classifierPredictor, type LoadedClassifier } from '../../../engine/textClassifier/loadedClassifier';
import { predictClassify } from '../../../engine/textClassifier/predictClassify';
import type { InspectRequest, InspectResult } from '../../../engine/inspect/types';
import type { Checkpoint, EpochUpdate, Plan, PredictResult, RunHandle, RunResult, TrainingEngine } from '../../../engine/types';
import type { ModelWeights } from '../../../engine/weights';
import type { ParseClient } from '../../../worker/parseClient';
import { runControls } from '../userData/runControls';

/** The hyperparameters the card shows, from the starting model's (`CLASSIFIER_STARTS`). */
export const LABELLED_FIELDS = [
  'vocabSize', 'seqLength', 'embeddingDim', 'units', 'dropout', 'recurrentDropout', 'epochs', 'batchSize', 'learningRate', 'validationSplit',
] as const satisfies readonly (keyof HyperParams)[];
export type LabelledField = (typeof LABELLED_FIELDS)[number];

export interface LabelledSettings {
  start: ClassifierStart;
  hp: HyperParams;
  /** The columns chosen; undefined: the data layer's guess. */
  textColumn?: string;
  labelColumn?: string;
}

/** What the data layer made of the file, for the card: the columns, the classes and the parts. */
export interface LabelledLook {
  name: string;
  /** A table's columns (none for a folder) and the ones read. */
  columns: string[];
  textColumn?: string;
  labelColumn?: string;
  classes: { name: string; count: number }[];
  trainSamples: number;
  validationSamples: number;
  words: number;
}

export type LabelledPhase = 'idle' | 'reading' | 'ready' | 'training' | 'done' | 'failed';

export interface LabelledRunState {
  /** Who trains the current (or last) run, and why: the plan's words, shown under the buttons. */
  plan: Plan | null;
  source: UserDataSource | null;
  settings: LabelledSettings;
  phase: LabelledPhase;
  /** The parse worker's progress while reading, 0–1. */
  progress: PrepareProgress | null;
  /** Why the file or the settings cannot train, or why the run failed, in a sentence. */
  problem: string | null;
  look: LabelledLook | null;
  epochs: EpochUpdate[];
  result: RunResult | null;
  /** The class names of the run that `result` and Try answer for. */
  classNames: string[];
  canTry: boolean;
  /** The run's model as of its latest weight snapshot, with what its files need: what the downloads write. */
  trained: { hp: HyperParams; labelled: PreparedLabelled; weights: ModelWeights } | null;
  /** A classifier loaded from its files or a kept run's weights, which Try answers from until the next Train. */
  loaded: LoadedAtHand | null;
  loadModel(model: LoadedClassifier, name: string): void;
  /** Takes a file or a folder and reads it at once (its columns and classes shown before Train). */
  setSource(source: UserDataSource | null): Promise<void>;
  setStart(start: ClassifierStart): void;
  setField<K extends LabelledField | 'cell'>(key: K, value: HyperParams[K]): void;
  /** A column chosen; the file is read again with it. */
  setColumn(which: 'textColumn' | 'labelColumn', name: string): Promise<void>;
  /** Trains on the source; `resumeFrom`: continues that checkpoint's run instead (its configuration, the same file). */
  train(resumeFrom?: Checkpoint): Promise<void>;
  /** Shows a kept run (`keptLabelledRuns.ts`): its settings, curves and confusion matrix, Try from its kept weights. */
  showKept(kept: KeptLabelledRun): void;
  stop(): void;
  /** Whether the run in progress is paused. */
  paused: boolean;
  pause(): void;
  resume(): void;
  tryClassify(text: string): Promise<PredictResult>;
  /** Look inside: the run's model in its training worker, or a loaded one on this thread. */
  inspect(request: WordsRequest): Promise<InspectResult>;
}

export type WordsRequest = Extract<InspectRequest, { kind: 'words' }>;

export interface LabelledRunDeps {
  engine: () => TrainingEngine;
  parse: () => ParseClient;
  /** Told when a run starts, with its source and what was read: where the card keeps its dataset. */
  onRunStart?: (source: UserDataSource, labelled: PreparedLabelled) => void;
}

/** A kept run as the card shows it: its settings, curves, result and classes, and its model where kept. */
export interface KeptLabelledRun {
  source: UserDataSource | null;
  settings: LabelledSettings;
  epochs: EpochUpdate[];
  result: RunResult | null;
  classNames: string[];
  /** The kept weights with how a typed sentence is read (Try and Inspect answer on the page's thread); null: not kept. */
  model: LoadedAtHand | null;
}

/**
 * A classifier the card holds without its texts: `name` is what its files are named after (the
 * model file picked, or a kept run's data), `learningRate` what its `.h5` records, where known.
 */
export interface LoadedAtHand {
  model: LoadedClassifier;
  name: string;
  learningRate?: number;
}

/** What Try answers from, as the model files are written from it: the run's latest weights, else a kept or loaded model. */
export function classifierAtHand({ trained, loaded }: Pick<LabelledRunState, 'trained' | 'loaded'>): LoadedAtHand | null {
  if (!trained) return loaded;
  const { hp, labelled, weights } = trained;
  const spec = classifierSource(labelled.classNames.length).model(hp);
  return { model: { spec, weights, reading: readingOf(labelled) }, name: labelled.record.name, learningRate: hp.learningRate };
}

export const startSettings = (start: ClassifierStart): LabelledSettings => ({ start, hp: { ...CLASSIFIER_STARTS[start].defaults } });

/** What the data layer is asked: the texts tokenised with the model's vocabulary, padded to its sequence length. */
export function classifyTask(settings: LabelledSettings): Extract<UserTask, { kind: 'classify' }> {
  const { hp, textColumn, labelColumn } = settings;
  return {
    kind: 'classify', maxlen: hp.seqLength, validationSplit: hp.validationSplit,
    tokenizer: { numWords: hp.vocabSize, oovToken: CLASSIFIER_OOV_TOKEN }, textColumn, labelColumn,
  };
}

export function lookOf(labelled: PreparedLabelled): LabelledLook {
  const counts = classCounts(labelled);
  return {
    name: labelled.record.name,
    columns: labelled.table?.columns.map((c) => c.name) ?? [],
    textColumn: labelled.textColumn,
    labelColumn: labelled.labelColumn,
    classes: labelled.classNames.map((name, c) => ({ name, count: counts[c] })),
    trainSamples: labelled.trainIndices.length,
    validationSamples: labelled.validationIndices.length,
    words: labelled.tokenizer.wordIndex.size,
  };
}

const message = (e: unknown) => (e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e));

export function createLabelledRunStore(deps: LabelledRunDeps) {
  let handle: RunHandle | null = null;
  /** Each read or Train's number: a superseded one's late answers are dropped. */
  let generation = 0;
  /** The last preparation and what it was asked, so Train does not read an unchanged file twice. */
  let prepared: { source: UserDataSource; task: string; data: PreparedLabelled } | null = null;

  const store = createStore<LabelledRunState>()((set, get) => {
    /** The source read with the current settings, or null with the problem set. */
    async function read(live: () => boolean): Promise<PreparedLabelled | null> {
      const { source, settings } = get();
      if (!source) {
        set({ phase: 'failed', problem: 'Drop or choose a CSV or TSV file of labelled texts, or a folder with one folder of .txt files per label, first.' });
        return null;
      }
      const task = classifyTask(settings);
      const key = JSON.stringify(task);
      if (prepared && prepared.source === source && prepared.task === key) return prepared.data;
      set({ phase: 'reading', problem: null, progress: { stage: 'read', fraction: 0 } });
      let outcome;
      try {
        outcome = await deps.parse().prepare(source, task, (progress) => live() && set({ progress })).done;
      } catch (e) {
        if (live()) set({ phase: 'failed', problem: message(e), progress: null });
        return null;
      }
      if (!live()) return null;
      set({ progress: null });
      if (!outcome.ok) {
        set({ phase: 'failed', problem: outcome.problem.message, look: null });
        return null;
      }
      if (outcome.data.kind !== 'classify') {
        set({ phase: 'failed', problem: 'The file was not read as labelled texts.', look: null });
        return null;
      }
      prepared = { source, task: key, data: outcome.data };
      set({ look: lookOf(outcome.data) });
      return outcome.data;
    }

    /** Reads the source again after a change, showing its columns and classes (or its sentence). */
    async function refresh() {
      if (get().phase === 'training' || !get().source) return;
      const mine = ++generation;
      const data = await read(() => mine === generation);
      if (data && mine === generation) set({ phase: 'ready' });
    }

    return {
      source: null,
      settings: startSettings(DEFAULT_CLASSIFIER_START),
      phase: 'idle',
      plan: null,
      progress: null,
      problem: null,
      look: null,
      epochs: [],
      result: null,
      classNames: [],
      canTry: false,
      trained: null,
      loaded: null,
      paused: false,
      loadModel: (model, name) => set({ loaded: { model, name }, canTry: true, classNames: [...model.reading.classNames] }),
      async setSource(source) {
        // A new file's columns are its own: the guess starts again.
        set({ source, problem: null, look: null, settings: { ...get().settings, textColumn: undefined, labelColumn: undefined }, phase: 'idle' });
        await refresh();
      },
      setStart: (start) => {
        // A starting model sets the sizes; the columns and the recurrent layer chosen stay.
        const { settings } = get(), fresh = startSettings(start);
        set({ settings: { ...fresh, hp: { ...fresh.hp, cell: settings.hp.cell }, textColumn: settings.textColumn, labelColumn: settings.labelColumn }, problem: null });
      },
      setField: (key, value) => set({ settings: { ...get().settings, hp: { ...get().settings.hp, [key]: value } }, problem: null }),
      async setColumn(which, name) {
        set({ settings: { ...get().settings, [which]: name }, problem: null });
        await refresh();
      },
      ...runControls(() => handle, () => get().phase, (paused) => set({ paused })),
      tryClassify: (text) => {
        const { loaded, canTry } = get();
        if (loaded) return predictClassify(classifierPredictor(loaded.model), loaded.model.reading, text);
        return canTry ? deps.engine().predict({ kind: 'classify', text }) : Promise.resolve({ kind: 'invalid', message: 'Train on your labelled texts first, or load a classifier.' });
      },
      async inspect(request) {
        const { loaded, canTry } = get();
        if (loaded) {
          const { inspectWords } = await import('../../../engine/inspect/inspectWords');
          const { spec, weights, reading } = loaded.model;
          return inspectWords({ spec, weights, data: { kind: 'classify', ...reading } }, request.text, request.attributions ?? true);
        }
        return canTry ? deps.engine().inspect(request) : { kind: 'invalid', message: 'Train on your labelled texts first, or load a classifier.' };
      },

      showKept(kept) {
        const phase = get().phase;
        if (phase === 'reading' || phase === 'training') return;
        ++generation;
        handle = null;
        set({
          source: kept.source, settings: kept.settings, phase: 'done', problem: null, progress: null, look: null,
          epochs: kept.epochs, result: kept.result, classNames: kept.classNames, canTry: kept.model !== null,
          trained: null, loaded: kept.model, paused: false,
        });
      },

      async train(resumeFrom) {
        const phase = get().phase;
        if (phase === 'reading' || phase === 'training') return;
        const mine = ++generation;
        const live = () => mine === generation;
        set({ problem: null, epochs: [], result: null });
        const labelled = await read(live);
        if (!labelled || !live()) return;
        const { settings, source } = get();
        if (resumeFrom && resumeFrom.config.data?.hash !== labelled.record.hash) {
          return set({ phase: 'failed', problem: `“${labelled.record.name}” is not the data this run was trained on (its content differs), so the run cannot be resumed on it.` });
        }
        // The data by reference (name, hash, how it was read, its classes and tokenizer): what keeps, shares and resumes the run.
        // The columns as read (a guess made explicit), so a kept run, its resume and its link read the same two.
        // A folder's texts have no columns: the task says they were a folder's, so the run's link asks for one.
        const columns = labelled.table ? { textColumn: labelled.textColumn, labelColumn: labelled.labelColumn } : { folder: true };
        const ref = dataRefOf(labelled, { ...classifyTask(settings), ...columns });
        const config = resumeFrom?.config ?? userDataConfig(settings.hp, { ...ref, classify: { ...ref.classify!, start: settings.start } });
        const data = { kind: 'classify' as const, labelled };
        // The session's own checks, here too: a bad setting is a sentence before anything starts.
        const problems = runDataOf(config, data).problems();
        if (problems.length > 0) return set({ phase: 'failed', problem: problems.map((p) => p.message).join(' ') });
        // A model of the last run stays tryable only until this one replaces it.
        set({ phase: 'training', plan: null, paused: false, canTry: false, trained: null, loaded: null, classNames: labelled.classNames });
        deps.onRunStart?.(source!, labelled);
        handle = deps.engine().train(config, {
          onPlan: (plan) => live() && set({ plan }),
          onEpoch: (e) => live() && set({ epochs: [...get().epochs, e], canTry: true }),
          onSnapshot: ({ weights }) => live() && set({ trained: { hp: config.hp, labelled, weights } }),
        }, { data, ...(resumeFrom ? { resumeFrom } : {}) });
        try {
          const result = await handle.done;
          if (live()) set({ phase: 'done', result, paused: false });
        } catch (e) {
          if (live()) set({ phase: 'failed', problem: message(e) });
        } finally {
          if (live()) handle = null;
        }
      },
    };
  });
  return store;
}

export type LabelledRunStore = ReturnType<typeof createLabelledRunStore>;
