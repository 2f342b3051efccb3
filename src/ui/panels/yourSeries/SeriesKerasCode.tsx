/**
 * The series card's "Keras code": the latest run as a Keras script that reads the same CSV columns,
 * fits the same scaler on the training rows and cuts the same `lookBack` windows.
 */
import { useStore } from 'zustand';
import { fileStem } from '../../../state/modelFiles';
import { UserKerasCode } from '../userData/UserKerasCode';
import type { SeriesRunStore } from './seriesRunStore';

export function SeriesKerasCode({ store }: { store: SeriesRunStore }) {
  const keras = useStore(store, (s) => s.keras);
  if (!keras) return null;
  const weightsFile = `${fileStem(keras.data.file.replace(/\.[^.]+$/, ''))}.h5`;
  return <UserKerasCode data={keras.data} run={keras.run} weightsFile={weightsFile} testId="yourSeries.keras-code" />;
}
