/**
 * The text card's "Keras code": the script for the card's settings and the text it read last
 * (its vocabulary size sets the model's Embedding and Dense), shown once a text has been read.
 */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { charTextSource } from '../../../engine/charText/charTextModel';
import type { KerasRun, UserKerasData } from '../../../engine/export/userKerasScript';
import { fileStem } from '../../../state/modelFiles';
import { UserKerasCode } from '../userData/UserKerasCode';
import { hpOfSettings, type TextRunStore } from './textRunStore';

export function TextKerasCode({ store }: { store: TextRunStore }) {
  const settings = useStore(store, (s) => s.settings);
  const summary = useStore(store, (s) => s.summary);
  const shown = useMemo(() => {
    if (!summary) return null;
    const hp = hpOfSettings(settings);
    const data: UserKerasData = {
      kind: 'text', file: summary.name, seqLength: settings.seqLength, step: settings.step,
      validationSplit: hp.validationSplit, minCount: settings.minCount, lower: false,
    };
    const run: KerasRun = { spec: charTextSource(summary.vocabulary).model(hp), hp };
    return { data, run, weightsFile: `${fileStem(summary.name.replace(/\.[^.]+$/, ''))}.h5` };
  }, [settings, summary]);
  if (!shown) return null;
  return <UserKerasCode {...shown} testId="yourText.keras-code" />;
}
