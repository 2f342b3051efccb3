/**
 * Tutorials as data. A scenario names its source tutorial, its Keras hyperparameters, its model as
 * an ordered list of Keras layers, and the result the tutorial published. Nothing here mentions
 * tfjs: the engine turns these specs into a model.
 */
import type { HpKey, HyperParams, Problem } from '../config/hyperparams';
import type { ModelSpec } from '../engine/spec/types';


/** The tutorials, as published: the fidelity table's rows. */
export const TUTORIAL_IDS = [
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
export type TutorialId = (typeof TUTORIAL_IDS)[number];

/** The lab's own cards, beyond the tutorials: no published figure, outside the fidelity table. */
export const BEYOND_IDS = ['memory', 'short-reviews', 'short-reviews-conv'] as const;

export const SCENARIO_IDS = [...TUTORIAL_IDS, ...BEYOND_IDS] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** Which data a scenario trains on; each kind has one generator or loader in the engine. */
export type DataSpec =
  | { kind: 'alphabet-variable' }
  | { kind: 'alphabet-stateful' }
  | { kind: 'trend'; features: 2 | 3 }
  | { kind: 'imdb' }
  /** IMDB cut for the short-reviews card: whole reviews and short windows, a held-out test set and short-review check (`engine/data/imdb/shortReviews.ts`). */
  | { kind: 'imdb-short-reviews' }
  | { kind: 'memory' };
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
  family: 'alphabet' | 'trend' | 'imdb' | 'memory';
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
  /** The tutorial's figure; null for a card of the lab's own, beyond the tutorials (`beyond`). */
  published: PublishedResult | null;
  /** A card of the lab's own, not a tutorial: outside the fidelity table, its recipe on the card. */
  beyond?: BeyondTutorials;
  /** Present where our data cannot reach the published figure. */
  ceiling?: DataCeiling;
  /** Parameter count Keras reports for the default hyperparameters (checked by tests). */
  kerasParams: number;
  /** Cross-field checks beyond each field's own bounds (e.g. stateful needs batch size 1). */
  check?(hp: HyperParams): Problem[];
}

/** A tutorial: a scenario with the figure its source published. */
export type Tutorial = Scenario & { published: PublishedResult };

export const isTutorial = (s: Scenario): s is Tutorial => s.published !== null;

/** What a card beyond the tutorials says of itself, where a tutorial quotes its published figure. */
export interface BeyondTutorials {
  /** What a run should show, in a sentence (measured here, not published anywhere). */
  expect: string;
  /** Why the card is here and how its data and model are built. */
  recipe: string;
  /** Accuracy by guessing (drawn on the chart where a tutorial draws its figure). */
  chance: number;
  /** Which curve `expect` is about. */
  metric: PublishedResult['metric'];
}

/**
 * The line a run's accuracy is drawn against: the published figure, our data's ceiling where that
 * is lower, or, for a card beyond the tutorials (which publishes nothing), chance.
 */
export interface Expectation {
  value: number;
  /** Which curve it is drawn on. */
  metric: PublishedResult['metric'];
  kind: 'published' | 'ceiling' | 'chance';
  /** The sentence that explains it: how the tutorial stated its figure, why our data caps it, or what chance is. */
  text: string;
}

export function expectationOf(s: Pick<Scenario, 'published' | 'ceiling' | 'beyond'>): Expectation {
  if (!s.published) {
    const chance = s.beyond?.chance ?? 0;
    return { value: chance, metric: s.beyond?.metric ?? 'acc', kind: 'chance', text: `Chance: a model that remembers nothing is right ${Math.round(chance * 100)}% of the time. ${s.beyond?.expect ?? ''}`.trim() };
  }
  return s.ceiling
    ? { value: s.ceiling.value, metric: s.published.metric, kind: 'ceiling', text: `${s.ceiling.why} (The tutorial: “${s.published.text}”.)` }
    : { value: s.published.value, metric: s.published.metric, kind: 'published', text: s.published.text };
}
