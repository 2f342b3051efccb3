/**
 * "Take it with you": the trained model as Keras `.h5` or TensorFlow.js files, the history as CSV
 * or JSON, and a saved model loaded back into the lab (its tutorial found from its layers, "try
 * the model" answering from its weights).
 */
import { useState } from 'react';
import { createBrowserAssetSource } from '../../platform/browserAssets';
import {
  fileStem, historyCsv, historyJson, imdbVocabWords, modelFiles, readModelFiles, type ModelFormat, type NamedBytes,
} from '../../state/modelFiles';
import { isRunActive, selectModel, selectModelMissing } from '../../state/selectors';
import { SCENARIOS } from '../../scenarios';
import { download } from '../download';
import { ModelFilePicker } from './ModelFilePicker';
import { useLab } from '../hooks/useLab';

const text = (name: string, content: string, type: string): NamedBytes => ({ name, data: new TextEncoder().encode(content), type });

export function ModelFilesPanel() {
  const model = useLab(selectModel);
  const missing = useLab(selectModelMissing);
  const epochs = useLab((s) => s.epochs);
  const runConfig = useLab((s) => s.runConfig);
  const evaluation = useLab((s) => s.evaluation);
  const [busy, setBusy] = useState<ModelFormat | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Files are named after the run ("Alphabet, Dec 3, 08:30" → alphabet-dec-3-08-30.h5), so two runs' downloads never collide.
  const runName = useLab((s) => (s.model?.runId ? s.runs.find((r) => r.id === s.model?.runId)?.name : undefined));
  const stem = fileStem(
    model?.source === 'file' ? model.name.replace(/\.[^.]+$/, '') : runName ?? `lstm-lab-${(runConfig ?? model?.model.config)?.scenario ?? 'model'}`,
  );

  const save = async (format: ModelFormat) => {
    if (!model) return;
    setBusy(format);
    setProblem(null);
    try {
      for (const file of await modelFiles(model.model, format, stem)) download(file);
    } catch (e) {
      setProblem(`The model could not be written: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="panel files-panel" aria-labelledby="files-title" data-testid="files.panel">
      <h2 id="files-title" className="panel-title">Take it with you</h2>
      {model ? (
        <p className="muted small" data-testid="files.model" data-source={model.source}>
          The model {model.source === 'file' ? `loaded from ${model.name}` : model.source === 'kept' ? `of ${model.name}` : 'of this run'}
          {model.model.epoch > 0 ? `, after epoch ${model.model.epoch}` : ''}, for Keras (<code>keras.models.load_model</code>) or TensorFlow.js
          (<code>tf.loadLayersModel</code>):
        </p>
      ) : (
        <p className="muted small" data-testid="files.missing">{missing ?? 'Train for an epoch, open a kept run or load a saved model: its files can then be downloaded here.'}</p>
      )}
      <div className="files-buttons">
        <button type="button" className="btn btn-small" data-testid="files.keras" disabled={!model || busy !== null} onClick={() => void save('keras')}>
          {busy === 'keras' ? 'Writing…' : 'Keras .h5'}
        </button>
        <button type="button" className="btn btn-small" data-testid="files.tfjs" disabled={!model || busy !== null} onClick={() => void save('tfjs')}>
          {busy === 'tfjs' ? 'Writing…' : 'TensorFlow.js (.json + .weights.bin)'}
        </button>
        <button
          type="button"
          className="btn btn-small"
          data-testid="files.csv"
          disabled={epochs.length === 0}
          onClick={() => download(text(`${stem}-history.csv`, historyCsv(epochs), 'text/csv'))}
        >
          History CSV
        </button>
        <button
          type="button"
          className="btn btn-small"
          data-testid="files.json"
          disabled={epochs.length === 0 || !runConfig}
          onClick={() => runConfig && download(text(`${stem}-history.json`, historyJson(runConfig, epochs, evaluation), 'application/json'))}
        >
          History JSON
        </button>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <LoadModel />
    </section>
  );
}

/** Picks a `.h5`, or a `model.json` with its weights, and opens it on its tutorial. */
function LoadModel() {
  const active = useLab(isRunActive);
  const openModel = useLab((s) => s.openModel);
  const read = async (files: NamedBytes[]): Promise<string> => {
    const loaded = await readModelFiles(files);
    let note = '';
    if (SCENARIOS[loaded.config.scenario].data.kind === 'imdb') {
      // A model file holds no vocabulary: reviews are encoded with the lab's own IMDB word list.
      try {
        const source = createBrowserAssetSource(new URL('data/', new URL(import.meta.env.BASE_URL, location.href)).href);
        loaded.model.vocabWords = await imdbVocabWords(source, loaded.config.hp.vocabSize);
      } catch (e) {
        note = ` Reviews cannot be tried: the IMDB word list did not load (${e instanceof Error ? e.message : String(e)}).`;
      }
    }
    openModel(loaded);
    return `Loaded ${loaded.name}: ${SCENARIOS[loaded.config.scenario].title}. Try the model below, or Train to start this tutorial with the file's sizes.${note}`;
  };
  return <ModelFilePicker className="files-load" label="Load a saved model (.h5, or model.json with its weights file)" testId="files.load" disabled={active} read={read} />;
}
