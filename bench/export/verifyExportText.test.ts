/**
 * A text model's files checked by the independent reader (`verify_export.py`, h5py and NumPy, no
 * Keras): the `.h5` and `<run>.data.json` the text card downloads, prefixes turned into windows by
 * the data file's character table, and the NumPy forward pass giving the app's next-character
 * probabilities within 1e-5.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { charModelPredictor, type CharModel } from '../../src/engine/charText/charModel';
import { charTextSource, CHAR_TEXT_DEFAULTS } from '../../src/engine/charText/charTextModel';
import { prefixWindow } from '../../src/engine/charText/generateText';
import { encodeCharText } from '../../src/engine/data/user/charText';
import { initialWeights } from '../../src/engine/spec/initialWeights';
import { savedCharModel } from '../../src/engine/charText/charModel';
import { textDataFileOf } from '../../src/engine/export/dataFile/text';
import { writeUserModelFiles } from '../../src/state/userModelFiles';

/** A text model's files, as the card writes them. */
const textModelFiles = (m: CharModel, format: ModelFormat, stem: string) => writeUserModelFiles<'text'>(savedCharModel(m), textDataFileOf(m), format, stem);
import type { ModelFormat } from '../../src/state/modelFiles';
import { pythonWithH5py } from './python';
import { expectVerified } from './verifyExportRun';

const dir = mkdtempSync(join(tmpdir(), 'lstm-lab-export-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A model of random weights (trained ones are no different to the check), two LSTMs deep for one case. */
function model(text: string, options: { lower?: boolean; minCount?: number }, layers: number, seqLength: number): CharModel {
  const { vocabulary } = encodeCharText(text, options);
  const spec = charTextSource(vocabulary.chars.length).model({ ...CHAR_TEXT_DEFAULTS, seqLength, units: 7, embeddingDim: 5, layers });
  return { spec, weights: initialWeights(spec, 11 + layers), vocabulary, seqLength, learningRate: 0.01 };
}

describe('a text model’s .h5 and data file, read by h5py and run in NumPy', () => {
  it('turns prefixes into the app’s windows and gives the app’s probabilities within 1e-5', async () => {
    const python = pythonWithH5py();
    expect(python, 'python3 with h5py and numpy (apt-get install python3-h5py python3-numpy)').toBeTruthy();
    const cases = [];
    const models = {
      plain: model('The quick brown fox jumps over the lazy dog. ¿Qué tal? \u{1F98A}\u{1F98A} ok', {}, 1, 9),
      folded: model('Aaa bbb ccc aaa bbb CCC zq', { lower: true, minCount: 2 }, 2, 6),
    };
    // A short prefix (filled with spaces), a long one (its last window), characters outside the table, upper case.
    const prefixes = ['The', 'jumps over the lazy dog and', 'Qué \u{1F98A} #%', 'AAA BBB zzz'];
    for (const [id, m] of Object.entries(models)) {
      const files = await textModelFiles(m, 'keras', id);
      for (const f of files) writeFileSync(join(dir, f.name), f.data);
      const windows = prefixes.map((p) => prefixWindow(m.vocabulary, m.seqLength, p) as Int32Array);
      const x = new Int32Array(windows.length * m.seqLength);
      windows.forEach((w, i) => x.set(w, i * m.seqLength));
      const { probs } = await charModelPredictor(m).predict(x, windows.length);
      cases.push({
        id, kind: 'text', h5: join(dir, `${id}.h5`), data: join(dir, `${id}.data.json`), prefixes,
        windows: windows.map((w) => Array.from(w)), probabilities: Array.from(probs),
      });
    }
    expect(cases).toHaveLength(2);
    const output = expectVerified(python!, cases, join(dir, 'cases.json'));
    expect(output).toContain('ok   plain text: NumPy forward matches');
    expect(output).toContain('ok   folded text: the data file turns the prefixes into the app\'s windows');
  });
});
