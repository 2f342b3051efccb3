/**
 * What a user-data card shows about a kept run it opened (`keptRuns.ts`): which run, and when its
 * dataset was removed from the browser or its model was not kept, that it was and what still works.
 */
import { useStore } from 'zustand';
import type { KeptRuns } from './keptRuns';

export function KeptRunNote({ runs, testIdPrefix, dataWord }: {
  runs: KeptRuns;
  testIdPrefix: string;
  /** What the card calls its data: "text", "series". */
  dataWord: string;
}) {
  const opened = useStore(runs.opened, (s) => s.opened);
  if (!opened) return null;
  return (
    <div className="small user-data-opened" data-testid={`${testIdPrefix}.opened`} data-run-id={opened.runId} data-dataset={opened.datasetKept ? 'kept' : 'gone'}>
      <p>
        Showing the kept run “{opened.name}”, trained on {opened.dataName}.
      </p>
      {!opened.datasetKept && (
        <p className="field-error" data-testid={`${testIdPrefix}.opened.dataGone`}>
          Its {dataWord} “{opened.dataName}” is no longer kept in this browser (it was removed): the curves and Try still work; to train on
          it again, choose the file again.
        </p>
      )}
      {opened.modelMissing && <p className="field-error" data-testid={`${testIdPrefix}.opened.modelMissing`}>{opened.modelMissing}</p>}
    </div>
  );
}
