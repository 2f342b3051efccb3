/**
 * `--task text`: a character model on the user's own text. After each epoch the model writes text
 * at temperatures 0.2, 0.5 and 1.0 from a seed window of the text, as Keras' `lstm_text_generation`
 * prints it. `--step`, `--minCount` and `--sampleLength` are the data's own flags.
 */
import { savedCharModel } from '../../src/engine/charText/charModel';
import { CHAR_TEXT_DEFAULT_STEP, CHAR_TEXT_DEFAULTS, charTextSource } from '../../src/engine/charText/charTextModel';
import { writeDataFile } from '../../src/engine/export/dataFile';
import { textDataFileOf } from '../../src/engine/export/dataFile/text';
import { OTHER_CHAR } from '../../src/engine/data/user/charText';
import { wholeNumber, type CliTask } from './types';

export interface TextOptions {
  step: number;
  minCount: number;
  sampleLength?: number;
}

export const textTask: CliTask<'text', TextOptions> = {
  dataNoun: 'the text to train on',
  folders: false,
  options(take) {
    const step = wholeNumber('step', take('step'), CHAR_TEXT_DEFAULT_STEP, 1);
    const minCount = wholeNumber('minCount', take('minCount'), 1, 1);
    const sampleLength = wholeNumber('sampleLength', take('sampleLength'), undefined, 0);
    const problems = [step, minCount, sampleLength].filter((v): v is string => typeof v === 'string');
    return { options: { step: step as number, minCount: minCount as number, sampleLength: sampleLength as number | undefined }, problems };
  },
  defaults: () => CHAR_TEXT_DEFAULTS,
  task: (o, hp) => ({ kind: 'text', seqLength: hp.seqLength, step: o.step, validationSplit: hp.validationSplit, minCount: o.minCount }),
  runData: (text, o) => ({ kind: 'text', text, sampleLength: o.sampleLength }),
  describe(text) {
    const { vocabulary, codes } = text.corpus;
    const folded = vocabulary.folded.distinct > 0
      ? `, ${vocabulary.folded.distinct} rare ones as “${OTHER_CHAR}” (${vocabulary.folded.occurrences} times)` : '';
    return {
      record: {
        type: 'data', file: text.record.name, hash: text.record.hash, characters: codes.length, vocabulary: vocabulary.chars.length,
        folded: vocabulary.folded, seqLength: text.seqLength, step: text.step, trainSamples: text.trainSamples, validationSamples: text.validationSamples,
      },
      line: `${text.record.name}: ${codes.length} characters, ${vocabulary.chars.length} in the vocabulary${folded}; ` +
        `${text.trainSamples} training and ${text.validationSamples} validation windows of ${text.seqLength} every ${text.step}`,
    };
  },
  savedModel(text, hp, weights) {
    const model = { spec: charTextSource(text.corpus.vocabulary.chars.length).model(hp), weights, vocabulary: text.corpus.vocabulary, seqLength: text.seqLength, learningRate: hp.learningRate };
    return { saved: savedCharModel(model), dataFile: writeDataFile<'text'>(textDataFileOf(model)) };
  },
  // As the Keras example prints them: the seed, then what each temperature wrote after it.
  callbacks: (print) => ({
    onTextSamples: (s) => print(
      { type: 'samples', ...s },
      [`----- Generating with seed: "${s.seed}"`, ...s.samples.flatMap((g) => [`----- temperature: ${g.temperature.toFixed(1)}`, s.seed + g.text])].join('\n'),
    ),
  }),
};
