/**
 * A run's model and checks from its configuration alone: the tutorial's, or — for a run on a
 * user's data — the one its data reference fixes (`RunConfig.data`). Kept weights, checkpoints and
 * "try the model" on another thread have the configuration but not the data, so they ask here,
 * never `SCENARIOS[config.scenario]` (which for a user's data is a placeholder).
 *
 * What differs per kind of a user's data is one row of `KEPT_KINDS`: a kind with a `RunData` row
 * (`runData.ts`) does not compile until it has one here too.
 */
import type { Problem } from '../config/hyperparams';
import { validateConfig, validateFields, type ClassifyFacts, type DataRef, type RunConfig, type UserDataKind } from '../config/runConfig';
import { SCENARIOS } from '../scenarios';
import { charTextProblems, charTextSource } from './charText/charTextModel';
import { nextChars } from './charText/generateText';
import { nextStep, parseTypedSeries } from './seriesModel/seriesPredict';
import { SERIES_DEFAULT_ACTIVATION, seriesProblems, seriesSource, type SeriesModelShape } from './seriesModel/seriesModel';
import { tokenizerFromJson, tokenizerToJson } from './data/user/tokenizer';
import { classifierProblems, classifierSource } from './textClassifier/classifierModel';
import { predictClassify, type ClassifierReading } from './textClassifier/predictClassify';
import type { CharVocabulary } from './data/user/charText';
import type { PreparedUserData, UserTask } from './data/user/prepareUserData';
import type { InspectData } from './inspect/types';
import type { RunModel } from './runModel';
import type { RunData, RunDataKind } from './runData';
import type { ModelSpec } from './spec/types';
import type { PredictRequest, PredictResult } from './types';

/**
 * The kinds of a user's data whose runs are kept, opened, resumed and shared (`RunData` kinds).
 * A kind joins by adding it here: the compiler then lists every row it needs (`KEPT_KINDS` here,
 * `USER_RUN_KINDS` in `state/userRunKinds.ts`, `LINK_TASKS` in the URL codec).
 */
export type UserRunKind = Extract<RunDataKind, 'text' | 'series' | 'classify'>;

interface KeptKindRow {
  /** What the reference must hold beyond the task for the model to be known, or null when it does. */
  incomplete(data: DataRef): string | null;
  model(config: RunConfig, data: DataRef): ModelSpec;
  /** The hyperparameters' problems for this data (each field's bounds, then the model's). */
  problems(config: RunConfig, data: DataRef): Problem[];
  /** The prepared data (read back from the dataset store) as what the engine trains on. */
  runData(prepared: PreparedUserData): RunData | string;
  /** The reference's model facts, from the prepared data (filled in when a run starts). */
  facts(prepared: PreparedUserData): Partial<DataRef>;
  /** "Try the model" on weights with the configuration only (a kept run, a snapshot on another thread). */
  predict(model: RunModel, config: RunConfig, data: DataRef, request: PredictRequest): Promise<PredictResult>;
  /** What Inspect needs of the data beside the model, from the reference (as `RunData`'s `inspectData` from the prepared data); none: no Inspect. */
  inspectData?(config: RunConfig, data: DataRef): InspectData;
}

/** A text's character table as the engine's vocabulary (counts are not kept: nothing that tries a model reads them). */
export function keptVocabulary(data: DataRef): CharVocabulary {
  const chars = data.vocabulary ?? [];
  return { chars, counts: chars.map(() => 0), folded: { distinct: 0, occurrences: 0 }, lower: data.task.kind === 'text' && data.task.lower === true };
}

/** A series' model shape from its reference: the task, how many columns it reads, its activation. */
function keptSeriesShape(data: DataRef): SeriesModelShape {
  const task = data.task.kind === 'series' ? data.task.task : 'next';
  return { task, features: data.series?.columns.length ?? 0, activation: data.activation ?? SERIES_DEFAULT_ACTIVATION };
}

/** What a series model's answers need beside its weights (`seriesPredict.ts`), from the reference alone. */
export function keptSeriesModelData(config: RunConfig, data: DataRef) {
  const facts = data.series!;
  const task = keptSeriesShape(data).task;
  return { task, lookBack: config.hp.seqLength, columns: facts.columns, target: facts.columns.indexOf(facts.target), scaler: facts.scaler };
}

/**
 * How kept labelled texts' model reads a typed sentence, from the reference alone: its tokenizer
 * (read back from its Keras JSON once per reference), the padded length and the class names.
 */
const readings = new WeakMap<ClassifyFacts, ClassifierReading>();
export function keptClassifierReading(config: RunConfig, data: DataRef): ClassifierReading {
  const facts = data.classify!;
  let reading = readings.get(facts);
  if (!reading) {
    reading = { tokenizer: tokenizerFromJson(facts.tokenizer), maxlen: config.hp.seqLength, classNames: facts.classNames };
    readings.set(facts, reading);
  }
  return reading.maxlen === config.hp.seqLength ? reading : { ...reading, maxlen: config.hp.seqLength };
}

const KEPT_KINDS: { [K in UserRunKind]: KeptKindRow } = {
  text: {
    incomplete: (data) => (data.vocabulary && data.vocabulary.length > 0 ? null : 'it does not say which characters the text was read into'),
    model: ({ hp }, data) => charTextSource(data.vocabulary!.length).model(hp),
    problems: ({ hp }, data) => charTextProblems(data.vocabulary!.length, hp),
    runData: (prepared) => (prepared.kind === 'text' ? { kind: 'text', text: prepared } : 'The dataset was not read as a text.'),
    facts: (prepared) => (prepared.kind === 'text' ? { vocabulary: [...prepared.corpus.vocabulary.chars] } : {}),
    predict: async (model, config, data, request) => {
      if (request.kind !== 'chars') return { kind: 'invalid', message: 'This model was trained on your text: it tells the next character of a text you type.' };
      const answer = await nextChars(model, keptVocabulary(data), config.hp.seqLength, request.text);
      return typeof answer === 'string' ? { kind: 'invalid', message: answer } : { kind: 'chars', ...answer };
    },
    inspectData: (config, data) => ({ kind: 'text', vocabulary: keptVocabulary(data), seqLength: config.hp.seqLength }),
  },
  series: {
    incomplete: (data) => {
      const facts = data.series;
      if (!facts || facts.columns.length === 0) return 'it does not say which columns the series was read from';
      if (!facts.columns.includes(facts.target)) return `the column it predicts (“${facts.target}”) is not among the columns it reads`;
      return facts.scaler.offset.length === facts.columns.length ? null : 'its scaler does not scale each of its columns';
    },
    model: ({ hp }, data) => seriesSource(keptSeriesShape(data)).model(hp),
    problems: ({ hp }, data) => seriesProblems(keptSeriesShape(data), hp.seqLength, hp),
    runData: (prepared) => (prepared.kind === 'series' ? { kind: 'series', series: prepared } : 'The dataset was not read as a series.'),
    facts: (prepared) => {
      if (prepared.kind !== 'series') return {};
      const { names } = prepared.series;
      return { series: { columns: [...names], target: names[prepared.target], scaler: prepared.scaler } };
    },
    predict: async (model, config, data, request) => {
      // The model over the whole series needs the series itself, which only the run's own worker holds:
      // throwing sends the question there (the try worker's client falls back on a failed answer).
      if (request.kind === 'seriesFit') throw new Error('The answers over the series need the series; the training worker gives them.');
      if (request.kind !== 'series') return { kind: 'invalid', message: 'This model was trained on your series: it tells the next step of a series you type.' };
      const kept = keptSeriesModelData(config, data);
      const steps = parseTypedSeries(request.text, kept.columns, kept.lookBack);
      if (typeof steps === 'string') return { kind: 'invalid', message: steps };
      return { kind: 'series', ...await nextStep(model, kept, steps) };
    },
  },
  classify: {
    incomplete: (data) => {
      const facts = data.classify;
      if (!facts || facts.classNames.length < 2) return 'it does not say which classes the texts were labelled with';
      try {
        tokenizerFromJson(facts.tokenizer);
        return null;
      } catch (e) {
        return `its tokenizer cannot be read (${e instanceof Error ? e.message : String(e)})`;
      }
    },
    model: ({ hp }, data) => classifierSource(data.classify!.classNames.length).model(hp),
    problems: ({ hp }, data) => classifierProblems(data.classify!.classNames.length, hp),
    runData: (prepared) => (prepared.kind === 'classify' ? { kind: 'classify', labelled: prepared } : 'The dataset was not read as labelled texts.'),
    facts: (prepared) => (prepared.kind === 'classify' ? { classify: { classNames: [...prepared.classNames], tokenizer: tokenizerToJson(prepared.tokenizer) } } : {}),
    predict: (model, config, data, request) => {
      if (request.kind !== 'classify') return Promise.resolve({ kind: 'invalid', message: 'This model was trained on your labelled texts: it classifies a sentence you type.' });
      return predictClassify(model, keptClassifierReading(config, data), request.text);
    },
    inspectData: (config, data) => ({ kind: 'classify', ...keptClassifierReading(config, data) }),
  },
};

/** The row for a kind, or undefined for a kind this version cannot train yet (a newer page's record). */
export function keptKind(kind: UserDataKind): KeptKindRow | undefined {
  // Read from storage or a link: only the table's own keys count.
  return Object.hasOwn(KEPT_KINDS, kind) ? KEPT_KINDS[kind as UserRunKind] : undefined;
}

/** Why a user-data reference cannot make a model here, as the end of a sentence; null when it can. */
export function dataRefProblem(data: DataRef): string | null {
  const row = keptKind(data.task.kind);
  return row ? row.incomplete(data) : `its data is of a kind this version cannot train (${data.task.kind})`;
}

/** The model a configuration trains. Throws for a user-data reference `dataRefProblem` refuses. */
export function configModel(config: RunConfig): ModelSpec {
  if (!config.data) return SCENARIOS[config.scenario].model(config.hp);
  const problem = dataRefProblem(config.data);
  if (problem) throw new Error(`This run’s model is not known: ${problem}.`);
  return keptKind(config.data.task.kind)!.model(config, config.data);
}

/** Every problem with a configuration, user data or not (`validateConfig` for a tutorial's). */
export function configProblems(config: RunConfig): Problem[] {
  if (!config.data) return validateConfig(config);
  const problem = dataRefProblem(config.data);
  if (problem) return [...validateFields(config.hp), { field: 'data', message: `This run cannot be used: ${problem}.` }];
  return keptKind(config.data.task.kind)!.problems(config, config.data);
}

/** The reference to prepared data: its dataset record's name, hash and size, the task it was read with, and its model facts. */
export function dataRefOf(prepared: PreparedUserData, task: UserTask): DataRef {
  const { name, hash, size } = prepared.record;
  return { name, hash, size, task, ...keptKind(task.kind)?.facts(prepared) };
}
