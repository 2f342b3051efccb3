/** What a run saves: the tutorial's model with the trained weights. Shared by the command line and the app. Pure: no tfjs. */
import type { RunConfig } from '../../config/runConfig';
import { SCENARIOS } from '../../scenarios';
import { isStateful } from '../spec/model';
import type { ModelWeights } from '../weights';
import type { SavedModel } from './kerasConfig';

/** The scenario's model with `weights`, its batch size if stateful (a file fixes it), and its learning rate. */
export function savedModelOf(config: RunConfig, weights: ModelWeights): SavedModel {
  const spec = SCENARIOS[config.scenario].model(config.hp);
  return { spec, weights, learningRate: config.hp.learningRate, ...(isStateful(spec) ? { batchSize: config.hp.batchSize } : {}) };
}
