/**
 * What a run trains on: its tutorial's own data (the scenario in its configuration names it), or
 * data a user brought, prepared by the data layer (`data/user/`, issue #20). Everything the session
 * does differently per kind of data is one row of `RUN_DATA`, so a new kind (labelled texts, a
 * series) does not compile until it says how its model is built, its data loaded and checked, what
 * happens after each epoch, and what Inspect needs of it. Every kind has the tutorials' snapshots,
 * checkpoints and Inspect: they rebuild the model from the configuration (`configModel.ts`).
 */
import type { HyperParams, Problem } from '../config/hyperparams';
import { validateConfig, type RunConfig } from '../config/runConfig';
import { SCENARIOS } from '../scenarios';
import type { ValidationSource } from '../scenarios/types';
import { charTextProblems, charTextSource, charWindowsProblem } from './charText/charTextModel';
import { generateSamples, nextChars } from './charText/generateText';
import { charWindows } from './data/user/charText';
import type { PreparedUserData } from './data/user/prepareUserData';
import { loadDataset, type LoadContext, type LoadedData } from './data/loadDataset';
import type { InspectData } from './inspect/types';
import { createRng } from './rng';
import type { SeriesActivation } from './seriesModel/seriesModel';
import type { PreparedSeries } from './seriesModel/seriesPredict';
import { SERIES_ROW } from './seriesModel/seriesRunData';
import { classifyRow, type PreparedLabelled } from './textClassifier/classifyRow';
import type { RunModel } from './runModel';
import type { ModelSpec } from './spec/types';
import { predict, type TrainedModel } from './tryModel';
import type { EpochUpdate, PredictRequest, PredictResult, TrainCallbacks } from './types';

/** A user's text, read and windowed by `prepareUserData` (`{ kind: 'text' }`). */
export type PreparedText = Extract<PreparedUserData, { kind: 'text' }>;

export type RunData =
  | { kind: 'tutorial' }
  | {
    kind: 'text';
    text: PreparedText;
    /** Characters generated per temperature after each epoch (`SAMPLE_LENGTH` by default). */
    sampleLength?: number;
  }
  | { kind: 'series'; series: PreparedSeries; activation?: SeriesActivation }
  | { kind: 'classify'; labelled: PreparedLabelled };

export type RunDataKind = RunData['kind'];

/** The tutorial's own data: what a run trains on unless told otherwise. */
export const TUTORIAL_DATA: RunData = { kind: 'tutorial' };

/** What an epoch-end hook is given: the run's weights as they stand, its callbacks, and how to hear Stop. */
export interface EpochEndContext {
  model: RunModel;
  update: EpochUpdate;
  callbacks: TrainCallbacks;
  signal: AbortSignal;
  yieldToHost?: () => Promise<void>;
}

/** Called after each epoch (its validation included), before the next starts. */
export type EpochEndHook = (context: EpochEndContext) => Promise<void>;

export interface DataKindRow<D extends RunData> {
  /** Every problem with the configuration for this data; none means the run may start. */
  problems(config: RunConfig, data: D): Problem[];
  model(config: RunConfig, data: D): ModelSpec;
  load(config: RunConfig, data: D, ctx: LoadContext): Promise<LoadedData>;
  /** Where held-out figures come from. */
  validation(config: RunConfig, data: D): ValidationSource;
  /** A fresh hook per run, or none. */
  epochEnd?(config: RunConfig, data: D): EpochEndHook;
  /** "Try the model" on the run's trained model. */
  predict(trained: TrainedModel, request: PredictRequest, data: D): Promise<PredictResult>;
  /** What Inspect needs of the data beside the model (a text's vocabulary); none for a tutorial's, read from its configuration. */
  inspectData?(config: RunConfig, data: D): InspectData;
  /** Whether the held-out evaluation keeps the K × K confusion matrix (`confusion.ts`); binary runs keep their named counts anyway. */
  confusionMatrix?: boolean;
}

/** Seeds the generated text's draws apart from the run's own (shuffling, dropout), which stay as without it. */
const GENERATE_SEED_OFFSET = 0x7e47;

const sameWindows = (hp: HyperParams, text: PreparedText): Problem[] =>
  hp.seqLength === text.seqLength
    ? []
    : [{ field: 'seqLength', message: `The text was cut into windows of ${text.seqLength} characters, but the model reads ${hp.seqLength}; prepare it again with the sequence length.` }];

const RUN_DATA: { [K in RunDataKind]: DataKindRow<Extract<RunData, { kind: K }>> } = {
  tutorial: {
    problems: (config) => validateConfig(config),
    model: (config) => SCENARIOS[config.scenario].model(config.hp),
    load: (config, _data, ctx) => loadDataset(SCENARIOS[config.scenario].data, config.hp, ctx),
    validation: (config) => SCENARIOS[config.scenario].validation,
    predict: (trained, request) => predict(trained, request),
  },
  text: {
    problems: ({ hp }, { text }) => {
      const vocabularySize = text.corpus.vocabulary.chars.length;
      const own = charTextProblems(vocabularySize, hp);
      if (own.length > 0) return own;
      const windows = charWindowsProblem(text.trainSamples + text.validationSamples, text.seqLength, vocabularySize);
      return windows ? [windows] : sameWindows(hp, text);
    },
    model: ({ hp }, { text }) => charTextSource(text.corpus.vocabulary.chars.length).model(hp),
    // The split was made when the text was prepared (its last windows held out, as Keras'
    // `validation_split` holds out the last samples); the windows are cut here, once per run.
    load: async (_config, { text }) => {
      const windows = { seqLength: text.seqLength, step: text.step };
      const end = text.trainSamples + text.validationSamples;
      return {
        dataset: {
          train: charWindows(text.corpus, windows, 0, text.trainSamples),
          validation: text.validationSamples > 0 ? charWindows(text.corpus, windows, text.trainSamples, end) : undefined,
        },
      };
    },
    validation: (_config, { text }) => (text.validationSamples > 0 ? 'split' : 'none'),
    epochEnd: ({ hp }, { text, sampleLength }) => {
      const rng = createRng((hp.seed + GENERATE_SEED_OFFSET) >>> 0);
      return async ({ model, update, callbacks, signal, yieldToHost }) => {
        if (!callbacks.onTextSamples || signal.aborted) return;
        const samples = await generateSamples(model, text.corpus, update.epoch, rng, { seqLength: text.seqLength, length: sampleLength, signal, yieldToHost });
        if (samples) callbacks.onTextSamples(samples);
      };
    },
    predict: async (trained, request, { text }) => {
      if (request.kind !== 'chars') return { kind: 'invalid', message: 'This model was trained on your text: it tells the next character of a text you type.' };
      const answer = await nextChars(trained.model, text.corpus.vocabulary, text.seqLength, request.text);
      return typeof answer === 'string' ? { kind: 'invalid', message: answer } : { kind: 'chars', ...answer };
    },
    // Snapshots and checkpoints rebuild the model from the configuration, whose data reference holds
    // the text's characters (`configModel.ts`): kept runs, Try on another thread and resume read them.
    inspectData: (_config, { text }) => ({ kind: 'text', vocabulary: text.corpus.vocabulary, seqLength: text.seqLength }),
  },
  series: SERIES_ROW,
  classify: {
    problems: ({ hp }, { labelled }) => classifyRow.problems(hp, labelled),
    model: ({ hp }, { labelled }) => classifyRow.model(hp, labelled),
    load: (_config, { labelled }) => classifyRow.load(labelled),
    validation: (_config, { labelled }) => classifyRow.validation(labelled),
    predict: (trained, request, { labelled }) => classifyRow.predict(trained.model, request, labelled),
    // Checkpoints rebuild the model from the configuration, whose data reference holds the classes and
    // the fitted tokenizer (`configModel.ts`): kept runs, Try on another thread and resume read them.
    inspectData: (_config, { labelled }) => classifyRow.inspectData(labelled),
    confusionMatrix: true,
  },
};

/** The row for `data`, bound to it: what the session asks of a run's data. */
export function runDataOf(config: RunConfig, data: RunData) {
  const row = RUN_DATA[data.kind] as DataKindRow<RunData>;
  return {
    kind: data.kind,
    problems: () => row.problems(config, data),
    model: () => row.model(config, data),
    load: (ctx: LoadContext) => row.load(config, data, ctx),
    validation: () => row.validation(config, data),
    epochEnd: row.epochEnd?.(config, data),
    predict: (trained: TrainedModel, request: PredictRequest) => row.predict(trained, request, data),
    inspectData: () => row.inspectData?.(config, data),
    confusionMatrix: row.confusionMatrix ?? false,
  };
}

export type BoundRunData = ReturnType<typeof runDataOf>;
