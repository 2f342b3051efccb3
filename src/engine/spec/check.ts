/**
 * Whether a tutorial's model can be trained with given hyperparameters, checked on the spec before
 * anything is built or allocated: every layer must take its input's shape, and the run must fit in
 * memory. Each problem names the hyperparameter to change. `validateConfig` runs this after the
 * per-field checks, so the form, the URL codec and the command line all refuse such configs.
 */
import { HYPERPARAMS, type HpKey, type HyperParams, type Problem } from '../../config/hyperparams';
import { MEMORY_LIMIT_BYTES, modelShapes, trainingMemoryBytes } from './model';
import type { ModelSpec } from './types';

/** What the check needs from a tutorial (`Scenario` has it all). */
export interface ModelSource {
  model(hp: HyperParams): ModelSpec;
  /** The hyperparameters a user can change (the form's fields): the only ones a message suggests. */
  fields: readonly HpKey[];
  /** The hyperparameter the model's input timesteps come from, or null where the tutorial fixes them. */
  stepsField: HpKey | null;
}

/** The field of a problem no hyperparameter can fix: the tutorial's layers themselves. */
export const MODEL_FIELD = 'model';

/** Suggestions a too-large model's message names, largest saving first. */
const MAX_SUGGESTIONS = 3;

/**
 * Shape problems first (a model that does not fit together has no size), then memory. The losses
 * compare one vector per sample with the targets, so the model must end in one.
 */
export function checkModel(source: ModelSource, hp: HyperParams): Problem[] {
  const spec = source.model(hp);
  const shapes = modelShapes(spec);
  if (shapes.ok && shapes.output.length !== 1) {
    const message = `The model must end in one vector per sample, but its last layer gives [${shapes.output.join(', ')}]: the last recurrent layer should not return sequences.`;
    return [{ field: MODEL_FIELD, message }];
  }
  if (!shapes.ok) {
    const { cause, message } = shapes.problem;
    const field = cause === 'steps' ? source.stepsField : null;
    if (!field) return [{ field: MODEL_FIELD, message }];
    const least = leastSteps(source, hp, field);
    const fix = least === null ? `No ${label(field)} the form allows fits it.` : `Set the ${label(field)} to at least ${least}.`;
    return [{ field, message: `${message} ${fix}` }];
  }
  const bytes = trainingMemoryBytes(spec, hp);
  if (bytes <= MEMORY_LIMIT_BYTES) return [];
  const reduce = largestSavings(source, hp, bytes);
  const head = `This model needs about ${formatBytes(bytes)} to train (the limit is ${formatBytes(MEMORY_LIMIT_BYTES)})`;
  if (reduce.length === 0) return [{ field: MODEL_FIELD, message: `${head}.` }];
  return [{ field: reduce[0], message: `${head}: reduce ${orList(reduce.map(label))}.` }];
}

/** The smallest value of the steps field, above the current one, at which every layer takes its input. */
function leastSteps(source: ModelSource, hp: HyperParams, field: HpKey): number | null {
  const def = HYPERPARAMS[field];
  if (def.kind !== 'int') return null;
  for (let v = (hp[field] as number) + 1; v <= def.max; v++) {
    if (modelShapes(source.model({ ...hp, [field]: v })).ok) return v;
  }
  return null;
}

/**
 * The form's numeric fields that shrink the run's memory, largest saving first: each one halved
 * (down to its minimum), the rest kept. Measured on the spec rather than listed per tutorial, so a
 * new tutorial or hyperparameter is covered as it is.
 */
function largestSavings(source: ModelSource, hp: HyperParams, bytes: number): HpKey[] {
  const savings: [HpKey, number][] = [];
  for (const field of source.fields) {
    const def = HYPERPARAMS[field];
    if (def.kind !== 'int' && def.kind !== 'float') continue;
    const value = hp[field] as number;
    const half = Math.max(def.min, def.kind === 'int' ? Math.floor(value / 2) : value / 2);
    if (half === value) continue;
    const smaller = source.model({ ...hp, [field]: half });
    if (!modelShapes(smaller).ok) continue;
    const saved = bytes - trainingMemoryBytes(smaller, { ...hp, [field]: half });
    // Under 1% (a dropout mask, say) is no advice.
    if (saved > bytes / 100) savings.push([field, saved]);
  }
  return savings.sort((a, b) => b[1] - a[1]).slice(0, MAX_SUGGESTIONS).map(([field]) => field);
}

/** A field's label inside a sentence: "Batch size" → "batch size", "LSTM units" stays. */
function label(field: HpKey): string {
  const text = HYPERPARAMS[field].label;
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

function orList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** "17 GB", "2.6 GB", "480 MB": two significant figures are all an estimate has. */
export function formatBytes(bytes: number): string {
  const [unit, scale] = bytes >= 1e9 ? ['GB', 1e9] : ['MB', 1e6];
  const v = bytes / scale;
  return `${v >= 10 ? Math.round(v) : Number(v.toFixed(1))} ${unit}`;
}
