/** The results slice: everything the current run has reported, reset by each Train. */
import type { StateCreator } from 'zustand/vanilla';
import { appendBatches, emptySeries, globalStep, type SeriesOptions, DEFAULT_SERIES_OPTIONS } from './batchSeries';
import type { LabState, ResultsSlice } from './labState';

type ResultsData = Omit<ResultsSlice, 'resetResults' | 'applyUpdates' | 'setPreview' | 'setSummary' | 'setResult'>;

export function emptyResults(): ResultsData {
  return {
    epochs: [],
    batchSeries: emptySeries(),
    lastBatch: null,
    dataProgress: null,
    preview: null,
    summary: null,
    evaluation: null,
    result: null,
  };
}

export function createResultsSlice(
  series: SeriesOptions = DEFAULT_SERIES_OPTIONS,
): StateCreator<LabState, [], [], ResultsSlice> {
  return (set, get) => ({
    ...emptyResults(),

    resetResults() {
      set(emptyResults());
    },

    applyUpdates({ batches, epochs, data }) {
      const state = get();
      const patch: Partial<ResultsData> = {};
      if (batches.length > 0) {
        // Each update carries the losses of every batch since the previous one, ending with its own.
        const points = batches.flatMap((b) =>
          b.losses.map((loss, i) => ({ step: globalStep(b.epoch, b.batch - b.losses.length + 1 + i, b.batches), loss })),
        );
        patch.batchSeries = appendBatches(state.batchSeries, points, series);
        patch.lastBatch = batches[batches.length - 1];
      }
      if (epochs.length > 0) patch.epochs = [...state.epochs, ...epochs];
      if (data) patch.dataProgress = data;
      if (Object.keys(patch).length > 0) set(patch);
    },

    setPreview(preview) {
      set({ preview });
    },

    setSummary(summary) {
      set({ summary });
    },

    setResult(result) {
      set({ result, evaluation: result.evaluation ?? null });
    },
  });
}
