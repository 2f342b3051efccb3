/**
 * The labelled-texts card's "Keras code": the run as a Keras script that reads the same CSV columns
 * (or folder) with Keras' Tokenizer and pad_sequences, shown once the run has weights (the
 * tokenizer it fitted and the model it trains are the run's own).
 */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { userKerasDataOf, type KerasRun } from '../../../engine/export/userKerasScript';
import { classifyRow } from '../../../engine/textClassifier/classifyRow';
import { fileStem } from '../../../state/modelFiles';
import { UserKerasCode } from '../userData/UserKerasCode';
import { classifyTask, type LabelledRunStore } from './labelledRunStore';

export function LabelledKerasCode({ store }: { store: LabelledRunStore }) {
  const trained = useStore(store, (s) => s.trained);
  const settings = useStore(store, (s) => s.settings);
  const shown = useMemo(() => {
    if (!trained) return null;
    const { hp, labelled } = trained;
    const run: KerasRun = { spec: classifyRow.model(hp, labelled), hp };
    const weightsFile = `${fileStem(labelled.record.name.replace(/\.[^.]+$/, ''))}.h5`;
    return { data: userKerasDataOf(classifyTask({ ...settings, hp }), labelled), run, weightsFile };
  }, [trained, settings]);
  if (!shown) return null;
  return <UserKerasCode {...shown} testId="yourLabelled.keras-code" />;
}
