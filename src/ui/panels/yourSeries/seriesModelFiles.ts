/**
 * A series run's model files: the `.h5` or the TensorFlow.js files (the engine's writers), each with
 * `<run>.data.json` beside them (the task, window, columns and scaler: `dataFile/series.ts`), so the
 * model turns rows of the user's CSV into the same answers elsewhere.
 */
import { writeDataFile } from '../../../engine/export/dataFile';
import type { SeriesDataFile } from '../../../engine/export/dataFile/series';
import type { SavedModel } from '../../../engine/export/kerasConfig';
import type { ModelFormat, NamedBytes } from '../../../state/modelFiles';

export async function seriesModelFiles(saved: SavedModel, data: SeriesDataFile, format: ModelFormat, stem: string): Promise<NamedBytes[]> {
  const dataFile: NamedBytes = { name: `${stem}.data.json`, data: writeDataFile<'series'>(data), type: 'application/json' };
  if (format === 'keras') {
    const { writeKerasH5 } = await import('../../../engine/export/kerasH5');
    return [{ name: `${stem}.h5`, data: await writeKerasH5(saved), type: 'application/x-hdf5' }, dataFile];
  }
  const { writeTfjsLayers } = await import('../../../engine/export/tfjsLayers');
  const files = await writeTfjsLayers(saved, { modelFile: `${stem}.json`, weightsFile: `${stem}.weights.bin` });
  return [...files.map((f) => ({ ...f, type: f.name.endsWith('.json') ? 'application/json' : 'application/octet-stream' })), dataFile];
}
