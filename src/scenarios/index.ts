/** The scenario registry: every tutorial variant, then the cards beyond them, in the order the picker shows them. */
import { alphabetStateful, alphabetVariable } from './alphabet';
import { imdbSeq, imdbSeqCnn, imdbSeqDropout, imdbSeqLstmDropout, imdbSmallVocab } from './imdb';
import { memory } from './memory';
import { shortReviews } from './shortReviews';
import { shortReviewsConv } from './shortReviewsConv';
import { trend, trendTwoFeatures } from './trend';
import { SCENARIO_IDS, TUTORIAL_IDS, isTutorial, type Scenario, type ScenarioId, type Tutorial, type TutorialId } from './types';

export const SCENARIOS: { readonly [K in ScenarioId]: Scenario & { id: K } } = {
  alphabet: alphabetVariable as Scenario & { id: 'alphabet' },
  'alphabet-stateful': alphabetStateful as Scenario & { id: 'alphabet-stateful' },
  trend: trend as Scenario & { id: 'trend' },
  'trend-two-features': trendTwoFeatures as Scenario & { id: 'trend-two-features' },
  'imdb-small-vocab': imdbSmallVocab as Scenario & { id: 'imdb-small-vocab' },
  'imdb-seq': imdbSeq as Scenario & { id: 'imdb-seq' },
  'imdb-seq-dropout': imdbSeqDropout as Scenario & { id: 'imdb-seq-dropout' },
  'imdb-seq-lstm-dropout': imdbSeqLstmDropout as Scenario & { id: 'imdb-seq-lstm-dropout' },
  'imdb-seq-cnn': imdbSeqCnn as Scenario & { id: 'imdb-seq-cnn' },
  memory: memory as Scenario & { id: 'memory' },
  'short-reviews': shortReviews as Scenario & { id: 'short-reviews' },
  'short-reviews-conv': shortReviewsConv as Scenario & { id: 'short-reviews-conv' },
};

export const SCENARIO_LIST: readonly Scenario[] = SCENARIO_IDS.map((id) => SCENARIOS[id]);

/** The tutorials alone, each with its published figure (the fidelity table's rows). */
export const TUTORIALS = Object.fromEntries(
  TUTORIAL_IDS.map((id) => {
    const s = SCENARIOS[id];
    if (!isTutorial(s)) throw new Error(`${id} is listed as a tutorial but publishes no figure`);
    return [id, s];
  }),
) as { readonly [K in TutorialId]: Tutorial & { id: K } };

export const TUTORIAL_LIST: readonly Tutorial[] = TUTORIAL_IDS.map((id) => TUTORIALS[id]);

export function isTutorialId(value: string): value is TutorialId {
  return (TUTORIAL_IDS as readonly string[]).includes(value);
}

export const DEFAULT_SCENARIO: ScenarioId = 'alphabet';

export function isScenarioId(value: string): value is ScenarioId {
  return (SCENARIO_IDS as readonly string[]).includes(value);
}

export type { Scenario, ScenarioId, Tutorial, TutorialId } from './types';
export { expectationOf, isTutorial } from './types';
