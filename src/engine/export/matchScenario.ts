/**
 * Which tutorial a loaded model belongs to: the scenario, with hyperparameters read off the
 * model, whose own `model(hp)` builds exactly the same spec. Pure: no tfjs.
 */
import type { HyperParams } from '../../config/hyperparams';
import { validateConfig, type RunConfig } from '../../config/runConfig';
import { SCENARIO_LIST } from '../../scenarios';
import { isRecurrent } from '../spec/recurrentLayer';
import type { ModelSpec } from '../spec/types';

/** Hyperparameters that decide a model's shape, with where each shows in a spec. */
type ModelFields = Partial<Pick<HyperParams, 'units' | 'layers' | 'seqLength' | 'vocabSize' | 'embeddingDim' | 'dropout' | 'recurrentDropout' | 'dropoutLayerRate' | 'batchSize' | 'cell'>>;

/** The shape-deciding hyperparameters a spec shows (a field the spec does not show is left out). */
export function fieldsOf(spec: ModelSpec, batchSize?: number): ModelFields {
  // A Bidirectional's wrapped layer carries the recurrent hyperparameters (units, cell, dropouts).
  const recurrent = spec.layers.flatMap((l) => (l.kind === 'bidirectional' ? [l.layer] : isRecurrent(l) ? [l] : []));
  const embedding = spec.layers.find((l) => l.kind === 'embedding');
  const dropoutLayer = spec.layers.find((l) => l.kind === 'dropout');
  const fields: ModelFields = { seqLength: spec.inputShape[0] };
  if (recurrent.length > 0) {
    const [first] = recurrent;
    // The kind counts only where a card offers it (`cell` among its fields): a tutorial's is its LSTM.
    Object.assign(fields, { units: first.units, layers: recurrent.length, dropout: first.dropout, recurrentDropout: first.recurrentDropout, cell: first.kind });
    if (recurrent.some((l) => l.kind === 'lstm' && l.stateful) && batchSize) fields.batchSize = batchSize;
  }
  if (embedding) Object.assign(fields, { vocabSize: embedding.inputDim, embeddingDim: embedding.outputDim });
  if (dropoutLayer) fields.dropoutLayerRate = dropoutLayer.rate;
  return fields;
}

/** A tutorial whose model is the given one, with the hyperparameters that build it. */
export interface ScenarioMatch {
  config: RunConfig;
  /** The hyperparameters read off the model (the rest are the tutorial's defaults). */
  fields: ModelFields;
}

/** JSON with every object's keys sorted, so that two specs compare by content, not key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const sameSpec = (a: ModelSpec, b: ModelSpec): boolean => canonical(a) === canonical(b);

/**
 * The tutorial whose model is `spec`, or null. Several can build the same layers (the IMDB
 * tutorials differ in defaults, not structure): the one whose defaults the model departs from
 * least is chosen. The configuration must be one the app accepts.
 */
export function matchScenario(spec: ModelSpec, batchSize?: number): ScenarioMatch | null {
  const fields = fieldsOf(spec, batchSize);
  let best: { match: ScenarioMatch; departures: number } | null = null;
  for (const scenario of SCENARIO_LIST) {
    // Only the tutorial's own fields: the trend's timesteps, say, are not a hyperparameter.
    const own = Object.fromEntries(Object.entries(fields).filter(([k]) => (scenario.fields as readonly string[]).includes(k))) as ModelFields;
    const hp: HyperParams = { ...scenario.defaults, ...own };
    const config: RunConfig = { scenario: scenario.id, hp };
    if (!sameSpec(scenario.model(hp), spec) || validateConfig(config).length > 0) continue;
    const departures = (Object.keys(own) as (keyof ModelFields)[]).filter((k) => scenario.defaults[k] !== own[k]).length;
    if (!best || departures < best.departures) best = { match: { config, fields: own }, departures };
  }
  return best?.match ?? null;
}
