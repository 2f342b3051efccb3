/** The scenario registry: every tutorial variant, in the order the picker shows them. */
import { alphabetStateful, alphabetVariable } from './alphabet';
import { imdbSeq, imdbSeqCnn, imdbSeqDropout, imdbSeqLstmDropout, imdbSmallVocab } from './imdb';
import { trend, trendTwoFeatures } from './trend';
import { SCENARIO_IDS, type Scenario, type ScenarioId } from './types';

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
};

export const SCENARIO_LIST: readonly Scenario[] = SCENARIO_IDS.map((id) => SCENARIOS[id]);

export const DEFAULT_SCENARIO: ScenarioId = 'alphabet';

export function isScenarioId(value: string): value is ScenarioId {
  return (SCENARIO_IDS as readonly string[]).includes(value);
}

export type { Scenario, ScenarioId } from './types';
export { expectationOf } from './types';
