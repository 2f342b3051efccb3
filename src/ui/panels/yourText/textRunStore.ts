/**
 * The "Your text" card's state: the text the user gave (pasted, a dropped or picked `.txt`, or the
 * lab's sample), its settings, the text read in the parse worker (`prepareUserData`, the same
 * refusals as the command line), the run in the training worker with its curves and the text it
 * writes after each epoch, and "try the model". Plain zustand (no React), so it is tested with the
 * engine itself in Node. One failed file or run never affects the next: each Train starts afresh.
 */
import { createStore } from 'zustand/vanilla';
import type { CellChoice, HyperParams } from '../../../config/hyperparams';
import { userDataConfig, validateFields } from '../../../config/runConfig';
import type { CharModel } from '../../../engine/charText/charModel';
import { CHAR_TEXT_DEFAULT_STEP, CHAR_TEXT_DEFAULTS, charTextSource } from '../../../engine/charText/charTextModel';
import { dataRefOf } from '../../../engine/configModel';
import type { UserTask } from '../../../engine/data/user/prepareUserData';
import type { PreparedText } from '../../../engine/runData';
import type { GeneratedSamples } from '../../../engine/charText/generateText';
import type { InspectRequest, InspectResult } from '../../../engine/inspect/types';
import type { Checkpoint, EpochUpdate, Plan, PredictResult, RunHandle, RunResult, TrainingEngine } from '../../../engine/types';
import type { PrepareProgress } from '../../../engine/data/user/prepareUserData';
import type { ParseClient } from '../../../worker/parseClient';
import { runControls } from '../userData/runControls';

/** Where the text came from, for the card's words. */
export type TextOrigin = 'paste' | 'file' | 'sample';

export interface TextSource {
  name: string;
  bytes: Uint8Array;
  origin: TextOrigin;
}

/** The settings the card shows: the model's usual hyperparameters and the windows' step. */
export interface TextSettings {
  seqLength: number;
  step: number;
  /** The recurrent layer kind: LSTM, GRU or SimpleRNN. */
  cell: CellChoice;
  units: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Characters seen fewer times than this share one "other" symbol (1: keep all). */
  minCount: number;
}

/** The card's defaults: the text defaults, with fewer epochs so that a first run ends while one watches. */
export const TEXT_CARD_SETTINGS: TextSettings = {
  seqLength: CHAR_TEXT_DEFAULTS.seqLength, step: CHAR_TEXT_DEFAULT_STEP, cell: CHAR_TEXT_DEFAULTS.cell, units: CHAR_TEXT_DEFAULTS.units, epochs: 10,
  batchSize: CHAR_TEXT_DEFAULTS.batchSize, learningRate: CHAR_TEXT_DEFAULTS.learningRate, minCount: 1,
};

export type TextRunPhase = 'idle' | 'reading' | 'training' | 'done' | 'failed';

/** What the text turned into, for the card's one line about it. */
export interface TextSummary {
  name: string;
  characters: number;
  vocabulary: number;
  folded: { distinct: number; occurrences: number };
  trainSamples: number;
  validationSamples: number;
}

export interface TextRunState {
  /** Who trains the current (or last) run, and why: the plan's words, shown under the buttons. */
  plan: Plan | null;
  source: TextSource | null;
  settings: TextSettings;
  phase: TextRunPhase;
  /** Why the last Train did not train (a bad file, a bad setting) or failed, in a sentence. */
  problem: string | null;
  summary: TextSummary | null;
  /** Every batch's loss, for the live curve. */
  batchLosses: number[];
  epochs: EpochUpdate[];
  /** The text written after each epoch, newest last. */
  samples: GeneratedSamples[];
  result: RunResult | null;
  /** Whether the run in progress is paused. */
  paused: boolean;
  /** Whether a model is there to try (one epoch trained, in this run or the last, a kept run opened, or a model file loaded). */
  canTry: boolean;
  /** Where reading the text stands, while it is read (`TextReadProgress.tsx`). */
  progress: PrepareProgress | null;
  /**
   * The model Try and the model files read: the run's weights as of its latest snapshot, or a model
   * file loaded with its data file (`name`), until the next Train.
   */
  model: { model: CharModel; from: { kind: 'run' } | { kind: 'file'; name: string } } | null;
  /** Makes a model read from files the one to try. */
  loadModel(model: CharModel, name: string): void;
  setSource(source: TextSource | null): void;
  setSetting<K extends keyof TextSettings>(key: K, value: TextSettings[K]): void;
  /** Trains on the source; `resumeFrom`: continues that checkpoint's run instead (its configuration, its text). */
  train(resumeFrom?: Checkpoint): Promise<void>;
  stop(): void;
  pause(): void;
  resume(): void;
  /** The next character after `prefix`, from `model` (the run's latest weights, a kept run's or a loaded file's), on this thread. */
  tryNext(prefix: string): Promise<PredictResult>;
  /** What the latest run's LSTM does with a text (`TextInspect.tsx`). */
  inspect(request: InspectRequest): Promise<InspectResult>;
}

export interface TextRunDeps {
  engine: () => TrainingEngine;
  parse: () => ParseClient;
  /** Told when a run starts, with the text it reads (its dataset is kept then: `keptTextRuns.ts`). */
  onRunStart?(source: TextSource, text: PreparedText): void;
}

export const hpOfSettings = (s: TextSettings): HyperParams => ({
  ...CHAR_TEXT_DEFAULTS, seqLength: s.seqLength, cell: s.cell, units: s.units, epochs: s.epochs, batchSize: s.batchSize, learningRate: s.learningRate,
});

/** A setting out of bounds, in the form's sentence; null when they are all fine. */
export function settingsProblem(s: TextSettings): string | null {
  if (!Number.isInteger(s.step) || s.step < 1 || s.step > 1000) return `Step must be a whole number between 1 and 1000 (got ${s.step}).`;
  if (!Number.isInteger(s.minCount) || s.minCount < 1) return `Rarest character kept must be a whole number of at least 1 (got ${s.minCount}).`;
  const problems = validateFields(hpOfSettings(s));
  return problems.length > 0 ? problems.map((p) => p.message).join(' ') : null;
}

export function createTextRunStore(deps: TextRunDeps) {
  let handle: RunHandle | null = null;
  /** Each Train's number: a superseded one's late callbacks are dropped. */
  let generation = 0;
  return createStore<TextRunState>()((set, get) => ({
    source: null,
    settings: TEXT_CARD_SETTINGS,
    phase: 'idle',
    plan: null,
    problem: null,
    summary: null,
    batchLosses: [],
    epochs: [],
    samples: [],
    result: null,
    paused: false,
    canTry: false,
    progress: null,
    model: null,
    loadModel: (model, name) => set({ model: { model, from: { kind: 'file', name } }, canTry: true }),
    setSource: (source) => {
      // A text given: the training worker starts now, while the settings are looked over, not on Train.
      if (source) deps.engine().prepare();
      set({ source, problem: null });
    },
    setSetting: (key, value) => set({ settings: { ...get().settings, [key]: value }, problem: null }),
    ...runControls(() => handle, () => get().phase, (paused) => set({ paused })),
    async tryNext(prefix) {
      const tried = get().model;
      if (!tried) return { kind: 'invalid', message: 'Train on a text first.' };
      const [{ charModelPredictor }, { nextChars }] = await Promise.all([import('../../../engine/charText/charModel'), import('../../../engine/charText/generateText')]);
      const { model } = tried;
      const answer = await nextChars(charModelPredictor(model), model.vocabulary, model.seqLength, prefix);
      return typeof answer === 'string' ? { kind: 'invalid', message: answer } : { kind: 'chars', ...answer };
    },
    // Inspect asks the training worker, which holds the model trained here (or a kept run's); a model
    // loaded from its files has no worker of its own, and answers on this thread, as Try does.
    async inspect(request) {
      const tried = get().model;
      if (!tried) return { kind: 'invalid', message: 'Train on a text first.' };
      if (tried.from.kind === 'run') return deps.engine().inspect(request);
      if (request.kind !== 'chars') return { kind: 'invalid', message: 'This model was trained on your text: type a text to look inside it.' };
      const { inspectChars } = await import('../../../engine/inspect/inspect');
      const { spec, weights, vocabulary, seqLength } = tried.model;
      return inspectChars({ spec, weights, data: { kind: 'text', vocabulary, seqLength } }, request.text);
    },

    async train(resumeFrom) {
      const { source, settings } = get();
      if (get().phase === 'reading' || get().phase === 'training') return;
      const mine = ++generation;
      const live = () => mine === generation;
      if (!source) return set({ phase: 'failed', problem: 'Paste a text, drop a .txt file or take the sample text first.' });
      const bad = settingsProblem(settings);
      if (bad) return set({ phase: 'failed', problem: bad });
      set({ phase: 'reading', plan: null, problem: null, summary: null, batchLosses: [], epochs: [], samples: [], result: null, paused: false, progress: null });
      const hp = hpOfSettings(settings);
      const task: UserTask = { kind: 'text', seqLength: hp.seqLength, step: settings.step, validationSplit: hp.validationSplit, minCount: settings.minCount };
      let outcome;
      try {
        outcome = await deps.parse().prepare(
          { kind: 'file', file: { name: source.name, bytes: source.bytes } }, task, (progress) => live() && set({ progress }),
        ).done;
      } catch (e) {
        if (live()) set({ phase: 'failed', problem: e instanceof Error ? e.message : String(e) });
        return;
      }
      if (!live()) return;
      if (!outcome.ok) return set({ phase: 'failed', problem: outcome.problem.message });
      const text = outcome.data;
      if (text.kind !== 'text') return set({ phase: 'failed', problem: 'The file was not read as a text.' });
      const { vocabulary, codes } = text.corpus;
      set({
        phase: 'training',
        // A model of the last run stays tryable only until this one replaces it.
        canTry: false,
        model: null,
        summary: {
          name: source.name, characters: codes.length, vocabulary: vocabulary.chars.length, folded: vocabulary.folded,
          trainSamples: text.trainSamples, validationSamples: text.validationSamples,
        },
      });
      deps.onRunStart?.(source, text);
      const config = resumeFrom?.config ?? userDataConfig(hp, dataRefOf(text, task));
      const spec = charTextSource(vocabulary.chars.length).model(config.hp);
      handle = deps.engine().train(config, {
          onPlan: (plan) => live() && set({ plan }),
        onBatch: (b) => live() && set({ batchLosses: [...get().batchLosses, ...b.losses] }),
        onEpoch: (e) => live() && set({ epochs: [...get().epochs, e], canTry: true }),
        onTextSamples: (s) => live() && set({ samples: [...get().samples, s] }),
        onSnapshot: ({ weights }) => live() && set({ model: { model: { spec, weights, vocabulary, seqLength: text.seqLength, learningRate: config.hp.learningRate }, from: { kind: 'run' } } }),
      }, { data: { kind: 'text', text }, ...(resumeFrom ? { resumeFrom } : {}) });
      try {
        const result = await handle.done;
        if (live()) set({ phase: 'done', result, paused: false });
      } catch (e) {
        if (live()) set({ phase: 'failed', problem: e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e) });
      } finally {
        if (live()) handle = null;
      }
    },
  }));
}

export type TextRunStore = ReturnType<typeof createTextRunStore>;
