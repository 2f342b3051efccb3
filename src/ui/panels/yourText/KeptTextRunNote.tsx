/**
 * What the card shows about a kept run it opened (`keptTextRuns.ts`): which run, and when its text
 * was removed from the browser or its model was not kept, that it was and what still works.
 */
import { useStore } from 'zustand';
import { openedTextRun } from './keptTextRuns';

export function KeptTextRunNote() {
  const opened = useStore(openedTextRun, (s) => s.opened);
  if (!opened) return null;
  return (
    <div className="small your-text-opened" data-testid="yourText.opened" data-run-id={opened.runId} data-dataset={opened.datasetKept ? 'kept' : 'gone'}>
      <p>
        Showing the kept run “{opened.name}”, trained on {opened.dataName}.
      </p>
      {!opened.datasetKept && (
        <p className="field-error" data-testid="yourText.opened.dataGone">
          Its text “{opened.dataName}” is no longer kept in this browser (it was removed): the curves and Try still work; to train on it again,
          choose the file again.
        </p>
      )}
      {opened.modelMissing && <p className="field-error" data-testid="yourText.opened.modelMissing">{opened.modelMissing}</p>}
    </div>
  );
}
