/**
 * The labelled texts card's model files: the classifier Try answers from (the run's latest weights,
 * a kept run's or a loaded model) as Keras `.h5` or TensorFlow.js files, each with its data file
 * (`<run>.data.json`: the tokenizer as Keras writes it, maxlen and the labels), so it classifies
 * texts elsewhere as it does here (`bench/export/verify_export.py` checks that); and those files
 * picked again loaded back, so Try answers from them as before the download.
 */
import { useState } from 'react';
import { fileStem, type ModelFormat } from '../../../state/modelFiles';
import { download } from '../../download';
import { ModelFilePicker } from '../ModelFilePicker';
import type { LabelledRunState, LoadedAtHand } from './labelledRunStore';

export function LabelledModelFiles({ atHand, busyTraining, loadModel }: {
  atHand: LoadedAtHand | null;
  busyTraining: boolean;
  loadModel: LabelledRunState['loadModel'];
}) {
  const [busy, setBusy] = useState<ModelFormat | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const save = async (format: ModelFormat) => {
    if (!atHand) return;
    setBusy(format);
    setProblem(null);
    try {
      // Named after the data (reviews.csv → reviews.h5, reviews.data.json), or the model file it came from.
      const stem = fileStem(atHand.name.replace(/\.[^.]+$/, ''));
      const { spec, weights, reading } = atHand.model;
      // The learning rate where known (a run's, a kept run's): the .h5 records how the model was compiled.
      const saved = { spec, weights, ...(atHand.learningRate !== undefined ? { learningRate: atHand.learningRate } : {}) };
      const [{ writeUserModelFiles }, { classifyDataFileOf }] = await Promise.all([import('../../../state/userModelFiles'), import('../../../engine/export/dataFile/classify')]);
      for (const file of await writeUserModelFiles<'classify'>(saved, classifyDataFileOf(reading), format, stem)) download(file);
    } catch (e) {
      setProblem(`The model could not be written: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="your-text-files" data-testid="yourLabelled.files">
      <h3 className="small">Model files</h3>
      <p className="muted small">
        {atHand
          ? 'The classifier for Keras or TensorFlow.js, with its data file (the tokenizer, the words per text and the labels, as JSON): keep them together.'
          : 'Train for an epoch to download the classifier with its data file, or load one below.'}
      </p>
      <div className="files-buttons">
        <button type="button" className="btn btn-small" data-testid="yourLabelled.files.keras" disabled={!atHand || busy !== null} onClick={() => void save('keras')}>
          {busy === 'keras' ? 'Writing…' : 'Keras .h5 + data file'}
        </button>
        <button type="button" className="btn btn-small" data-testid="yourLabelled.files.tfjs" disabled={!atHand || busy !== null} onClick={() => void save('tfjs')}>
          {busy === 'tfjs' ? 'Writing…' : 'TensorFlow.js + data file'}
        </button>
      </div>
      {problem && <p className="field-error" role="alert">{problem}</p>}
      <ModelFilePicker
        label="Load a classifier (.h5, or model .json with its weights, and its .data.json)"
        testId="yourLabelled.files.load"
        disabled={busyTraining}
        read={async (files) => {
          const { readUserModelFiles } = await import('../../../state/userModelFiles');
          const { model, name } = await readUserModelFiles('classify', files);
          loadModel(model, name);
          const { classNames, maxlen } = model.reading;
          return `Loaded ${name}: ${classNames.length} classes (${classNames.join(', ')}), texts of ${maxlen} words. Try it above.`;
        }}
      />
    </div>
  );
}
