/**
 * The series model's files, for use elsewhere: the Keras `.h5` or the TensorFlow.js files, each with
 * `<run>.data.json` (task, window, columns, scaler). Made in this tab from the run's latest weights;
 * nothing is sent anywhere. The same files picked again load the model back: Try answers from it.
 */
import { useState } from 'react';
import { useStore } from 'zustand';
import { fileStem, type ModelFormat } from '../../../state/modelFiles';
import { download } from '../../download';
import { ModelFilePicker } from '../ModelFilePicker';
import type { SeriesRunStore } from './seriesRunStore';

const FORMATS: { [F in ModelFormat]: string } = { keras: 'Keras .h5 + data file', tfjs: 'TensorFlow.js + data file' };

export function SeriesModelFiles({ store }: { store: SeriesRunStore }) {
  const trained = useStore(store, (s) => s.trained);
  const name = useStore(store, (s) => s.plot?.name ?? 'series');
  const busy = useStore(store, (s) => s.phase === 'reading' || s.phase === 'training');
  const loadModel = useStore(store, (s) => s.loadModel);
  const [problem, setProblem] = useState<string | null>(null);
  const save = async (format: ModelFormat) => {
    if (!trained) return;
    setProblem(null);
    try {
      const { writeUserModelFiles } = await import('../../../state/userModelFiles');
      for (const file of await writeUserModelFiles<'series'>(trained.saved, trained.data, format, fileStem(name.replace(/\.[^.]+$/, '')))) download(file);
    } catch (e) {
      setProblem(`The model files could not be written: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <div className="your-series-files">
      <h3 className="small">Model files</h3>
      {trained && (
        <div data-testid="yourSeries.files" data-epoch={trained.epoch}>
          <span className="field-label">Model files (after epoch {trained.epoch})</span>
          <div className="run-buttons">
            {(Object.keys(FORMATS) as ModelFormat[]).map((f) => (
              <button key={f} type="button" className="btn btn-small" data-testid={`yourSeries.save.${f}`} onClick={() => void save(f)}>
                {FORMATS[f]}
              </button>
            ))}
          </div>
          {problem && <p className="field-error" role="alert">{problem}</p>}
        </div>
      )}
      <ModelFilePicker
        label="Load a series model (.h5, or model .json with its weights, and its .data.json)"
        testId="yourSeries.files.load"
        disabled={busy}
        read={async (files) => {
          const { readUserModelFiles } = await import('../../../state/userModelFiles');
          const { model, name: loadedName } = await readUserModelFiles('series', files);
          loadModel(model, loadedName);
          const { task, lookBack, columns, target } = model.data;
          return `Loaded ${loadedName}: ${task === 'up' ? 'will the next step go up' : 'the next value'} of “${columns[target]}” from ${lookBack} rows of ${columns.map((c) => `“${c}”`).join(', ')}. Try it above.`;
        }}
      />
    </div>
  );
}
