/**
 * A run's whole configuration: which tutorial, and every hyperparameter. This is what the URL
 * encodes, the form edits, and the engine trains.
 */
import { HP_KEYS, checkValue, type HyperParams, type Problem } from './hyperparams';
import { checkModel } from '../engine/spec/check';
import { DEFAULT_SCENARIO, SCENARIOS, type ScenarioId } from '../scenarios';

export interface RunConfig {
  scenario: ScenarioId;
  hp: HyperParams;
}

/**
 * The configuration of a run on a user's data. A `RunConfig` names a tutorial, which a user's data
 * does not have: it carries the default one, which nothing reads for such a run (its row in `engine/runData.ts`
 * reads only `hp`, and it keeps no snapshots or checkpoints, the only places that would). One place for that,
 * until kept runs and links of a user's data give the configuration its own kind.
 */
export const userDataConfig = (hp: HyperParams): RunConfig => ({ scenario: DEFAULT_SCENARIO, hp });

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
