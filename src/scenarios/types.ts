/**
 * Tutorials as data. A scenario names its source tutorial, its Keras hyperparameters, its model as
 * an ordered list of Keras layers, and the result the tutorial published. Nothing here mentions
 * tfjs: the engine turns these specs into a model.
 */
import type { HpKey, HyperParams, Problem } from '../config/hyperparams';
import type { ModelSpec } from '../engine/spec/types';


export const SCENARIO_IDS = [
  'alphabet',
  'alphabet-stateful',
  'trend',
  'trend-two-features',
  'imdb-small-vocab',
  'imdb-seq',
  'imdb-seq-dropout',
  'imdb-seq-lstm-dropout',
  'imdb-seq-cnn',
] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** Which data a scenario trains on; each kind has one generator or loader in the engine. */
export type DataSpec =
  | { kind: 'alphabet-variable' }
  | { kind: 'alphabet-stateful' }
  | { kind: 'trend'; features: 2 | 3 }
  | { kind: 'imdb' };
export type DataKind = DataSpec['kind'];

/** Where validation figures come from. */
export type ValidationSource = 'split' | 'test-set' | 'none';

/** The number a tutorial published, to draw as a target line. */
export interface PublishedResult {
  /** Which curve it belongs on. */
  metric: 'acc' | 'valAcc';
  /** Accuracy as a fraction (0.8679, not 86.79). */
  value: number;
  /** How the tutorial stated it, e.g. "Accuracy: 86.79% on the test set after 3 epochs". */
  text: string;
}

/**
 * The best accuracy our data allows, where it is below what the tutorial published (our generated
 * series is not the tutorial's): runs are judged against it, and the screen says so and why.
 */
export interface DataCeiling {
  /** Accuracy as a fraction. */
  value: number;
  /**
   * How far below the ceiling a run may land by chance alone: two standard errors of accuracy on
   * the set it is measured on (a fraction).
   */
  margin: number;
  /** Why the data caps accuracy there, in a sentence or two. */
  why: string;
}

export interface TutorialSource {
  title: string;
  author: string;
  /** Absent where the tutorial is known only by its description. */
  url?: string;
}

export interface Scenario {
  id: ScenarioId;
  /** Cards are grouped by family; each family has one kind of "try the model" panel. */
  family: 'alphabet' | 'trend' | 'imdb';
  title: string;
  /** One or two sentences on what the model learns. */
  summary: string;
  source: TutorialSource;
  /** The tutorial's own hyperparameters. */
  defaults: HyperParams;
  /** Fields the form shows for this scenario (the rest are fixed by the tutorial's structure). */
  fields: readonly HpKey[];
  data: DataSpec;
  validation: ValidationSource;
  /** Builds the Keras model for a given set of hyperparameters. */
  model(hp: HyperParams): ModelSpec;
  /**
   * The hyperparameter the model's input timesteps come from (`seqLength`), or null where the
   * tutorial's structure fixes them (the trend's features fed as 3 or 2 steps, the stateful
   * alphabet's one letter). A model whose layers run out of timesteps names this field.
   */
  stepsField: HpKey | null;
  published: PublishedResult;
  /** Present where our data cannot reach the published figure. */
  ceiling?: DataCeiling;
  /** Parameter count Keras reports for the default hyperparameters (checked by tests). */
  kerasParams: number;
  /** Cross-field checks beyond each field's own bounds (e.g. stateful needs batch size 1). */
  check?(hp: HyperParams): Problem[];
}

/** What a run of this tutorial should reach here: the published figure, or our data's ceiling where that is lower. */
export interface Expectation {
  value: number;
  kind: 'published' | 'ceiling';
  /** The sentence that explains it: how the tutorial stated its figure, or why our data caps it. */
  text: string;
}

export function expectationOf(s: Pick<Scenario, 'published' | 'ceiling'>): Expectation {
  return s.ceiling
    ? { value: s.ceiling.value, kind: 'ceiling', text: `${s.ceiling.why} (The tutorial: “${s.published.text}”.)` }
    : { value: s.published.value, kind: 'published', text: s.published.text };
}
