/**
 * The "Your series" card's state: the CSV the user gave, the columns found in it (read in the parse
 * worker as soon as it is given, so the card can offer them), the user's choice of columns and
 * settings, the run in the training worker with its curves, the model's answers over the whole
 * series after each epoch (the plot), and "try the model". Plain zustand (no React), tested with
 * the engine itself in Node. A bad file or run never affects the next: each Train starts afresh.
 */
import { createStore } from 'zustand/vanilla';
import type { CellChoice, HyperParams } from '../../../config/hyperparams';
import { userDataConfig, validateFields } from '../../../config/runConfig';
import { dataRefOf } from '../../../engine/configModel';
import type { ScalerKind } from '../../../engine/data/user/scaler';
import type { SeriesTask } from '../../../engine/data/user/series';
import type { InspectRequest, InspectResult } from '../../../engine/inspect/types';
import type { PreparedUserData, UserTask } from '../../../engine/data/user/prepareUserData';
import { seriesDataFileOf, seriesModelDataOf, type SeriesDataFile } from '../../../engine/export/dataFile/series';
import type { SavedModel } from '../../../engine/export/kerasConfig';
import { userKerasDataOf, type KerasRun, type UserKerasData } from '../../../engine/export/userKerasScript';
import { SERIES_DEFAULT_ACTIVATION, SERIES_DEFAULTS, seriesSource, type SeriesActivation } from '../../../engine/seriesModel/seriesModel';
import { loadedSeriesNext, type LoadedSeries } from '../../../engine/seriesModel/loadedSeries';
import { answersOverSeries, type PreparedSeries } from '../../../engine/seriesModel/seriesPredict';
import type { Checkpoint, EpochUpdate, Plan, PredictResult, RunHandle, RunResult, TrainingEngine } from '../../../engine/types';
import type { ParseClient } from '../../../worker/parseClient';
import { runControls } from '../userData/runControls';

export interface SeriesSource {
  name: string;
  bytes: Uint8Array;
}

/** The card's settings: the data's (task, window, scaling, split) and the model's usual ones. */
export interface SeriesSettings {
  task: SeriesTask;
  lookBack: number;
  scaler: ScalerKind;
  validationSplit: number;
  units: number;
  layers: number;
  activation: SeriesActivation;
  /** The recurrent layer kind: LSTM, GRU or SimpleRNN. */
  cell: CellChoice;
  dropoutLayerRate: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
}

/** The series defaults with fewer epochs and a smaller model, so that a first run ends while one watches. */
export const SERIES_CARD_SETTINGS: SeriesSettings = {
  task: 'next', lookBack: SERIES_DEFAULTS.seqLength, scaler: 'minmax', validationSplit: SERIES_DEFAULTS.validationSplit,
  units: 32, layers: 1, activation: SERIES_DEFAULT_ACTIVATION, cell: 'lstm', dropoutLayerRate: SERIES_DEFAULTS.dropoutLayerRate, epochs: 20,
  batchSize: 32, learningRate: 0.01,
};

/** The columns the file offers: its numeric ones, and the ones holding dates. */
export interface SeriesLayout {
  numeric: string[];
  dates: string[];
  rows: number;
}

/** Which columns the model reads (`values`), which it predicts (`target`, one of them), and the plot's x axis. */
export interface SeriesColumns {
  values: string[];
  target: string;
  date: string | null;
}

/** What the plot draws: the target column as read, its x labels, and where training ends. */
export interface SeriesPlotData {
  name: string;
  target: string;
  task: SeriesTask;
  /** The date column's cells, or null when the x axis is the row's number. */
  dates: string[] | null;
  values: number[];
  lookBack: number;
  trainSamples: number;
  validationSamples: number;
}

export type SeriesRunPhase = 'idle' | 'inspecting' | 'reading' | 'training' | 'done' | 'failed';

export interface SeriesRunState {
  /** Who trains the current (or last) run, and why: the plan's words, shown under the buttons. */
  plan: Plan | null;
  source: SeriesSource | null;
  layout: SeriesLayout | null;
  columns: SeriesColumns | null;
  settings: SeriesSettings;
  phase: SeriesRunPhase;
  /** Reading progress (0–1) while the parse worker works. */
  progress: number | null;
  /** Why the file was refused or the run did not train, in a sentence. */
  problem: string | null;
  plot: SeriesPlotData | null;
  /** The model's answers over the series (answer s about row s + lookBack), after the latest epoch. */
  answers: number[] | null;
  batchLosses: number[];
  epochs: EpochUpdate[];
  result: RunResult | null;
  canTry: boolean;
  /** The latest weights the run sent, with what its model files need; null before the first epoch. */
  trained: SeriesTrained | null;
  /** The latest run as a Keras script's inputs: how its file was read and the model it trains (`SeriesKerasCode.tsx`). */
  keras: { data: UserKerasData; run: KerasRun } | null;
  /** A model loaded from its files (`.h5` or TensorFlow.js, with its `.data.json`), which Try answers from until the next Train. */
  loaded: { model: LoadedSeries; name: string } | null;
  loadModel(model: LoadedSeries, name: string): void;
  /** Whether the run in progress is paused. */
  paused: boolean;
  /**
   * Where Try and the plot's answers come from: the run's own worker, or `trained` on this thread
   * (a kept run opened from the Runs panel: no worker holds its weights or its series).
   */
  answersFrom: 'run' | 'kept';
  setSource(source: SeriesSource | null): Promise<void>;
  setColumns(columns: SeriesColumns): void;
  setSetting<K extends keyof SeriesSettings>(key: K, value: SeriesSettings[K]): void;
  /** Trains on the source; `resumeFrom`: continues that checkpoint's run instead (its configuration, the same file). */
  train(resumeFrom?: Checkpoint): Promise<void>;
  stop(): void;
  pause(): void;
  resume(): void;
  /** Shows a kept run (`keptSeriesRuns.ts`): its curves and settings, its series plotted when still kept, Try from its weights. */
  showKept(kept: KeptSeriesRun): Promise<void>;
  /** The next step after a typed series, from the latest run's model. */
  tryNext(text: string): Promise<PredictResult>;
  /** What the latest run's LSTMs do with a window of the series (`SeriesInspect.tsx`). */
  inspect(request: InspectRequest): Promise<InspectResult>;
}

/** What the model files are made of: the model with its latest weights, and the data file's fields. */
export interface SeriesTrained {
  saved: SavedModel;
  data: SeriesDataFile;
  epoch: number;
}

/** A kept run as the card shows it: everything but the file is from its record. */
export interface KeptSeriesRun {
  /** Its CSV when still kept (then plotted with the model's answers), or null. */
  source: SeriesSource | null;
  settings: SeriesSettings;
  columns: SeriesColumns | null;
  epochs: EpochUpdate[];
  batchLosses: number[];
  result: RunResult;
  /** Its weights and data file's fields, when its model is kept. */
  trained: SeriesTrained | null;
}

export interface SeriesRunDeps {
  engine: () => TrainingEngine;
  parse: () => ParseClient;
  /** Told when a run starts, with the file and the series it reads (its dataset is kept then: `keptSeriesRuns.ts`). */
  onRunStart?(source: SeriesSource, data: PreparedSeries): void;
}

export const hpOfSeriesSettings = (s: SeriesSettings): HyperParams => ({
  ...SERIES_DEFAULTS, seqLength: s.lookBack, validationSplit: s.validationSplit, units: s.units, layers: s.layers, cell: s.cell,
  dropoutLayerRate: s.dropoutLayerRate, epochs: s.epochs, batchSize: s.batchSize, learningRate: s.learningRate,
});

/** A setting out of bounds, in the form's sentence; null when they are all fine. */
export function seriesSettingsProblem(s: SeriesSettings): string | null {
  const problems = validateFields(hpOfSeriesSettings(s));
  return problems.length > 0 ? problems.map((p) => p.message).join(' ') : null;
}

/** The task `prepareUserData` is given for the chosen settings and columns. */
export function seriesTask(s: SeriesSettings, columns: SeriesColumns | null): Extract<UserTask, { kind: 'series' }> {
  return {
    kind: 'series', task: s.task, lookBack: s.lookBack, scaler: s.scaler, validationSplit: s.validationSplit,
    ...(columns ? { valueColumns: columns.values, targetColumn: columns.target, dateColumn: columns.date } : {}),
  };
}

/** The plot's data from a prepared series. */
export function plotOf(data: PreparedSeries): SeriesPlotData {
  const { series, target } = data;
  return {
    name: data.record.name, target: series.names[target], task: data.task, dates: series.dates ?? null,
    values: Array.from(series.columns[target]), lookBack: data.lookBack, trainSamples: data.trainSamples, validationSamples: data.validationSamples,
  };
}

/** A kept model's predictor on this thread (`pagePredictor`), loaded when first asked (most opened runs are never tried). */
async function keptPredictor(saved: SavedModel) {
  const { pagePredictor } = await import('../../../engine/pagePredictor');
  return pagePredictor(saved.spec, saved.weights);
}

/** The columns a read file offers. */
function layoutOf(data: PreparedSeries): SeriesLayout {
  const numeric = data.table.columns.filter((c) => c.kind === 'number').map((c) => c.name);
  const dates = data.table.columns.filter((c) => c.kind === 'date').map((c) => c.name);
  return { numeric, dates, rows: data.series.columns[0].length };
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e));

export function createSeriesRunStore(deps: SeriesRunDeps) {
  let handle: RunHandle | null = null;
  /** Each file given and each Train gets a number: a superseded one's late answers are dropped. */
  let generation = 0;
  /** The opened kept run's series as read again from its kept file (Inspect's windows of the data); none until read. */
  let keptColumns: Float64Array[] = [];
  /** One request for the plot's answers at a time; an epoch ending meanwhile asks again when it settles. */
  let fitting: Promise<void> | null = null;
  let fitAgain = false;

  return createStore<SeriesRunState>()((set, get) => {
    /**
     * The model Try and Inspect answer from on this thread: one loaded from its files, else an opened
     * kept run's weights; null while the run's own worker answers (or nothing is trained).
     */
    const modelHere = (): LoadedSeries | null => {
      const { loaded, trained, answersFrom } = get();
      if (loaded) return loaded.model;
      return trained && answersFrom === 'kept' ? { spec: trained.saved.spec, weights: trained.saved.weights, data: seriesModelDataOf(trained.data) } : null;
    };
    const prepare = async (task: UserTask, live: () => boolean): Promise<PreparedUserData | null> => {
      const source = get().source!;
      try {
        const outcome = await deps.parse().prepare({ kind: 'file', file: { name: source.name, bytes: source.bytes } }, task, (p) => {
          if (live()) set({ progress: p.fraction });
        }).done;
        if (!live()) return null;
        set({ progress: null });
        if (!outcome.ok) {
          set({ phase: 'failed', problem: outcome.problem.message });
          return null;
        }
        return outcome.data;
      } catch (e) {
        if (live()) set({ phase: 'failed', progress: null, problem: messageOf(e) });
        return null;
      }
    };

    const refreshAnswers = (live: () => boolean): void => {
      if (fitting) {
        fitAgain = true;
        return;
      }
      fitting = deps.engine().predict({ kind: 'seriesFit' }).then(
        (r) => {
          if (live() && r.kind === 'seriesFit') set({ answers: r.answers });
        },
        () => {},
      ).finally(() => {
        fitting = null;
        if (fitAgain && live()) {
          fitAgain = false;
          refreshAnswers(live);
        }
      });
    };

    return {
      source: null,
      layout: null,
      columns: null,
      settings: SERIES_CARD_SETTINGS,
      phase: 'idle',
      plan: null,
      progress: null,
      problem: null,
      plot: null,
      answers: null,
      batchLosses: [],
      epochs: [],
      result: null,
      canTry: false,
      trained: null,
      keras: null,
      loaded: null,
      loadModel: (model, name) => {
        if (get().phase === 'reading' || get().phase === 'training') return;
        set({ loaded: { model, name }, canTry: true });
      },
      paused: false,
      answersFrom: 'run',

      /** Reads the file's columns at once (the shortest window, nothing held out), so the card can offer them. */
      async setSource(source) {
        if (get().phase === 'reading' || get().phase === 'training') return;
        const mine = ++generation;
        set({ source, layout: null, columns: null, plot: null, answers: null, problem: null, phase: source ? 'inspecting' : 'idle' });
        if (!source) return;
        const data = await prepare({ kind: 'series', task: 'next', lookBack: 1, scaler: 'none', validationSplit: 0 }, () => mine === generation);
        if (!data || data.kind !== 'series') return;
        set({
          phase: 'idle',
          layout: layoutOf(data),
          columns: { values: data.series.names, target: data.series.names[0], date: data.series.dateName ?? null },
          plot: plotOf(data),
        });
      },
      setColumns: (columns) => set({ columns, problem: null }),
      setSetting: (key, value) => set({ settings: { ...get().settings, [key]: value }, problem: null }),
      ...runControls(() => handle, () => get().phase, (paused) => set({ paused })),
      async tryNext(text) {
        const model = modelHere();
        if (model) return loadedSeriesNext(model, text);
        return get().canTry ? deps.engine().predict({ kind: 'series', text }) : { kind: 'invalid', message: 'Train on a series first.' };
      },
      async inspect(request) {
        const model = modelHere();
        if (!model) return get().canTry ? deps.engine().inspect(request) : { kind: 'invalid', message: 'Train on a series first.' };
        if (request.kind !== 'series') return { kind: 'invalid', message: 'This model was trained on your series: look inside it with a series.' };
        const { inspectSeries } = await import('../../../engine/inspect/inspectSeries');
        const { task, lookBack, scaler, columns: names, target } = model.data;
        // A window of the data reads the kept run's series as its plot shows it; a loaded model has only typed windows.
        const columns = get().loaded ? [] : keptColumns;
        return inspectSeries({ spec: model.spec, weights: model.weights, data: { kind: 'series', series: { task, lookBack, scaler, names, target, columns } } }, request.window);
      },

      async showKept(kept) {
        if (get().phase === 'reading' || get().phase === 'training' || get().phase === 'inspecting') return;
        const mine = ++generation;
        keptColumns = [];
        set({
          source: kept.source, layout: null, columns: kept.columns, settings: kept.settings, phase: 'done', problem: null, progress: null,
          plot: null, answers: null, epochs: kept.epochs, batchLosses: kept.batchLosses, result: kept.result,
          trained: kept.trained, canTry: kept.trained !== null, paused: false, answersFrom: 'kept', loaded: null,
        });
        if (!kept.source) return;
        // The series plotted as the run read it, with the kept model's answers over it.
        const data = await prepare(seriesTask(kept.settings, kept.columns), () => mine === generation);
        if (!data || data.kind !== 'series' || mine !== generation) return;
        keptColumns = data.series.columns;
        set({ phase: 'done', plot: plotOf(data), layout: layoutOf(data), columns: kept.columns ?? { values: data.series.names, target: data.series.names[data.target], date: data.series.dateName ?? null } });
        if (!kept.trained) return;
        const answers = await answersOverSeries(await keptPredictor(kept.trained.saved), data).catch(() => null);
        if (mine === generation && answers) set({ answers });
      },

      async train(resumeFrom) {
        const { source, settings, columns, phase } = get();
        if (phase === 'reading' || phase === 'training' || phase === 'inspecting') return;
        const mine = ++generation;
        const live = () => mine === generation;
        if (!source) return set({ phase: 'failed', problem: 'Drop a CSV file of numbers, or choose one, first.' });
        if (columns && !columns.values.includes(columns.target)) {
          return set({ phase: 'failed', problem: `The column to predict, “${columns.target}”, is not among the columns the model reads; tick it or choose another.` });
        }
        const bad = seriesSettingsProblem(settings);
        if (bad) return set({ phase: 'failed', problem: bad });
        set({ phase: 'reading', plan: null, problem: null, answers: null, batchLosses: [], epochs: [], result: null, canTry: false, trained: null, paused: false, answersFrom: 'run', loaded: null });
        const data = await prepare(seriesTask(settings, columns), live);
        if (!data) return;
        if (data.kind !== 'series') return set({ phase: 'failed', problem: 'The file was not read as a series.' });
        set({ phase: 'training', plot: plotOf(data) });
        deps.onRunStart?.(source, data);
        const task = seriesTask(settings, columns);
        // The data by reference (name, hash, how it was read, its columns and scaler): what keeps, shares and resumes the run.
        const config = resumeFrom?.config ?? userDataConfig(hpOfSeriesSettings(settings), { ...dataRefOf(data, task), activation: settings.activation });
        const { hp } = config;
        const spec = seriesSource({ task: data.task, features: data.series.columns.length, activation: config.data?.activation ?? settings.activation }).model(hp);
        const dataFile = seriesDataFileOf(data);
        set({ keras: { data: userKerasDataOf(task, data), run: { spec, hp } } });
        handle = deps.engine().train(config, {
          onPlan: (plan) => live() && set({ plan }),
          onSnapshot: (snap) => live() && set({ trained: { saved: { spec, weights: snap.weights, learningRate: hp.learningRate }, data: dataFile, epoch: snap.epoch } }),
          onBatch: (b) => live() && set({ batchLosses: [...get().batchLosses, ...b.losses] }),
          onEpoch: (e) => {
            if (!live()) return;
            set({ epochs: [...get().epochs, e], canTry: true });
            refreshAnswers(live);
          },
        }, { data: { kind: 'series', series: data, activation: config.data?.activation ?? settings.activation }, ...(resumeFrom ? { resumeFrom } : {}) });
        try {
          const result = await handle.done;
          if (!live()) return;
          set({ phase: 'done', result, paused: false });
          // The answers of the model as it ended (the best epoch's, when restored).
          if (get().canTry) refreshAnswers(live);
        } catch (e) {
          if (live()) set({ phase: 'failed', problem: messageOf(e) });
        } finally {
          if (live()) handle = null;
        }
      },
    };
  });
}

export type SeriesRunStore = ReturnType<typeof createSeriesRunStore>;

