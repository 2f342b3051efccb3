/**
 * A run's whole configuration: which tutorial, and every hyperparameter. This is what the URL
 * encodes, the form edits, and the engine trains.
 */
import { HP_KEYS, checkValue, type HyperParams, type Problem } from './hyperparams';
import { checkModel } from '../engine/spec/check';
import type { UserTask } from '../engine/data/user/prepareUserData';
import type { Scaler } from '../engine/data/user/scaler';
import type { SeriesActivation } from '../engine/seriesModel/seriesModel';
import type { ClassifierStart } from '../engine/textClassifier/classifierModel';
import { DEFAULT_SCENARIO, SCENARIOS, type ScenarioId } from '../scenarios';

export interface RunConfig {
  /** The tutorial; for a run on a user's data (`data` set) the default one, which nothing reads (see `userDataConfig`). */
  scenario: ScenarioId;
  hp: HyperParams;
  /** The user's data the run trains on, by reference (never the data itself); absent for a tutorial's run. */
  data?: DataRef;
}

/**
 * A user's data, named without its content: what a kept run, its checkpoint and a shared link say
 * about it. The dataset itself is kept once by `hash` (`platform/datasetStore.ts`); a link carries
 * this and never the bytes.
 */
export interface DataRef {
  /** The file's name, as the user picked it (a link asks for a file of this name). */
  name: string;
  /** SHA-256 of its bytes, hex (`data/user/contentHash.ts`): the dataset's key, and what a link checks. */
  hash: string;
  /** Bytes. */
  size: number;
  /** How it was read (`prepareUserData`'s task): its `kind` is the data's kind. */
  task: UserTask;
  /**
   * For a text, the characters it was read into (index → character, the "other" symbol last when
   * rare ones were folded): with the hyperparameters they fix the model, so kept weights and a
   * checkpoint are usable without reading the text again. Absent in a link: it comes from the file.
   */
  vocabulary?: string[];
  /**
   * For a series, what the CSV was read into beside the task: the columns the model reads in order,
   * the one it predicts and the scaler fitted on the training rows. With the task and the
   * hyperparameters they fix the model and its answers (Try on kept weights). Absent in a link.
   */
  series?: SeriesFacts;
  /**
   * For labelled texts, what the texts were read into beside the task: the class names (index →
   * name), the fitted tokenizer as Keras' `Tokenizer.to_json()` writes it (its configuration and
   * word tables, never the texts) and the start model the card began from. With the hyperparameters
   * (`seqLength` is the padded length, `vocabSize` the words kept) they fix the model and its
   * answers (Try on kept weights). Absent in a link.
   */
  classify?: ClassifyFacts;
  /** For a series, the LSTMs' activation (a model choice the task does not say); absent: relu, the trend tutorial's. */
  activation?: SeriesActivation;
}

/** A series' columns and scaler, as `DataRef.series` keeps them (the data file's fields: `export/dataFile/series.ts`). */
export interface SeriesFacts {
  columns: string[];
  target: string;
  scaler: Scaler;
}

/** Labelled texts' classes and tokenizer, as `DataRef.classify` keeps them. */
export interface ClassifyFacts {
  classNames: string[];
  /** Keras' `Tokenizer.to_json()` (`tokenizerToJson`). */
  tokenizer: string;
  start?: ClassifierStart;
}

/** The kinds of a user's data (`UserTask['kind']`): 'text' | 'classify' | 'series'. */
export type UserDataKind = UserTask['kind'];

/**
 * The configuration of a run on a user's data. `RunConfig.scenario` names a tutorial, which such a
 * run does not have: it carries the default one, and nothing reads it for such a run — the model,
 * its checks, the run's title and "try the model" all go through `data` (`engine/configModel.ts`,
 * `state/userRunKinds.ts`), and the run record's schema refuses one whose `scenario` is anything else.
 * Without `data` (the command line, which keeps, shares and resumes nothing) the run is not kept.
 */
export const userDataConfig = (hp: HyperParams, data?: DataRef): RunConfig => ({ scenario: DEFAULT_SCENARIO, hp, ...(data ? { data } : {}) });

export function defaultConfig(scenario: ScenarioId): RunConfig {
  return { scenario, hp: { ...SCENARIOS[scenario].defaults } };
}

/**
 * Problems across fields of a configuration whose fields are each in bounds: the scenario's own
 * checks, then its model's (every layer takes its input's shape, the run fits in memory; nothing
 * is built or allocated to find out).
 */
export function crossFieldProblems(config: RunConfig): Problem[] {
  const scenario = SCENARIOS[config.scenario];
  // The tutorials are LSTMs as published; the other kinds are for a user's own data and the cards
  // beyond the tutorials, which offer the choice in their form.
  if (!config.data && config.hp.cell !== 'lstm' && !scenario.fields.includes('cell')) {
    return [{ field: 'cell', message: `${scenario.title} is an LSTM as its tutorial publishes it; GRU and SimpleRNN are for your own data (text, labelled texts or a series) and the “Why LSTM?” card.` }];
  }
  const own = scenario.check?.(config.hp) ?? [];
  return own.length > 0 ? own : checkModel(scenario, config.hp);
}

/** Every problem with a configuration: each field against its bounds, then the checks across fields. */
export function validateConfig(config: RunConfig): Problem[] {
  const problems = validateFields(config.hp);
  if (problems.length === 0) problems.push(...crossFieldProblems(config));
  return problems;
}

/** Each field against its own bounds (any model: a tutorial's, or one built for a user's data). */
export function validateFields(hp: HyperParams): Problem[] {
  const problems: Problem[] = [];
  for (const key of HP_KEYS) {
    const message = checkValue(key, hp[key]);
    if (message) problems.push({ field: key, message });
  }
  return problems;
}
