/**
 * A run on a user's data as a complete Keras script (issue #20: "the Keras code view reads the
 * user's file the same way"): the file read as the tab reads it (UTF-8, line ends as Python reads
 * text), the same samples (the character table and its windows; the chosen CSV columns or the
 * folder walk, Keras' `Tokenizer` and `pad_sequences`; the chosen series columns, the scaler fitted
 * on the training rows, the `lookBack` windows), the same validation part, then the model
 * (`engine/spec/describe.ts`) and `fit` with the run's hyperparameters. Each kind's reading is one
 * row of `DATA`. The data section imports NumPy and the standard library only, except the
 * classifier's, which is Keras' own tokenizer. Pure: text only.
 */
import type { HyperParams } from '../../config/hyperparams';
import { MAX_CHAR_VOCABULARY, OTHER_CHAR } from '../data/user/charText';
import type { PreparedUserData, TableLayout, UserTask } from '../data/user/prepareUserData';
import type { ScalerKind } from '../data/user/scaler';
import type { SeriesTask } from '../data/user/series';
import type { ValidationOrder } from '../data/user/textClassification';
import type { TokenizerConfig } from '../data/user/tokenizer';
import { kerasModelLines, kerasSeedLines } from '../spec/describe';
import type { ModelSpec } from '../spec/types';

/** A column the user chose: its place in the table (from 0) and its name there. */
export interface ChosenColumn {
  index: number;
  name: string;
}

/** A CSV or TSV file as the tab read it. */
export interface TableFacts {
  delimiter: string;
  hasHeader: boolean;
}

/** What the script needs of the data, per kind: the file and every setting that shaped the samples. */
export type UserKerasData =
  | { kind: 'text'; file: string; seqLength: number; step: number; validationSplit: number; minCount: number; lower: boolean }
  | {
    kind: 'classify'; file: string;
    source: ({ kind: 'table'; text: ChosenColumn; label: ChosenColumn } & TableFacts) | { kind: 'folder' };
    classNames: string[]; tokenizer: TokenizerConfig; maxlen: number; validationSplit: number; validationOrder: ValidationOrder;
  }
  | {
    kind: 'series'; file: string; table: TableFacts; values: ChosenColumn[]; target: number; task: SeriesTask; lookBack: number;
    scaler: ScalerKind; validationSplit: number;
  };

export type UserKerasKind = UserKerasData['kind'];

/** What the run trains: its model and hyperparameters. */
export interface KerasRun {
  spec: ModelSpec;
  hp: Pick<HyperParams, 'seed' | 'epochs' | 'batchSize' | 'shuffle' | 'learningRate'>;
}

/** Marks the data section's first and last lines (the tests run it alone with NumPy). */
export const DATA_BEGIN = '# ---- the data, read as the tab read it';
export const DATA_END = '# ---- the model';

/** A Python string literal (JSON's escapes are Python's; non-ASCII stays as written, the script is UTF-8). */
const str = (s: string): string => JSON.stringify(s);
const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/** Reading a CSV or TSV as the tab does: UTF-8 (a BOM dropped), blank lines skipped, the header row apart. */
const readTable = (table: TableFacts): string[] => [
  'import csv',
  'with open(FILE, newline="", encoding="utf-8-sig") as f:',
  `    rows = [r for r in csv.reader(f, delimiter=${str(table.delimiter)}) if any(cell.strip() for cell in r)]`,
  ...(table.hasHeader ? ['header, rows = rows[0], rows[1:]'] : ['# The file has no header row: columns are counted from 0.']),
];

/** The share of samples held out for validation (which ones: each kind's own lines say). */
const splitLine = (validationSplit: number): string => `VALIDATION_SPLIT = ${validationSplit}`;

const DATA: { readonly [K in UserKerasKind]: (data: Extract<UserKerasData, { kind: K }>) => string[] } = {
  text: (d) => [
    'import collections',
    '',
    `FILE = ${str(d.file)}  # the text the tab trained on, beside this script`,
    `SEQ_LENGTH, STEP, MIN_COUNT = ${d.seqLength}, ${d.step}, ${d.minCount}`,
    splitLine(d.validationSplit),
    '# UTF-8 (a BOM dropped); Python reads "\\r\\n" and "\\r" as "\\n", as the tab does.',
    'with open(FILE, encoding="utf-8-sig") as f:',
    '    text = f.read()',
    ...(d.lower ? ['text = text.lower()'] : []),
    `# The vocabulary: characters seen at least MIN_COUNT times (at most ${MAX_CHAR_VOCABULARY - 1}, the most frequent), sorted`,
    '# by code point; the others, and U+FFFD, share one "other" symbol, the last index.',
    `OTHER = ${str(OTHER_CHAR)}`,
    'counts = collections.Counter(text)',
    'candidates = sorted(c for c, n in counts.items() if n >= MIN_COUNT and c != OTHER)',
    `kept = sorted(sorted(candidates, key=lambda c: -counts[c])[:${MAX_CHAR_VOCABULARY - 1}])`,
    'chars = kept + ([OTHER] if len(kept) < len(counts) else [])',
    'index = {c: i for i, c in enumerate(kept)}',
    'codes = np.array([index.get(c, len(kept)) for c in text], dtype="int32")',
    '# A window of SEQ_LENGTH characters every STEP characters; its target is the character after it.',
    'starts = np.arange(0, len(codes) - SEQ_LENGTH, STEP)',
    'x = np.stack([codes[s:s + SEQ_LENGTH] for s in starts])',
    'y = np.eye(len(chars), dtype="float32")[codes[starts + SEQ_LENGTH]]',
    '# The last windows validate, as validation_split would hold them out.',
    'split_at = int(len(x) * (1 - VALIDATION_SPLIT))',
    'x_train, y_train, x_val, y_val = x[:split_at], y[:split_at], x[split_at:], y[split_at:]',
  ],
  classify: (d) => {
    const t = d.tokenizer;
    const read = d.source.kind === 'table'
      ? [
        `FILE = ${str(d.file)}  # the table the tab trained on, beside this script`,
        ...readTable(d.source),
        `# The text column ${str(d.source.text.name)} and the label column ${str(d.source.label.name)}.`,
        `texts = [r[${d.source.text.index}] for r in rows]`,
        `names = [r[${d.source.label.index}].strip() for r in rows]`,
      ]
      : [
        'import os',
        '',
        `FOLDER = ${str(d.file)}  # the folder the tab trained on: one folder per label, .txt files in it`,
        'paths = sorted(os.path.relpath(os.path.join(d, n), FOLDER) for d, _, files in os.walk(FOLDER) for n in files if n.endswith(".txt"))',
        'texts, names = [], []',
        'for p in paths:',
        '    with open(os.path.join(FOLDER, p), encoding="utf-8-sig") as f:',
        '        texts.append(f.read())',
        '    names.append(p.split(os.sep)[0])',
      ];
    const binary = d.classNames.length === 2;
    return [
      'from tensorflow.keras.preprocessing.text import Tokenizer',
      'from tensorflow.keras.preprocessing.sequence import pad_sequences',
      '',
      ...read,
      `CLASS_NAMES = sorted(set(names))  # ${d.classNames.map(str).join(', ')}`,
      'labels = np.array([CLASS_NAMES.index(n) for n in names])',
      `MAXLEN = ${d.maxlen}`,
      splitLine(d.validationSplit),
      d.validationOrder === 'stratified'
        ? '# Validation: the last fraction of each class, in file order (both parts keep the classes\' balance).'
        : '# Validation: the last fraction of the samples, in file order, as validation_split takes it.',
      'is_val = np.zeros(len(labels), dtype=bool)',
      d.validationOrder === 'stratified'
        ? 'for members in [np.flatnonzero(labels == c) for c in range(len(CLASS_NAMES))]:'
        : 'for members in [np.arange(len(labels))]:',
      '    is_val[members[int(len(members) * (1 - VALIDATION_SPLIT)):]] = True',
      'train_texts = [s for s, v in zip(texts, is_val) if not v]',
      'val_texts = [s for s, v in zip(texts, is_val) if v]',
      '# Fitted on the training texts only: validation words count as unseen.',
      `tokenizer = Tokenizer(num_words=${t.numWords === null ? 'None' : t.numWords}, filters=${str(t.filters)}, lower=${pyBool(t.lower)}, split=${str(t.split)}, oov_token=${t.oovToken === null ? 'None' : str(t.oovToken)})`,
      'tokenizer.fit_on_texts(train_texts)',
      '# Pre-padding and pre-truncation, pad_sequences\' defaults.',
      'x_train = pad_sequences(tokenizer.texts_to_sequences(train_texts), maxlen=MAXLEN)',
      'x_val = pad_sequences(tokenizer.texts_to_sequences(val_texts), maxlen=MAXLEN)',
      binary
        ? 'y = labels.astype("float32")'
        : 'y = np.eye(len(CLASS_NAMES), dtype="float32")[labels]',
      'y_train, y_val = y[~is_val], y[is_val]',
    ];
  },
  series: (d) => [
    `FILE = ${str(d.file)}  # the table the tab trained on, beside this script`,
    ...readTable(d.table),
    `# The value columns ${d.values.map((v) => str(v.name)).join(', ')}; the model predicts ${str(d.values[d.target].name)}.`,
    `COLUMNS = [${d.values.map((v) => v.index).join(', ')}]`,
    `TARGET = ${d.target}`,
    `LOOK_BACK = ${d.lookBack}`,
    splitLine(d.validationSplit),
    'values = np.array([[float(r[k]) for k in COLUMNS] for r in rows], dtype="float64")',
    'samples = len(values) - LOOK_BACK',
    'split_at = int(samples * (1 - VALIDATION_SPLIT))',
    ...({
      none: ['# Not scaled.', 'offset, scale = np.zeros(len(COLUMNS)), np.ones(len(COLUMNS))'],
      minmax: [
        '# Min-max scaling, fitted on the rows the training windows read (a constant column keeps scale 1).',
        'fit = values[:split_at + LOOK_BACK]',
        'offset, scale = fit.min(axis=0), fit.max(axis=0) - fit.min(axis=0)',
      ],
      standard: [
        '# Standard scaling, fitted on the rows the training windows read (a constant column keeps scale 1).',
        'fit = values[:split_at + LOOK_BACK]',
        'offset, scale = fit.mean(axis=0), fit.std(axis=0)',
      ],
    } satisfies Record<ScalerKind, string[]>)[d.scaler],
    'scale[scale == 0] = 1',
    'scaled = (values - offset) / scale',
    '# Window s: rows s to s + LOOK_BACK - 1; its target is about row s + LOOK_BACK.',
    'x = np.stack([scaled[s:s + LOOK_BACK] for s in range(samples)]).astype("float32")',
    ({
      up: '# Will it go up? 1 when the next value is higher than the last one read.\ny = (values[LOOK_BACK:, TARGET] > values[LOOK_BACK - 1:-1, TARGET]).astype("float32")',
      next: '# The next value, scaled (unscale a prediction with `* scale[TARGET] + offset[TARGET]`).\ny = scaled[LOOK_BACK:, TARGET].astype("float32")',
    } satisfies Record<SeriesTask, string>)[d.task],
    '# The last windows validate, as validation_split would hold them out.',
    'x_train, y_train, x_val, y_val = x[:split_at], y[:split_at], x[split_at:], y[split_at:]',
  ],
};

const TITLE: Record<UserKerasKind, string> = {
  text: 'next character, on your text',
  classify: 'labelled texts → classifier',
  series: 'a numeric series → sequence model',
};

/** The complete script. `weightsFile` names the `.h5` the tab exports. */
export function userKerasScript(data: UserKerasData, run: KerasRun, weightsFile = 'model.h5'): string {
  const { hp } = run;
  const lines = (DATA[data.kind] as (d: UserKerasData) => string[])(data);
  return [
    `# LSTM Lab: ${TITLE[data.kind]}, as a Keras script (TensorFlow 2.x).`,
    '# The data is read and cut into samples as the tab did, so the run continues on other hardware.',
    'import numpy as np',
    '',
    DATA_BEGIN,
    ...lines,
    DATA_END,
    'from tensorflow import keras',
    '',
    ...kerasSeedLines(hp.seed),
    '',
    ...kerasModelLines(run.spec, hp, weightsFile),
    '',
    `history = model.fit(x_train, y_train, epochs=${hp.epochs}, batch_size=${hp.batchSize}, shuffle=${pyBool(hp.shuffle)},`,
    '                    validation_data=(x_val, y_val) if len(x_val) else None, verbose=2)',
    '',
  ].join('\n');
}

const chosen = (layout: TableLayout, name: string): ChosenColumn => ({ index: layout.columns.findIndex((c) => c.name === name), name });

/** The script's facts from what the user asked (`task`) and what the data layer made of the file (`prepared`). */
export function userKerasDataOf(task: UserTask, prepared: PreparedUserData): UserKerasData {
  const file = prepared.record.name;
  if (task.kind === 'text' && prepared.kind === 'text') {
    return { kind: 'text', file, seqLength: prepared.seqLength, step: prepared.step, validationSplit: task.validationSplit, minCount: task.minCount ?? 1, lower: prepared.corpus.vocabulary.lower };
  }
  if (task.kind === 'classify' && prepared.kind === 'classify') {
    const source: Extract<UserKerasData, { kind: 'classify' }>['source'] = prepared.table && prepared.textColumn !== undefined && prepared.labelColumn !== undefined
      ? { kind: 'table', delimiter: prepared.table.delimiter, hasHeader: prepared.table.hasHeader, text: chosen(prepared.table, prepared.textColumn), label: chosen(prepared.table, prepared.labelColumn) }
      : { kind: 'folder' };
    return {
      kind: 'classify', file, source, classNames: prepared.classNames, tokenizer: prepared.tokenizer.config, maxlen: task.maxlen,
      validationSplit: task.validationSplit, validationOrder: task.validationOrder ?? 'stratified',
    };
  }
  if (task.kind === 'series' && prepared.kind === 'series') {
    return {
      kind: 'series', file, table: { delimiter: prepared.table.delimiter, hasHeader: prepared.table.hasHeader },
      values: prepared.series.names.map((name) => chosen(prepared.table, name)), target: prepared.target, task: prepared.task,
      lookBack: prepared.lookBack, scaler: prepared.scaler.kind, validationSplit: task.validationSplit,
    };
  }
  throw new RangeError(`A ${task.kind} task cannot describe ${prepared.kind} data.`);
}
