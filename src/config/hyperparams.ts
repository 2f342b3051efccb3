/**
 * The hyperparameter table: the one place that says which knobs exist, their types, bounds and
 * help text. The form, the URL codec, validation messages and the tests are all generated from
 * `HYPERPARAMS`, so adding a hyperparameter means adding one row here and one field to
 * `HyperParams`. Pure data: no DOM, no tfjs.
 */

/** Which TensorFlow.js backend to run on; `auto` lets the app pick the fastest correct one. */
export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
export type BackendName = Exclude<BackendChoice, 'auto'>;

/**
 * Who trains the model. `auto` lets the plan (`engine/plan/`) time the ways this device can and
 * keep the fastest; `typed` is our CPU trainer (WebAssembly SIMD); `fused` is tfjs on a backend
 * with our fused LSTM; `layers` is tfjs with tfjs-layers' own LSTM, the reference.
 */
export const TRAINER_CHOICES = ['auto', 'typed', 'fused', 'layers'] as const;
export type TrainerChoice = (typeof TRAINER_CHOICES)[number];
export type TrainerKind = Exclude<TrainerChoice, 'auto'>;
/** The trainers that run on a tfjs backend. */
export type TfjsTrainerKind = Exclude<TrainerKind, 'typed'>;

/**
 * The recurrent layer a user's-data model is built with: the tutorials' LSTM, Keras 2's GRU or a
 * SimpleRNN. The tutorials are LSTMs as published and do not offer it.
 */
export const CELL_CHOICES = ['lstm', 'gru', 'simpleRnn'] as const;
export type CellChoice = (typeof CELL_CHOICES)[number];

export interface HyperParams {
  /** LSTM units per layer. */
  units: number;
  /** Number of stacked LSTM layers. */
  layers: number;
  /** Input dropout inside the LSTM (Keras `dropout`), fraction of units. */
  dropout: number;
  /** Recurrent-state dropout inside the LSTM (Keras `recurrent_dropout`), fraction of units. */
  recurrentDropout: number;
  /** Rate of standalone Dropout layers, where the tutorial has them. */
  dropoutLayerRate: number;
  /** Passes over the training set. */
  epochs: number;
  /** Samples per optimizer step. */
  batchSize: number;
  /** Adam learning rate. */
  learningRate: number;
  /** Timesteps per sample: `max_len` for alphabet, `maxlen` for IMDB. */
  seqLength: number;
  /** Generated samples (alphabet, trend). */
  samples: number;
  /** Last fraction of the training data held out for validation (Keras `validation_split`). */
  validationSplit: number;
  /** IMDB: keep only the most frequent words (Keras `num_words`); others become out-of-vocabulary. */
  vocabSize: number;
  /** IMDB: embedding vector length. */
  embeddingDim: number;
  /** IMDB: train on only the first N reviews (after a seeded shuffle); 0 means all 25,000. */
  trainSubset: number;
  /** Shuffle the training samples each epoch (Keras `shuffle`). */
  shuffle: boolean;
  /** At the end, restore the weights of the epoch with the best validation accuracy (Keras EarlyStopping's restore_best_weights). */
  restoreBest: boolean;
  /** Seed for data generation, weight initialisation, shuffling and dropout. */
  seed: number;
  /** The recurrent layer kind (user-data models only). */
  cell: CellChoice;
  /** Backend to train on. */
  backend: BackendChoice;
  /** Who trains: measured by the plan, or asked for. */
  trainer: TrainerChoice;
}

export type HpKey = keyof HyperParams;

interface Common {
  label: string;
  /** One sentence a user sees next to the field. */
  help: string;
  /** Unit shown after the value, if any. */
  unit?: string;
}
export interface IntDef extends Common {
  kind: 'int';
  min: number;
  max: number;
}
export interface FloatDef extends Common {
  kind: 'float';
  min: number;
  max: number;
  step: number;
}
export interface BoolDef extends Common {
  kind: 'bool';
}
export interface EnumDef<T extends string> extends Common {
  kind: 'enum';
  options: readonly T[];
  /** What the form shows for each option, where not the value itself. */
  labels?: { readonly [O in T]: string };
}

/** The definition type that matches a value type: numbers get bounds, strings get options. */
export type DefFor<V> = [V] extends [boolean]
  ? BoolDef
  : [V] extends [number]
    ? IntDef | FloatDef
    : [V] extends [string]
      ? EnumDef<V>
      : never;

export type HyperParamTable = { readonly [K in HpKey]: DefFor<HyperParams[K]> };

export const HYPERPARAMS: HyperParamTable = {
  units: { kind: 'int', min: 1, max: 1024, label: 'LSTM units', help: 'Size of each LSTM layer’s hidden state.' },
  layers: { kind: 'int', min: 1, max: 4, label: 'LSTM layers', help: 'How many LSTM layers are stacked.' },
  dropout: {
    kind: 'float', min: 0, max: 0.9, step: 0.05, label: 'LSTM dropout',
    help: 'Fraction of LSTM inputs dropped while training (one mask per sequence).',
  },
  recurrentDropout: {
    kind: 'float', min: 0, max: 0.9, step: 0.05, label: 'Recurrent dropout',
    help: 'Fraction of the recurrent state dropped while training (one mask per sequence).',
  },
  dropoutLayerRate: {
    kind: 'float', min: 0, max: 0.9, step: 0.05, label: 'Dropout layer rate',
    help: 'Rate of the standalone Dropout layers in this model.',
  },
  epochs: { kind: 'int', min: 1, max: 2000, label: 'Epochs', help: 'Passes over the training data.' },
  batchSize: { kind: 'int', min: 1, max: 1024, label: 'Batch size', help: 'Samples per optimizer step.', unit: 'samples' },
  learningRate: {
    kind: 'float', min: 1e-5, max: 1, step: 0.0001, label: 'Learning rate',
    help: 'Adam step size (Keras default 0.001).',
  },
  seqLength: {
    kind: 'int', min: 1, max: 1000, label: 'Sequence length',
    help: 'Timesteps per sample; longer inputs are cut from the front, shorter ones padded at the front.',
    unit: 'steps',
  },
  samples: { kind: 'int', min: 10, max: 100_000, label: 'Samples', help: 'How many samples to generate.' },
  validationSplit: {
    kind: 'float', min: 0, max: 0.5, step: 0.05, label: 'Validation split',
    help: 'Last fraction of the data held out for validation, as Keras does.',
  },
  vocabSize: {
    kind: 'int', min: 10, max: 100_000, label: 'Vocabulary size',
    help: 'Keep the most frequent words; rarer ones become out-of-vocabulary (Keras num_words).', unit: 'words',
  },
  embeddingDim: { kind: 'int', min: 1, max: 1024, label: 'Embedding size', help: 'Length of each word vector.' },
  trainSubset: {
    kind: 'int', min: 0, max: 25_000, label: 'Training subset',
    help: 'Train on this many reviews for a quick run. The test set is cut to the same number, so test accuracy comes from fewer reviews; 0 uses all 25,000 of each.', unit: 'reviews',
  },
  shuffle: { kind: 'bool', label: 'Shuffle', help: 'Reshuffle the training samples every epoch.' },
  restoreBest: {
    kind: 'bool', label: 'Restore best epoch',
    help: 'When training ends, go back to the epoch with the best validation accuracy (training accuracy if there is no validation).',
  },
  seed: { kind: 'int', min: 0, max: 2_147_483_647, label: 'Seed', help: 'Same seed, same data, weights and dropout.' },
  cell: {
    // Keras' class names (checked against the layer table's in hyperparams.test.ts).
    kind: 'enum', options: CELL_CHOICES, labels: { lstm: 'LSTM', gru: 'GRU', simpleRnn: 'SimpleRNN' }, label: 'Recurrent layer',
    help: 'LSTM as in the tutorials, GRU (two gates, no cell state) or SimpleRNN (no gates: it forgets over long distances).',
  },
  backend: {
    kind: 'enum', options: BACKEND_CHOICES, label: 'Backend',
    help: 'Where TensorFlow.js runs when it trains. Auto leaves it to the trainer setting, among backends that compute correctly on this device; naming one trains with TensorFlow.js there.',
  },
  trainer: {
    kind: 'enum', options: TRAINER_CHOICES, label: 'Trainer',
    help: 'Auto times a few steps each way this device can train (CPU, GPU) and keeps the fastest. Typed: the lab’s CPU trainer. Fused: TensorFlow.js, faster LSTM. Layers: TensorFlow.js’ own LSTM.',
  },
};

export const HP_KEYS = Object.keys(HYPERPARAMS) as HpKey[];

/** A value as a person reads it: an option's label where the table gives one ("SimpleRNN", not "simpleRnn"). */
export function valueLabel<K extends HpKey>(key: K, value: HyperParams[K]): string {
  const def = HYPERPARAMS[key] as { kind: string; labels?: Record<string, string> };
  return def.kind === 'enum' && def.labels ? (def.labels[value as string] ?? String(value)) : String(value);
}

/** A problem with one value: which field, and a sentence a user can act on. */
export interface Problem {
  field: string;
  message: string;
}

/** Checks one value against its row of the table; `undefined` means it is fine. */
export function checkValue<K extends HpKey>(key: K, value: HyperParams[K]): string | undefined {
  const def = HYPERPARAMS[key] as IntDef | FloatDef | BoolDef | EnumDef<string>;
  switch (def.kind) {
    case 'int':
    case 'float': {
      const v = value as number;
      if (typeof v !== 'number' || !Number.isFinite(v)) return `${def.label} must be a number.`;
      if (def.kind === 'int' && !Number.isInteger(v)) return `${def.label} must be a whole number.`;
      if (v < def.min || v > def.max) return `${def.label} must be between ${def.min} and ${def.max} (got ${v}).`;
      return undefined;
    }
    case 'bool':
      return typeof value === 'boolean' ? undefined : `${def.label} must be true or false.`;
    case 'enum':
      return def.options.includes(value as string)
        ? undefined
        : `${def.label} must be one of ${def.options.join(', ')} (got “${String(value)}”).`;
  }
}
