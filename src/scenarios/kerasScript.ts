/**
 * The whole run as a Keras script someone can take to their own machine: the data with the same
 * preprocessing (Keras' `imdb.load_data` and `pad_sequences`, or the tutorial's generator), the
 * model (`engine/spec/describe.ts`), compile, `fit` with the run's hyperparameters and seed,
 * `evaluate`, and how to start from the weights trained in the tab (the exported `.h5`). The
 * generated series differ from the tab's numbers (another random generator), not in kind.
 * Pure: text only.
 */
import type { RunConfig } from '../config/runConfig';
import { kerasModelLines, kerasSeedLines } from '../engine/spec/describe';
import { isStateful } from '../engine/spec/model';
import { SCENARIOS } from './index';
import { MEMORY_KEYS, MEMORY_SYMBOLS } from './memory';
import { CROP_MAX_WORDS, CROP_MIN_WORDS, SHORT_CHECK } from '../engine/data/imdb/shortReviews';
import type { DataSpec, Scenario } from './types';

type Hp = RunConfig['hp'];

/** The data part of the script, by kind of data: it defines x_train, y_train and, where there is one, the held-out set. */
const DATA: { readonly [K in DataSpec['kind']]: (hp: Hp, data: Extract<DataSpec, { kind: K }>) => string[] } = {
  imdb: (hp) => [
    'from tensorflow.keras.datasets import imdb',
    'from tensorflow.keras.preprocessing.sequence import pad_sequences',
    '',
    `# Words ranked by frequency, ids from 3 (0 pad, 1 start, 2 out of vocabulary); the ${hp.vocabSize} most frequent kept.`,
    `(x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=${hp.vocabSize})`,
    ...(hp.trainSubset > 0
      ? [`# The run trained on a subset, and scored on a test set of the same size.`, `x_train, y_train = x_train[:${hp.trainSubset}], y_train[:${hp.trainSubset}]`, `x_test, y_test = x_test[:${hp.trainSubset}], y_test[:${hp.trainSubset}]`]
      : []),
    `# Pre-padding and pre-truncation to ${hp.seqLength} words, as pad_sequences does by default.`,
    `x_train = pad_sequences(x_train, maxlen=${hp.seqLength})`,
    `x_test = pad_sequences(x_test, maxlen=${hp.seqLength})`,
  ],
  'imdb-short-reviews': (hp) => [
    'from tensorflow.keras.datasets import imdb',
    'from tensorflow.keras.preprocessing.sequence import pad_sequences',
    '',
    `# Words ranked by frequency, ids from 3 (0 pad, 1 start, 2 out of vocabulary); the ${hp.vocabSize} most frequent kept.`,
    `(reviews, labels), (test_reviews, y_test) = imdb.load_data(num_words=${hp.vocabSize})`,
    'rng = np.random.default_rng(SEED)',
    'order = rng.permutation(len(reviews))',
    ...(hp.trainSubset > 0 ? [`order = order[:${hp.trainSubset}]  # the run trained on a subset`] : []),
    `held = int(len(order) * ${hp.validationSplit})`,
    'fit_idx, val_idx = order[:len(order) - held], order[len(order) - held:]',
    `# Each training review whole and as its last ${CROP_MIN_WORDS}–${CROP_MAX_WORDS} words, the start marker first.`,
    'rows, y_rows = [], []',
    'for i in fit_idx:',
    '    words = reviews[i][1:]',
    '    rows.append(reviews[i]); y_rows.append(labels[i])',
    `    k = min(len(words), rng.integers(${CROP_MIN_WORDS}, ${CROP_MAX_WORDS + 1}))`,
    '    rows.append([1] + list(words[len(words) - k:])); y_rows.append(labels[i])',
    '# Batches of similar length, in a random order (fit with shuffle=False keeps it).',
    `by_length = np.argsort([min(len(r), ${hp.seqLength}) for r in rows], kind="stable")`,
    `batches = [by_length[b:b + ${hp.batchSize}] for b in range(0, len(rows), ${hp.batchSize})]`,
    'rows_order = np.concatenate([batches[b] for b in rng.permutation(len(batches))])',
    `x_train = pad_sequences([rows[i] for i in rows_order], maxlen=${hp.seqLength})`,
    'y_train = np.array([y_rows[i] for i in rows_order], dtype="float32")',
    `x_val, y_val = pad_sequences([reviews[i] for i in val_idx], maxlen=${hp.seqLength}), labels[val_idx]`,
    `# Read once, after training: the test set whole, and cut to its last ${SHORT_CHECK.minWords}–${SHORT_CHECK.maxWords} words (the short-review check).`,
    `x_test = pad_sequences(test_reviews, maxlen=${hp.seqLength})`,
    `cut = np.random.default_rng(${SHORT_CHECK.seed}).integers(${SHORT_CHECK.minWords}, ${SHORT_CHECK.maxWords + 1}, len(test_reviews))`,
    `x_short = pad_sequences([[1] + list(r[1:][-k:]) for r, k in zip(test_reviews, cut)], maxlen=${hp.seqLength})`,
  ],
  'alphabet-variable': (hp) => [
    'from tensorflow.keras.preprocessing.sequence import pad_sequences',
    'from tensorflow.keras.utils import to_categorical',
    '',
    `# ${hp.samples} random runs of 1 to ${hp.seqLength} consecutive letters; the label is the letter after each run.`,
    'alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"',
    'rng = np.random.default_rng(SEED)',
    'runs, labels = [], []',
    `for _ in range(${hp.samples}):`,
    '    start = rng.integers(0, len(alphabet) - 2)',
    `    end = rng.integers(start, min(start + ${hp.seqLength}, len(alphabet) - 1))`,
    '    runs.append(list(range(start, end + 1)))',
    '    labels.append(end + 1)',
    `x_train = pad_sequences(runs, maxlen=${hp.seqLength}, dtype="float32")`,
    `x_train = np.reshape(x_train, (len(runs), ${hp.seqLength}, 1)) / float(len(alphabet))`,
    'y_train = to_categorical(labels, num_classes=len(alphabet))',
  ],
  'alphabet-stateful': () => [
    'from tensorflow.keras.utils import to_categorical',
    '',
    '# The 25 pairs A→B … Y→Z, in order, one letter per sample.',
    'alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"',
    'x_train = np.reshape(np.arange(25, dtype="float32"), (25, 1, 1)) / float(len(alphabet))',
    'y_train = to_categorical(np.arange(1, 26), num_classes=len(alphabet))',
  ],
  trend: (hp, data) => [
    `# A series of independent uniform values; each sample is [x_t, x_t-1${data.features === 3 ? ', previous direction' : ''}] as`,
    '# timesteps of one feature, labelled 1 when the move into x_t goes the way the move before it went.',
    'rng = np.random.default_rng(SEED)',
    `x = rng.random(${hp.samples} + 2)`,
    'move, prev_move = x[2:] - x[1:-1], x[1:-1] - x[:-2]',
    'y_train = (np.sign(move) == np.sign(prev_move)).astype("float32")',
    `x_train = np.stack([x[2:], x[1:-1]${data.features === 3 ? ', (prev_move > 0).astype("float64")' : ''}], axis=1)`,
    `x_train = np.reshape(x_train, (${hp.samples}, ${data.features}, 1))`,
  ],
  memory: (hp) => [
    'from tensorflow.keras.utils import to_categorical',
    '',
    `# ${hp.samples} sequences of ${hp.seqLength} random digits with one letter A–D at a random place, one-hot.`,
    '# The label is the letter: the model must carry it through every digit after it.',
    `symbols = "${MEMORY_SYMBOLS}"`,
    'rng = np.random.default_rng(SEED)',
    `seqs = rng.integers(${MEMORY_KEYS.length}, len(symbols), (${hp.samples}, ${hp.seqLength}))`,
    `letters = rng.integers(0, ${MEMORY_KEYS.length}, ${hp.samples})`,
    `seqs[np.arange(${hp.samples}), rng.integers(0, ${hp.seqLength}, ${hp.samples})] = letters`,
    'x_train = to_categorical(seqs, num_classes=len(symbols))',
    `y_train = to_categorical(letters, num_classes=${MEMORY_KEYS.length})`,
  ],
};

/** fit's keyword arguments: the held-out data as the run had it. */
function fitArgs(scenario: Scenario, hp: Hp): string[] {
  const args = [`epochs=${hp.epochs}`, `batch_size=${hp.batchSize}`, `shuffle=${hp.shuffle ? 'True' : 'False'}`];
  if (scenario.validation === 'test-set') args.push('validation_data=(x_test, y_test)');
  if (scenario.data.kind === 'imdb-short-reviews') args.push('validation_data=(x_val, y_val)');
  else if (scenario.validation === 'split') args.push(`validation_split=${hp.validationSplit}`);
  if (hp.restoreBest) {
    // The lab keeps the best epoch's weights at the end, judged as its curves are: validation where there is some.
    const monitor = args.some((a) => a.startsWith('validation_')) ? 'val_accuracy' : 'accuracy';
    args.push(`callbacks=[keras.callbacks.EarlyStopping(monitor='${monitor}', mode='max', patience=${hp.epochs}, restore_best_weights=True)]`);
  }
  return args;
}

/** The complete script for a run's configuration. `weightsFile` names the `.h5` the tab exports. */
export function kerasScript(config: RunConfig, weightsFile = `lstm-lab-${config.scenario}.h5`): string {
  const scenario = SCENARIOS[config.scenario];
  const hp = config.hp;
  const spec = scenario.model(hp);
  const data = (DATA[scenario.data.kind] as (hp: Hp, d: DataSpec) => string[])(hp, scenario.data);
  const finalChecks = scenario.data.kind === 'imdb-short-reviews';
  const evaluateOn = scenario.validation === 'test-set' || finalChecks ? '(x_test, y_test)' : '(x_train, y_train)';
  const training = isStateful(spec)
    ? [
        '# Stateful: the state runs through each epoch in order and is reset between epochs, as in the tutorial.',
        `for epoch in range(${hp.epochs}):`,
        `    model.fit(x_train, y_train, epochs=1, batch_size=${hp.batchSize}, shuffle=False, verbose=2)`,
        '    model.reset_states()',
      ]
    : [`history = model.fit(x_train, y_train, ${fitArgs(scenario, hp).join(', ')}, verbose=2)`];
  return [
    `# ${scenario.title}: the run from LSTM Lab, as a Keras script (TensorFlow 2.x).`,
    `# Source: ${scenario.source.title}${scenario.source.url ? ` (${scenario.source.url})` : ''}.`,
    'import numpy as np',
    'from tensorflow import keras',
    '',
    ...kerasSeedLines(hp.seed),
    '',
    ...data,
    '',
    ...kerasModelLines(spec, hp, weightsFile),
    '',
    ...training,
    '',
    `loss, accuracy = model.evaluate(*${evaluateOn}, batch_size=${isStateful(spec) ? hp.batchSize : 256}, verbose=0)`,
    'print(f"accuracy: {accuracy:.4f}")',
    ...(finalChecks
      ? ['loss, accuracy = model.evaluate(x_short, y_test, batch_size=256, verbose=0)', 'print(f"short-review check: {accuracy:.4f}")']
      : []),
    '',
  ].join('\n');
}
