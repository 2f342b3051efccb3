/**
 * The "Your series" card's kept runs (`userData/keptRuns.ts` does the keeping for every kind): how a
 * kept series run is restored into the card — its settings and columns, its curves, its series
 * plotted with the kept model's answers when the CSV is still kept, Try and the model files from
 * its kept weights — and how an interrupted one resumes from its checkpoint.
 */
import type { DataRef, RunConfig } from '../../../config/runConfig';
import { configModel, keptSeriesModelData } from '../../../engine/configModel';
import type { PreparedSeries } from '../../../engine/seriesModel/seriesPredict';
import type { TrainingEngine } from '../../../engine/types';
import type { OpenedUserRun, ResumedUserRun } from '../../../state/userRunKinds';
import { keptRunsOf } from '../userData/keptRuns';
import { SERIES_CARD_SETTINGS, type SeriesColumns, type SeriesRunStore, type SeriesSettings, type SeriesSource, type SeriesTrained } from './seriesRunStore';

export const keptSeriesRuns = keptRunsOf('series');

/** The card's engine, with every run of a user's series kept. */
export const keepingSeriesRuns = (engine: TrainingEngine): TrainingEngine => keptSeriesRuns.keeping(engine);

/** At a run's start: its CSV is kept once by hash, with its name, size and preview. */
export function keepSeries(source: SeriesSource, data: PreparedSeries): void {
  keptSeriesRuns.keepDataset(data.record, { files: [{ name: source.name, bytes: source.bytes }] });
}

/** A run's (or a link's) settings as the card's: the data's reading from the task, the model's from the hyperparameters. */
export function seriesSettingsOf({ hp }: RunConfig, data: DataRef): SeriesSettings {
  const task = data.task.kind === 'series' ? data.task : undefined;
  return {
    task: task?.task ?? SERIES_CARD_SETTINGS.task, lookBack: hp.seqLength, scaler: task?.scaler ?? SERIES_CARD_SETTINGS.scaler,
    validationSplit: hp.validationSplit, units: hp.units, layers: hp.layers, activation: data.activation ?? 'relu', cell: hp.cell,
    dropoutLayerRate: hp.dropoutLayerRate, epochs: hp.epochs, batchSize: hp.batchSize, learningRate: hp.learningRate,
  };
}

/** The columns a run read, by name (null: the card's defaults, as the file offers them). */
export function seriesColumnsOf(data: DataRef): SeriesColumns | null {
  const task = data.task.kind === 'series' ? data.task : undefined;
  const names = task?.valueColumns?.filter((c): c is string => typeof c === 'string');
  if (!task || !names || names.length === 0 || typeof task.targetColumn !== 'string') return null;
  return { values: names, target: task.targetColumn, date: typeof task.dateColumn === 'string' ? task.dateColumn : null };
}

async function keptSource(hash: string): Promise<SeriesSource | null> {
  const file = (await keptSeriesRuns.datasetContent(hash))?.files[0];
  return file ? { name: file.name, bytes: file.bytes } : null;
}

/** Restores a kept run into the card. A run in progress is not replaced. */
export async function restoreSeriesRun(store: SeriesRunStore, run: OpenedUserRun): Promise<void> {
  const { phase } = store.getState();
  if (phase === 'reading' || phase === 'training' || phase === 'inspecting') {
    store.setState({ problem: 'Stop the series run in progress before opening another.' });
    return;
  }
  const { record, data } = run;
  const source = run.datasetKept ? await keptSource(data.hash) : null;
  let trained: SeriesTrained | null = null;
  if (run.model && data.series) {
    const model = keptSeriesModelData(record.config, data);
    trained = {
      saved: { spec: configModel(record.config), weights: run.model.weights, learningRate: record.config.hp.learningRate },
      data: { kind: 'series', task: model.task, lookBack: model.lookBack, columns: model.columns, target: data.series.target, scaler: model.scaler },
      epoch: run.model.epoch,
    };
  }
  keptSeriesRuns.showOpened(run, source !== null);
  await store.getState().showKept({
    source, settings: seriesSettingsOf(record.config, data), columns: seriesColumnsOf(data), epochs: record.epochs,
    batchLosses: record.batches.map((b) => b.loss), trained,
    result: record.result ?? { reason: 'stopped', epochsDone: record.epochs.length, last: record.epochs.at(-1) },
  });
}

/**
 * Resumes an interrupted series run from its checkpoint: its CSV comes back from the dataset store
 * by hash and is read again with the run's own columns and settings; the run continues its kept record.
 */
export async function resumeSeriesRun(store: SeriesRunStore, run: ResumedUserRun): Promise<void> {
  const { config } = run.checkpoint;
  const data = config.data;
  const refuse = (problem: string) => keptSeriesRuns.refuseResume(run, store, problem);
  if (!data || data.task.kind !== 'series') return refuse('This checkpoint is not of a run on a series.');
  const { phase } = store.getState();
  if (phase === 'reading' || phase === 'training' || phase === 'inspecting') return refuse('Stop the series run in progress before resuming another.');
  const source = await keptSource(data.hash);
  if (!source) return refuse(`The series “${data.name}” of this run is no longer kept in this browser, so it cannot be resumed; train on the file again instead.`);
  store.setState({ source, settings: seriesSettingsOf(config, data), columns: seriesColumnsOf(data), layout: null });
  await keptSeriesRuns.continueRun(run, () => store.getState().train(run.checkpoint));
}

/** Registers the card as where kept series runs open and resume. */
export function openSeriesRunsHere(store: SeriesRunStore): void {
  keptSeriesRuns.register({ open: (run) => void restoreSeriesRun(store, run), resume: (run) => void resumeSeriesRun(store, run) });
}
