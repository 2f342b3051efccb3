import { describe, expect, it } from 'vitest';
import { charModelPredictor, type CharModel } from '../engine/charText/charModel';
import { charTextSource, CHAR_TEXT_DEFAULTS } from '../engine/charText/charTextModel';
import { nextChars } from '../engine/charText/generateText';
import { encodeCharText } from '../engine/data/user/charText';
import { initialWeights } from '../engine/spec/initialWeights';
import type { ModelFormat, NamedBytes } from './modelFiles';
import { savedCharModel } from '../engine/charText/charModel';
import { textDataFileOf } from '../engine/export/dataFile/text';
import { writeUserModelFiles } from './userModelFiles';

/** A text model's files, as the card writes them. */
const textModelFiles = (m: CharModel, format: ModelFormat, stem: string) => writeUserModelFiles<'text'>(savedCharModel(m), textDataFileOf(m), format, stem);
import { readUserModelFiles } from './userModelFiles';

const { vocabulary } = encodeCharText('one fish, two fish; red fish, blue fish. ¿Qué? \u{1F41F}\u{1F41F}', { minCount: 2 });
const seqLength = 8;
const spec = charTextSource(vocabulary.chars.length).model({ ...CHAR_TEXT_DEFAULTS, seqLength, units: 6, embeddingDim: 3 });
const model: CharModel = { spec, weights: initialWeights(spec, 5), vocabulary, seqLength, learningRate: 0.01 };

const top = async (m: CharModel, prefix: string) => nextChars(charModelPredictor(m), m.vocabulary, m.seqLength, prefix);

describe('a text model’s files', () => {
  it.each(['keras', 'tfjs'] as const)('%s: the model and its data file, named after the run, read back to the same answers', async (format) => {
    const files = await textModelFiles(model, format, 'my-notes');
    expect(files.map((f) => f.name)).toEqual(format === 'keras' ? ['my-notes.h5', 'my-notes.data.json'] : ['my-notes.json', 'my-notes.weights.bin', 'my-notes.data.json']);
    const read = await readUserModelFiles('text', files);
    expect(read.name).toBe(format === 'keras' ? 'my-notes.h5' : 'my-notes.json');
    expect(read.model.spec).toEqual(spec);
    expect(read.model.vocabulary.chars).toEqual(vocabulary.chars);
    read.model.weights.forEach((w, i) => expect(Array.from(w.values)).toEqual(Array.from(model.weights[i].values)));
    for (const prefix of ['red fish', 'blue ¿x', 'two']) expect(await top(read.model, prefix)).toEqual(await top(model, prefix));
  });

  it('refuses a model without its data file, a data file of another model, and a damaged one, each in one sentence', async () => {
    const [h5, data] = await textModelFiles(model, 'keras', 'run');
    await expect(readUserModelFiles('text', [h5])).rejects.toThrow('run.h5: a text model needs its data file (run.data.json), which holds its characters; pick it together with the model.');
    const other = encodeCharText('abc abc abd');
    const [, otherData] = await textModelFiles({ ...model, vocabulary: other.vocabulary }, 'keras', 'other');
    await expect(readUserModelFiles('text', [h5, otherData])).rejects.toThrow(
      `other.data.json: its vocabulary has ${other.vocabulary.chars.length} characters, but run.h5 reads ${vocabulary.chars.length} and writes ${vocabulary.chars.length}; pick the .data.json file saved with this model.`,
    );
    const damaged: NamedBytes = { name: 'run.data.json', data: data.data.slice(0, 20) };
    await expect(readUserModelFiles('text', [h5, damaged])).rejects.toThrow(/^run\.data\.json: it is not a JSON file/);
    await expect(readUserModelFiles('text', [data])).rejects.toThrow('Pick a Keras .h5 file, or a TensorFlow.js model.json together with its weights file.');
    await expect(readUserModelFiles('text', [{ name: 'run.h5', data: Uint8Array.of(1, 2, 3) }, data])).rejects.toThrow(/^run\.h5: /);
  });
});
