/**
 * The labelled texts card's model files: the classifier as Keras `.h5` or TensorFlow.js files, each
 * with its data file (`<run>.data.json`: the tokenizer as Keras writes it, maxlen and the labels),
 * so it classifies texts elsewhere as it does here (`bench/export/verify_export.py` checks that);
 * and those files picked again loaded back, so Try answers from them as before the download.
 */
import { useState } from 'react';
import { fileStem, savedModelFiles, type ModelFormat } from '../../../state/modelFiles';
import { classifierDataFile, classifierSavedModel } from '../../../engine/textClassifier/classifierFiles';
import { download } from '../../download';
import { ModelFilePicker } from '../ModelFilePicker';
import type { LabelledRunState } from './labelledRunStore';

export function LabelledModelFiles({ trained, busyTraining, loadModel }: {
  trained: LabelledRunState['trained'];
  busyTraining: boolean;
  loadModel: LabelledRunState['loadModel'];
}) {
  const [busy, setBusy] = useState<ModelFormat | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const save = async (format: ModelFormat) => {
    if (!trained) return;
    setBusy(format);
    setProblem(null);
    try {
      // Named after the data (reviews.csv → reviews.h5, reviews.data.json).
      const stem = fileStem(trained.labelled.record.name.replace(/\.[^.]+$/, ''));
      const files = await savedModelFiles(classifierSavedModel(trained.hp, trained.labelled, trained.weights), format, stem);
      for (const file of [...files, { ...classifierDataFile(trained.labelled, stem), type: 'application/json' }]) download(file);
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
        {trained
          ? 'The classifier for Keras or TensorFlow.js, with its data file (the tokenizer, the words per text and the labels, as JSON): keep them together.'
          : 'Train for an epoch to download the classifier with its data file.'}
      </p>
      <div className="files-buttons">
        <button type="button" className="btn btn-small" data-testid="yourLabelled.files.keras" disabled={!trained || busy !== null} onClick={() => void save('keras')}>
          {busy === 'keras' ? 'Writing…' : 'Keras .h5 + data file'}
        </button>
        <button type="button" className="btn btn-small" data-testid="yourLabelled.files.tfjs" disabled={!trained || busy !== null} onClick={() => void save('tfjs')}>
          {busy === 'tfjs' ? 'Writing…' : 'TensorFlow.js + data file'}
        </button>
      </div>
      {problem && <p className="field-error" role="alert">{problem}</p>}
      <ModelFilePicker
        label="Load a classifier (.h5, or model .json with its weights, and its .data.json)"
        testId="yourLabelled.files.load"
        disabled={busyTraining}
        read={async (files) => {
          const { readLabelledModelFiles } = await import('../../../state/labelledModelFiles');
          const { model, name } = await readLabelledModelFiles(files);
          loadModel(model, name);
          const { classNames, maxlen } = model.reading;
          return `Loaded ${name}: ${classNames.length} classes (${classNames.join(', ')}), texts of ${maxlen} words. Try it above.`;
        }}
      />
    </div>
  );
}
