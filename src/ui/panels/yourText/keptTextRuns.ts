/**
 * The "Your text" card's kept runs (`userData/keptRuns.ts` does the keeping for every kind): how a
 * kept text run is restored into the card — its curves, its settings, its text when still kept (so
 * Train runs it again), and Try from its kept weights — and how an interrupted one resumes from its
 * checkpoint. The card's store (`textRunStore.ts`) knows nothing of keeping.
 */
import { configModel, keptVocabulary } from '../../../engine/configModel';
import type { PreparedText } from '../../../engine/runData';
import type { TrainingEngine } from '../../../engine/types';
import type { OpenedUserRun, ResumedUserRun } from '../../../state/userRunKinds';
import { keptRunsOf } from '../userData/keptRuns';
import { TEXT_CARD_SETTINGS, type TextRunStore, type TextSource } from './textRunStore';

export { connectLab } from '../userData/keptRuns';

export const keptTextRuns = keptRunsOf('text');

/** The card's engine, with every run of a user's text kept. */
export const keepingTextRuns = (engine: TrainingEngine): TrainingEngine => keptTextRuns.keeping(engine);

/** At a run's start: its text is kept once by hash, with its name, size and preview. */
export function keepText(source: TextSource, text: PreparedText): void {
  keptTextRuns.keepDataset(text.record, { files: [{ name: source.name, bytes: source.bytes }] });
}

/** The kept text of a run, as the card's source, or null when it was removed. */
async function keptSource(hash: string): Promise<TextSource | null> {
  const file = (await keptTextRuns.datasetContent(hash))?.files[0];
  return file ? { name: file.name, bytes: file.bytes, origin: 'file' } : null;
}

/**
 * Restores a kept run into the card: its settings, curves and result; its text as the source (when
 * still kept, so Train runs it again); and its weights for Try. A run in progress is not replaced.
 */
export async function restoreTextRun(store: TextRunStore, engine: () => TrainingEngine, run: OpenedUserRun): Promise<void> {
  const state = store.getState();
  if (state.phase === 'reading' || state.phase === 'training') {
    store.setState({ problem: 'Stop the text run in progress before opening another.' });
    return;
  }
  const { record, data } = run;
  const task = data.task.kind === 'text' ? data.task : undefined;
  const { hp } = record.config;
  const source = run.datasetKept ? await keptSource(data.hash) : null;
  store.setState({
    source,
    settings: {
      seqLength: hp.seqLength, step: task?.step ?? TEXT_CARD_SETTINGS.step, cell: hp.cell, units: hp.units, epochs: hp.epochs,
      batchSize: hp.batchSize, learningRate: hp.learningRate, minCount: task?.minCount ?? 1,
    },
    phase: 'done',
    problem: null,
    summary: null,
    batchLosses: record.batches.map((b) => b.loss),
    epochs: record.epochs,
    samples: record.textSamples ?? [],
    result: record.result ?? { reason: 'stopped', epochsDone: record.epochs.length, last: record.epochs.at(-1) },
    paused: false,
    canTry: run.model !== undefined,
  });
  if (run.model) {
    // Try answers on the page's thread from `model`; Inspect asks the training worker, given the same weights.
    store.setState({ model: { model: { spec: configModel(record.config), weights: run.model.weights, vocabulary: keptVocabulary(data), seqLength: hp.seqLength, learningRate: hp.learningRate }, from: { kind: 'run' } } });
    engine().loadModel?.({ ...run.model, final: true });
  }
  keptTextRuns.showOpened(run, source !== null);
}

/**
 * Resumes an interrupted text run from its checkpoint: its text comes back from the dataset store
 * by hash and is read again with the run's own settings; the run continues its kept record.
 */
export async function resumeTextRun(store: TextRunStore, run: ResumedUserRun): Promise<void> {
  const { config } = run.checkpoint;
  const data = config.data;
  const refuse = (problem: string) => keptTextRuns.refuseResume(run, store, problem);
  if (!data || data.task.kind !== 'text') return refuse('This checkpoint is not of a run on a text.');
  const { phase } = store.getState();
  if (phase === 'reading' || phase === 'training') return refuse('Stop the text run in progress before resuming another.');
  const source = await keptSource(data.hash);
  if (!source) return refuse(`The text “${data.name}” of this run is no longer kept in this browser, so it cannot be resumed; train on the file again instead.`);
  const { hp } = config;
  store.setState({
    source,
    settings: {
      seqLength: hp.seqLength, step: data.task.step, cell: hp.cell, units: hp.units, epochs: hp.epochs, batchSize: hp.batchSize,
      learningRate: hp.learningRate, minCount: data.task.minCount ?? 1,
    },
  });
  await keptTextRuns.continueRun(run, () => store.getState().train(run.checkpoint));
}

/** Registers the card as where kept text runs open and resume. */
export function openTextRunsHere(store: TextRunStore, engine: () => TrainingEngine): void {
  keptTextRuns.register({ open: (run) => void restoreTextRun(store, engine, run), resume: (run) => void resumeTextRun(store, run) });
}
