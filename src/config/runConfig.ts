/**
 * A run's whole configuration: which tutorial, and every hyperparameter. This is what the URL
 * encodes, the form edits, and the engine trains.
 */
import { HP_KEYS, checkValue, type HyperParams, type Problem } from './hyperparams';
import { SCENARIOS, type ScenarioId } from '../scenarios';

export interface RunConfig {
  scenario: ScenarioId;
  hp: HyperParams;
}

export function defaultConfig(scenario: ScenarioId): RunConfig {
  return { scenario, hp: { ...SCENARIOS[scenario].defaults } };
}

/** Every problem with a configuration: each field against its bounds, then the scenario's own checks. */
export function validateConfig(config: RunConfig): Problem[] {
  const problems: Problem[] = [];
  for (const key of HP_KEYS) {
    const message = checkValue(key, config.hp[key]);
    if (message) problems.push({ field: key, message });
  }
  if (problems.length === 0) problems.push(...(SCENARIOS[config.scenario].check?.(config.hp) ?? []));
  return problems;
}
