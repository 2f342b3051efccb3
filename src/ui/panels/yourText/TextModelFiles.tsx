/**
 * The text card's model files: the model as Keras `.h5` or TensorFlow.js files, each with its data
 * file (`<run>.data.json`, the character table), and a model picked with its data file loaded
 * back, so Try answers from it as it did before the download.
 */
import { useState } from 'react';
import { useStore } from 'zustand';
import { fileStem, type ModelFormat, type NamedBytes } from '../../../state/modelFiles';
import { download } from '../../download';
import { ModelFilePicker } from '../ModelFilePicker';
import type { TextRunStore } from './textRunStore';

export function TextModelFiles({ store }: { store: TextRunStore }) {
  const tried = useStore(store, (s) => s.model);
  const sourceName = useStore(store, (s) => s.summary?.name);
  const training = useStore(store, (s) => s.phase === 'reading' || s.phase === 'training');
  const loadModel = useStore(store, (s) => s.loadModel);
  const [busy, setBusy] = useState<ModelFormat | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Named after the text (notes.txt → notes.h5, notes.data.json), or after the model file it came from.
  const named = tried?.from.kind === 'file' ? tried.from.name : sourceName ?? 'text-model';
  const stem = fileStem(named.replace(/\.[^.]+$/, ''));

  const save = async (format: ModelFormat) => {
    if (!tried) return;
    setBusy(format);
    setProblem(null);
    try {
      const [{ writeUserModelFiles }, { savedCharModel }, { textDataFileOf }] = await Promise.all([
        import('../../../state/userModelFiles'), import('../../../engine/charText/charModel'), import('../../../engine/export/dataFile/text'),
      ]);
      for (const file of await writeUserModelFiles<'text'>(savedCharModel(tried.model), textDataFileOf(tried.model), format, stem)) download(file);
    } catch (e) {
      setProblem(`The model could not be written: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
    }
  };

  const read = async (files: NamedBytes[]): Promise<string> => {
    const { readUserModelFiles } = await import('../../../state/userModelFiles');
    const { model, name } = await readUserModelFiles('text', files);
    loadModel(model, name);
    return `Loaded ${name}: ${model.vocabulary.chars.length} characters, windows of ${model.seqLength}. Try it above.`;
  };

  return (
    <div className="your-text-files" data-testid="yourText.files">
      <h3 className="small">Model files</h3>
      <p className="muted small">
        {tried
          ? 'The model for Keras or TensorFlow.js, with its data file (the characters it reads and writes, as JSON): keep them together.'
          : 'Train for an epoch to download the model with its data file, or load one below.'}
      </p>
      <div className="files-buttons">
        <button type="button" className="btn btn-small" data-testid="yourText.files.keras" disabled={!tried || busy !== null} onClick={() => void save('keras')}>
          {busy === 'keras' ? 'Writing…' : 'Keras .h5 + data file'}
        </button>
        <button type="button" className="btn btn-small" data-testid="yourText.files.tfjs" disabled={!tried || busy !== null} onClick={() => void save('tfjs')}>
          {busy === 'tfjs' ? 'Writing…' : 'TensorFlow.js + data file'}
        </button>
      </div>
      {problem && <p className="field-error" role="alert">{problem}</p>}
      <ModelFilePicker
        label="Load a text model (.h5, or model .json with its weights, and its .data.json)"
        testId="yourText.files.load"
        disabled={training}
        read={read}
      />
    </div>
  );
}
