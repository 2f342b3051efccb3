/**
 * Layer specs as Keras code: one-line layer calls for the picker cards (`LSTM(50, stateful=True)`)
 * and a short Sequential listing for the Keras-code view. Keyword arguments equal to Keras'
 * defaults are left out, as a person writing the tutorial would. Pure: no tfjs.
 */
import type { HyperParams } from '../../config/hyperparams';
import { LAYER_KINDS } from './layers';
import { isStateful } from './model';
import { LOSSES, metricOf } from './losses';
import type { RecurrentArgs } from './recurrentLayer';
import type { LayerKind, LayerSpec, ModelSpec } from './types';

/** A Python literal (numbers, booleans, strings, tuples), or code as it stands (a wrapped layer's call). */
type Py = number | boolean | string | readonly number[] | { code: string };

function py(value: Py): string {
  if (typeof value === 'object' && 'code' in value) return value.code;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return String(value);
  return value.length === 1 ? `(${value[0]},)` : `(${value.join(', ')})`;
}

/** A keyword argument and the Keras default it is omitted at. */
type Keyword = [name: string, value: Py, kerasDefault?: Py];

interface Call {
  positional: Py[];
  keywords: Keyword[];
}

/** The keywords every recurrent kind shares, as the LSTM's. */
function recurrentKeywords(s: RecurrentArgs): Keyword[] {
  return [
    ['activation', s.activation, 'tanh'],
    ['return_sequences', s.returnSequences, false],
    ['dropout', s.dropout, 0],
    ['recurrent_dropout', s.recurrentDropout, 0],
  ];
}

/** One entry per layer kind: the arguments of its Keras constructor call. */
const CALLS: { readonly [K in LayerKind]: (spec: Extract<LayerSpec, { kind: K }>) => Call } = {
  embedding: (s) => ({ positional: [s.inputDim, s.outputDim], keywords: [['mask_zero', s.maskZero ?? false, false]] }),
  lstm: (s) => ({ positional: [s.units], keywords: [...recurrentKeywords(s), ['stateful', s.stateful, false]] }),
  gru: (s) => ({ positional: [s.units], keywords: recurrentKeywords(s) }),
  simpleRnn: (s) => ({ positional: [s.units], keywords: recurrentKeywords(s) }),
  // merge_mode='concat' is Keras' default, so it is never written.
  bidirectional: (s) => ({ positional: [{ code: render(s.layer) }], keywords: [] }),
  dropout: (s) => ({ positional: [s.rate], keywords: [] }),
  conv1d: (s) => ({
    positional: [s.filters, s.kernelSize],
    keywords: [
      ['padding', s.padding, 'valid'],
      ['activation', s.activation, 'linear'],
    ],
  }),
  maxPooling1d: (s) => ({ positional: [s.poolSize], keywords: [] }),
  globalAveragePooling1d: () => ({ positional: [], keywords: [] }),
  dense: (s) => ({ positional: [s.units], keywords: [['activation', s.activation, 'linear']] }),
};

function callOf(spec: LayerSpec): Call {
  return (CALLS[spec.kind] as (s: LayerSpec) => Call)(spec);
}

function render(spec: LayerSpec, extra: Keyword[] = []): string {
  const { positional, keywords } = callOf(spec);
  const args = [
    ...positional.map(py),
    ...[...extra, ...keywords].filter(([, v, d]) => v !== d).map(([k, v]) => `${k}=${py(v)}`),
  ];
  return `${LAYER_KINDS[spec.kind].className}(${args.join(', ')})`;
}

/** One layer as a Keras constructor call, e.g. `LSTM(50, activation='relu', return_sequences=True)`. */
export function describeLayer(spec: LayerSpec): string {
  return render(spec);
}

/** Every layer of a model, in order, as Keras constructor calls. */
export function describeModel(spec: ModelSpec): string[] {
  return spec.layers.map(describeLayer);
}

/**
 * How the first layer learns its input shape, Keras-2 style as in the tutorials: a fixed batch
 * for stateful models, `input_length` for an Embedding, `input_shape` otherwise.
 */
function inputKeyword(spec: ModelSpec, batchSize: number): Keyword {
  if (isStateful(spec)) return ['batch_input_shape', [batchSize, ...spec.inputShape]];
  if (spec.layers[0]?.kind === 'embedding') return ['input_length', spec.inputShape[0]];
  return ['input_shape', spec.inputShape];
}

/** A runnable Keras listing of the model: imports, `model.add` per layer, and `compile` with Adam. */
export function kerasCode(spec: ModelSpec, hp: Pick<HyperParams, 'learningRate' | 'batchSize'>): string {
  const classes = [...new Set(spec.layers.flatMap((l): LayerSpec[] => (l.kind === 'bidirectional' ? [l, l.layer] : [l])).map((l) => LAYER_KINDS[l.kind].className))];
  const input = inputKeyword(spec, hp.batchSize);
  return [
    'from tensorflow.keras.models import Sequential',
    `from tensorflow.keras.layers import ${classes.join(', ')}`,
    'from tensorflow.keras.optimizers import Adam',
    '',
    'model = Sequential()',
    ...spec.layers.map((layer, i) => `model.add(${render(layer, i === 0 ? [input] : [])})`),
    `model.compile(loss='${LOSSES[spec.loss].keras}', optimizer=Adam(learning_rate=${py(hp.learningRate)}), metrics=['${metricOf(spec.loss).keras}'])`,
  ].join('\n');
}

/** A Keras script's seed: the same seed fixes Keras' initial weights, dropout masks and shuffling. */
export function kerasSeedLines(seed: number): string[] {
  return [
    `SEED = ${seed}`,
    '# The same seed fixes Keras\' initial weights, dropout masks and shuffling here (not the tab\'s exact numbers).',
    'keras.utils.set_random_seed(SEED)',
  ];
}

/** A Keras script's model (`kerasCode`), its summary, and how to start from the tab's weights instead (`weightsFile`, the exported `.h5`). */
export function kerasModelLines(spec: ModelSpec, hp: Pick<HyperParams, 'learningRate' | 'batchSize'>, weightsFile: string): string[] {
  return [
    kerasCode(spec, hp),
    'model.summary()',
    '',
    '# To continue from the weights trained in the tab instead, export them as Keras .h5 and load them:',
    `# model.load_weights(${JSON.stringify(weightsFile)})`,
  ];
}
