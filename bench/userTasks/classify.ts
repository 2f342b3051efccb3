/**
 * `--task classify`: a classifier of the user's labelled texts (a CSV/TSV with a text and a label
 * column, or a folder with one folder of `.txt` files per label), from one of the IMDB tutorials'
 * models (`--model small|seq`). `--maxlen` and `--numWords` are Keras' names for the words per text
 * (`seqLength`) and the words kept (`vocabSize`); `--textColumn` and `--labelColumn` choose the
 * columns the lab would guess. After the run, the confusion matrix on the held-out texts.
 */
import { CLASSIFIER_OOV_TOKEN, CLASSIFIER_STARTS, DEFAULT_CLASSIFIER_START, type ClassifierStart } from '../../src/engine/textClassifier/classifierModel';
import { evaluationMatrix } from '../../src/engine/confusion';
import { classifierDataFile, classifierSavedModel } from '../../src/engine/textClassifier/classifierFiles';
import { classCounts } from '../../src/engine/textClassifier/classCounts';
import { readingOf } from '../../src/engine/textClassifier/classifyRow';
import { readSentence } from '../../src/engine/textClassifier/predictClassify';
import { wholeNumber, type CliTask } from './types';

export interface ClassifyOptions {
  start: ClassifierStart;
  textColumn?: string;
  labelColumn?: string;
  maxlen?: number;
  numWords?: number;
}

const isStart = (s: string): s is ClassifierStart => Object.hasOwn(CLASSIFIER_STARTS, s);

/** A matrix as aligned text: a header of predicted classes, one row per actual class. */
export function matrixLines(matrix: number[][], names: readonly string[]): string[] {
  const cells = [['actual \\ predicted', ...names], ...matrix.map((row, i) => [names[i], ...row.map(String)])];
  const widths = cells[0].map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  return cells.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}

export const classifyTask: CliTask<'classify', ClassifyOptions> = {
  dataNoun: 'the CSV or TSV file of labelled texts, or a folder with a folder of .txt files per label',
  folders: true,
  options(take) {
    const problems: string[] = [];
    const model = take('model') ?? DEFAULT_CLASSIFIER_START;
    if (!isStart(model)) problems.push(`--model: unknown model “${model}”; one of ${Object.keys(CLASSIFIER_STARTS).join(', ')}.`);
    const maxlen = wholeNumber('maxlen', take('maxlen'), undefined, 1);
    const numWords = wholeNumber('numWords', take('numWords'), undefined, 2);
    for (const v of [maxlen, numWords]) if (typeof v === 'string') problems.push(v);
    return {
      options: { start: isStart(model) ? model : DEFAULT_CLASSIFIER_START, textColumn: take('textColumn'), labelColumn: take('labelColumn'), maxlen: maxlen as number | undefined, numWords: numWords as number | undefined },
      problems,
    };
  },
  defaults: (o) => CLASSIFIER_STARTS[o.start].defaults,
  hpFromOptions: (o) => ({ ...(o.maxlen !== undefined ? { seqLength: o.maxlen } : {}), ...(o.numWords !== undefined ? { vocabSize: o.numWords } : {}) }),
  task: (o, hp) => ({
    kind: 'classify', maxlen: hp.seqLength, validationSplit: hp.validationSplit,
    tokenizer: { numWords: hp.vocabSize, oovToken: CLASSIFIER_OOV_TOKEN }, textColumn: o.textColumn, labelColumn: o.labelColumn,
  }),
  runData: (labelled) => ({ kind: 'classify', labelled }),
  describe(labelled) {
    const counts = classCounts(labelled);
    const columns = labelled.textColumn !== undefined ? ` (text “${labelled.textColumn}”, label “${labelled.labelColumn}”)` : '';
    return {
      record: {
        type: 'data', file: labelled.record.name, hash: labelled.record.hash, textColumn: labelled.textColumn, labelColumn: labelled.labelColumn,
        classes: labelled.classNames.map((name, c) => ({ name, count: counts[c] })), words: labelled.tokenizer.wordIndex.size,
        maxlen: labelled.dataset.train.xShape[1], trainSamples: labelled.trainIndices.length, validationSamples: labelled.validationIndices.length,
      },
      line: `${labelled.record.name}${columns}: ${labelled.classNames.length} classes (${labelled.classNames.map((name, c) => `${name} ${counts[c]}`).join(', ')}), ` +
        `${labelled.tokenizer.wordIndex.size} distinct words; ${labelled.trainIndices.length} training and ${labelled.validationIndices.length} validation texts of ${labelled.dataset.train.xShape[1]} words`,
    };
  },
  // Until the engine has an Inspect request for labelled texts (the page's Inspect for them).
  // The sentence as Try and Inspect read it; the sentence they would give, before training.
  inspectRequest(typed, labelled) {
    const read = readSentence(readingOf(labelled), typed);
    return typeof read === 'string' ? read : { kind: 'words', text: typed };
  },
  savedModel: (labelled, hp, weights) => ({ saved: classifierSavedModel(hp, labelled, weights), dataFile: classifierDataFile(readingOf(labelled), 'model').data }),
  report(result, labelled, print) {
    const matrix = result.evaluation && evaluationMatrix(result.evaluation);
    if (!matrix) return;
    print(
      { type: 'confusion', set: result.evaluation!.set, classes: labelled.classNames, matrix },
      [`confusion matrix on the ${result.evaluation!.set} texts:`, ...matrixLines(matrix, labelled.classNames)].join('\n'),
    );
  },
};
