/**
 * `npm run train -- --help`: every flag with its range, default and meaning, generated from the
 * hyperparameter table (src/config/hyperparams.ts) so the help cannot drift from what the app and
 * the command line accept.
 */
import { HP_KEYS, HYPERPARAMS, type HpKey } from '../src/config/hyperparams';
import { SCENARIOS, SCENARIO_LIST, type ScenarioId } from '../src/scenarios';

/** A flag of the tool itself (not a hyperparameter). Tools that add flags add a row here. */
export interface ToolFlag {
  flag: string;
  /** What follows the flag, e.g. "<id>"; absent for a switch. */
  value?: string;
  meaning: string;
}

export const TRAIN_TOOL_FLAGS: readonly ToolFlag[] = [
  { flag: 'scenario', value: '<id>', meaning: 'Which tutorial to train (default alphabet); the ids are listed below.' },
  { flag: 'json', meaning: 'Print JSON lines only: one object per line (backend, summary, epoch, result).' },
  { flag: 'save-keras', value: '<file.h5>', meaning: 'After training, write the model as a Keras HDF5 file (keras.models.load_model reads it).' },
  { flag: 'save-tfjs', value: '<dir>', meaning: 'After training, write the model as TensorFlow.js files (dir/model.json and its weights).' },
  { flag: 'load', value: '<file>', meaning: 'Start from a saved model (a .h5 file, a model.json or its folder); without --scenario, its tutorial and sizes come from the file. At least one epoch trains.' },
  { flag: 'inspect', value: '<input>', meaning: 'After training, print what the LSTMs do with this input (letters, a review, or comma-separated numbers; with --data, a text for --task text, or a series’ values for --task series, a line per step for several columns): gates, cell and hidden states per timestep, the output, and word attributions for reviews.' },
  { flag: 'data', value: '<file|folder>', meaning: 'Train on your own data instead of a tutorial. With --task text, a text file: a character model, from the text defaults (LSTM units 128, sequence length 40, batch size 128, learning rate 0.01, 60 epochs, validation split 0.1, embedding size 32), with generated text at temperatures 0.2, 0.5 and 1.0 after each epoch. A bad file is refused with the app’s sentence and exit code 2.' },
  { flag: 'task', value: 'text|classify|series', meaning: 'What to make of --data: text → next character (the default), classify: labelled texts (a CSV/TSV with a text and a label column, or a folder with one folder of .txt files per label) → a classifier, from an IMDB tutorial’s model, with the confusion matrix of the held-out texts after training, or series: a CSV/TSV of numbers → the trend tutorial’s model (2 × LSTM(50, relu) with Dropout 0.2, batch 64, no shuffling, the last 20% held out) over windows of --lookBack rows.' },
  { flag: 'model', value: 'small|seq', meaning: 'With --task classify: start from “IMDB sentiment, small vocabulary” (small, the default) or “IMDB sequence classification” (seq), with its hyperparameters.' },
  { flag: 'textColumn', value: '<name>', meaning: 'With --task classify: the column holding the texts (default: the lab’s guess).' },
  { flag: 'labelColumn', value: '<name>', meaning: 'With --task classify: the column holding the labels (default: the lab’s guess).' },
  { flag: 'seriesTask', value: 'next|up', meaning: 'With --task series: predict the next value (mean squared error of the scaled values, MAE reported; the default) or whether the next step goes up (binary cross-entropy, accuracy).' },
  { flag: 'lookBack', value: '<n>', meaning: 'With --task series: rows per window (default 10; the same as --seqLength).' },
  { flag: 'columns', value: '<a,b,…>', meaning: 'With --task series: the columns the model reads, comma separated (default: every column of numbers).' },
  { flag: 'target', value: '<name>', meaning: 'With --task series: the column predicted, one of --columns (default: the first).' },
  { flag: 'date', value: '<name>|none', meaning: 'With --task series: the date column (default: the lab’s guess), or none.' },
  { flag: 'scaler', value: 'minmax|standard|none', meaning: 'With --task series: scaling fitted on the training rows (MinMaxScaler, the default; StandardScaler; or none).' },
  { flag: 'activation', value: 'relu|tanh', meaning: 'With --task series: the LSTMs’ activation (relu, the trend tutorial’s, by default).' },
  { flag: 'maxlen', value: '<n>', meaning: 'With --task classify: words per text after padding or cutting (Keras’ maxlen; the same as --seqLength).' },
  { flag: 'numWords', value: '<n>', meaning: 'With --task classify: the tokenizer keeps the n − 1 most common words (Keras’ num_words; the same as --vocabSize).' },
  { flag: 'step', value: '<n>', meaning: 'With --data: a window starts every n characters (default 3).' },
  { flag: 'minCount', value: '<n>', meaning: 'With --data: characters seen fewer than n times share one “other” symbol (default 1: keep all).' },
  { flag: 'sampleLength', value: '<n>', meaning: 'With --data: characters generated per temperature after each epoch (default 400).' },
  { flag: 'help', meaning: 'Print this text and exit.' },
];

/** The values a hyperparameter accepts, as a user types them. */
export function flagRange(key: HpKey): string {
  const def = HYPERPARAMS[key];
  switch (def.kind) {
    case 'int':
    case 'float':
      return `${def.min}–${def.max}${def.kind === 'int' ? ' (whole)' : ''}`;
    case 'bool':
      return 'true|false';
    case 'enum':
      return def.options.join('|');
  }
}

const pad = (text: string, width: number): string => text + ' '.repeat(Math.max(1, width - text.length));

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)) + 2);
  return rows.map((r) => '  ' + r.map((cell, c) => (c === r.length - 1 ? cell : pad(cell, widths[c]))).join('').trimEnd());
}

/** The whole help text; defaults are those of `scenario`, since each tutorial has its own. */
export function trainHelp(scenario: ScenarioId, toolFlags: readonly ToolFlag[] = TRAIN_TOOL_FLAGS): string {
  const s = SCENARIOS[scenario];
  const used = new Set<HpKey>(s.fields);
  const hpRows = HP_KEYS.map((key) => {
    const def = HYPERPARAMS[key];
    const unit = def.unit ? ` (${def.unit})` : '';
    const note = used.has(key) ? '' : ' [not in this tutorial’s form]';
    return [`--${key}`, flagRange(key), String(s.defaults[key]), `${def.label}${unit}: ${def.help}${note}`];
  });
  return [
    'Usage: npm run -s train -- [--scenario <id>] [--<hyperparameter> <value> …] [--json]',
    '       npm run -s train -- --data <file.txt> --task text [--step <n>] [--<hyperparameter> <value> …] [--json]',
    '       npm run -s train -- --data <file.csv|folder> --task classify [--model small|seq] [--textColumn <name>] [--labelColumn <name>] [--<hyperparameter> <value> …] [--json]',
    '       npm run -s train -- --data <file.csv> --task series [--seriesTask next|up] [--lookBack <n>] [--columns <a,b>] [--target <name>] [--scaler minmax|standard|none] [--<hyperparameter> <value> …] [--json]',
    '',
    'Trains one tutorial with the app’s own engine and prints a line per epoch. Use `npm run -s`',
    '(silent): without it npm prints its own header on stdout, before the first JSON line.',
    'A bad flag or value stops the tool before training, with exit code 2.',
    '',
    'Flags:',
    ...table(toolFlags.map((f) => [`--${f.flag}${f.value ? ' ' + f.value : ''}`, f.meaning])),
    '',
    `Hyperparameters, with the defaults of “${s.id}” (\`--scenario <id> --help\` shows another tutorial’s):`,
    ...table([['flag', 'range', 'default', 'meaning'], ...hpRows]),
    '',
    'Tutorials (--scenario):',
    ...table(SCENARIO_LIST.map((t) => [t.id, t.title])),
    '',
  ].join('\n');
}
