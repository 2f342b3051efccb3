/**
 * The shape of the app's store, slice by slice. Types only, so the slices and the store can all
 * import it without an import cycle.
 */
import type { HpKey, Problem } from '../config/hyperparams';
import type { RunConfig } from '../config/runConfig';
import type {
  Checkpoint, Plan, BatchUpdate, DataProgress, DatasetPreview, EngineError, EpochUpdate, Evaluation,
  ModelSummary, PredictRequest, PredictResult, RunOptions, RunResult,
} from '../engine/types';
import type { ScenarioId } from '../scenarios';
import type { DamagedRecord, KeptModel, RecordKey, RunRecord, StorageUse } from '../platform/runStore';
import type { DatasetContent, DatasetRecord } from '../engine/data/user/datasetRecord';
import type { InspectRequest, InspectResult } from '../engine/inspect/types';
import type { BatchSeries } from './batchSeries';
import type { RunTracker } from './runRecording';

/** The configuration being edited: what the form shows and the URL encodes. */
export interface ConfigSlice {
  /** Always valid field by field; cross-field problems are in `configProblems`. */
  config: RunConfig;
  /** Raw text of fields being edited, so "1.0" is not rewritten to "1" mid-keystroke, and invalid text is kept. */
  drafts: Partial<Record<HpKey, string>>;
  /** Why a draft could not be committed, per field. */
  fieldErrors: Partial<Record<HpKey, string>>;
  /** `validateConfig(config)`: cross-field problems of the committed values. */
  configProblems: Problem[];
  /** What the URL had that could not be used; shown once in a dismissible banner. */
  urlProblems: Problem[];

  /**
   * Switches tutorial and loads its defaults (keeping the machine-level backend choices). A run of
   * the tutorial being left is stopped and its results cleared (`leaveRun`): every panel then
   * shows the selected tutorial only.
   */
  selectScenario(id: ScenarioId): void;
  /** Text from a number input, a checkbox's state, or a select's value. */
  setField(key: HpKey, raw: string | boolean): void;
  /** On blur: show a committed value in its canonical form again; invalid text stays. */
  settleField(key: HpKey): void;
  resetToDefaults(): void;
  /** Puts a whole configuration in the form (a run resumed or reopened with its own settings). */
  loadConfig(config: RunConfig): void;
  dismissUrlProblems(): void;
}

export type RunStatus = 'idle' | 'preparing' | 'training' | 'paused' | 'stopping' | 'done' | 'error';

export interface RunError extends EngineError {
  /**
   * 'data' when the dataset failed to load: the UI offers Retry next to the loader's message.
   * 'resume' when a resume failed before it trained: the run and its checkpoint are as they were.
   */
  phase: 'data' | 'train' | 'resume';
}

/** How a run starts: the engine's options, and the kept run it records into (a new id when absent). */
export interface StartOptions extends RunOptions {
  runId?: string;
}

/** An unfinished run whose checkpoint this tab can resume. */
export interface ResumableRun {
  /** Its kept record's id (the checkpoint's key). */
  runId: string;
  scenario: RunConfig['scenario'];
  /** What it trains on, in words: the tutorial's title, or "Your text: notes.txt" (`userRunKinds.ts`). */
  title: string;
  /** Epochs finished: it goes on from the next one. */
  epoch: number;
  epochs: number;
  /** It continues to the bit (not on a GPU, whose sums may round differently). */
  exact: boolean;
  /** Epoch `epoch + 1` was trained and only its validation pass is left. */
  validating: boolean;
}

export interface RunSlice {
  status: RunStatus;
  /** Increments per Train; callbacks from an older run are ignored. */
  runId: number;
  /** The kept run the current (or last) run records into; its checkpoints are kept under this id. */
  recordId: string | null;
  /** The configuration the current or last run trained with (the form may have moved on). */
  runConfig: RunConfig | null;
  error: RunError | null;
  /** Null until the current run reports who trains it and why (`engine/plan/`). */
  plan: Plan | null;
  /** Engine notices, e.g. "worker could not start, training on the main thread". */
  notices: string[];
  /**
   * Unfinished runs (a reload, a closed tab, a crash or a lost GPU left them) this tab can resume
   * from their checkpoints, newest first; none that another tab is training.
   */
  resumable: ResumableRun[];
  /** The one the banner offers: this tab's own unfinished run (before this page trained, the newest). */
  checkpointOffer: ResumableRun | null;
  /** Checkpoints that could not be read: never offered; each said in one sentence, to discard. */
  damagedCheckpoints: { runId: string; message: string }[];
  /** Kept runs another tab is training now. */
  trainingElsewhere: string[];

  /** Trains the form's configuration (or, with `resumeFrom` and `runId`, continues a run from its checkpoint). */
  startRun(options?: StartOptions): void;
  /** Looks for checkpoints of unfinished runs (at startup, after a run, when the tab is shown again). */
  findCheckpoints(): Promise<void>;
  /** Continues the unfinished run `runId` (the banner's by default) from its checkpoint, with its settings, unless another tab trains it. */
  resumeFromCheckpoint(runId?: string): Promise<void>;
  /** Forgets the checkpoint of `runId` (the banner's by default). */
  discardCheckpoint(runId?: string): Promise<void>;
  /**
   * A run of a user's data (trained by its card, on its own engine) takes its run's lock, as a
   * tutorial run does, so no tab offers to resume it while it trains. Resolves to the release, or
   * null when another tab trains that run.
   */
  holdUserRun(runId: string): Promise<(() => void) | null>;
  /** Runs of a user's data this tab is training now (each card's own engine). */
  userRunsTraining: string[];
  /** Keeps a checkpoint of a run of a user's data, for resuming after a reload (a failure is said once per run). */
  keepUserCheckpoint(runId: string, checkpoint: Checkpoint): Promise<void>;
  pauseRun(): void;
  resumeRun(): void;
  stopRun(): void;
  /**
   * Forgets the current or last run: stops it if active, ignores anything it still reports, and
   * clears its results, so nothing of it is shown next to another tutorial.
   */
  leaveRun(): void;
  addNotice(message: string): void;
  dismissNotice(index: number): void;
  /** Asks the trained model; rejects with the engine's error if it cannot answer. */
  predict(request: PredictRequest): Promise<PredictResult>;
  /** Looks inside the trained model (the Inspect view); rejects with the engine's error if it cannot. */
  inspect(request: InspectRequest): Promise<InspectResult>;
}

/** What the current run has produced. Reset by every Train. */
export interface ResultsSlice {
  epochs: EpochUpdate[];
  batchSeries: BatchSeries;
  lastBatch: BatchUpdate | null;
  dataProgress: DataProgress | null;
  preview: DatasetPreview | null;
  summary: ModelSummary | null;
  evaluation: Evaluation | null;
  result: RunResult | null;

  resetResults(): void;
  /** Applies a coalesced bundle of updates in one store write. */
  applyUpdates(updates: PendingUpdates): void;
  setPreview(preview: DatasetPreview): void;
  setSummary(summary: ModelSummary): void;
  setResult(result: RunResult): void;
}

/** Updates collected between two animation frames. */
export interface PendingUpdates {
  batches: BatchUpdate[];
  epochs: EpochUpdate[];
  data: DataProgress | null;
}

/**
 * A model the page can try and download: the current run's newest weights ('run'), a kept run's
 * ('kept') or a loaded file's ('file'). It belongs to the lab run `labRunId` (`RunSlice.runId`):
 * a new Train or another tutorial leaves it behind.
 */
export interface ShownModel {
  model: KeptModel;
  labRunId: number;
  source: 'run' | 'kept' | 'file';
  /** The kept run it comes from, if any. */
  runId?: string;
  /** A name for files and messages: the run's, or the loaded file's. */
  name: string;
}

/** A model read from a file, with the tutorial configuration that builds it (`matchScenario`). */
export interface LoadedModel {
  config: RunConfig;
  model: KeptModel;
  /** The file's name. */
  name: string;
}

/**
 * Something that went wrong keeping or reading runs, in words. Kept until the user dismisses it;
 * `key` names what it is about (`<run id>:record`, `<run id>:model`, `read`, `lost`…), so a newer
 * message about the same thing replaces the older one instead of piling up.
 */
export interface RunsProblem {
  key: string;
  text: string;
}

/** Kept runs (IndexedDB), comparing them, and the model the page can try and download. */
export interface RunsSlice {
  /** Kept runs, newest first, with the run in progress. */
  runs: RunRecord[];
  /** False until the first listing came back. */
  runsLoaded: boolean;
  storage: StorageUse | null;
  /** Stored records that are not run records this app can use: listed as damaged, to delete or export. */
  damagedRuns: DamagedRecord[];
  /** What went wrong keeping or reading runs, oldest first; each stays until dismissed. */
  runsProblems: RunsProblem[];
  /** Runs whose last write failed: they are on this page only. */
  unsavedIds: string[];
  model: ShownModel | null;
  /**
   * The kept run opened into the panels, while it is what they show (null for a model loaded from
   * a file, or none). `modelMissing`: why it has no model to try, in one sentence (removed by Free
   * space, not kept because storage failed, damaged…), where it has none.
   */
  opened: { runId: string; labRunId: number; modelMissing?: string } | null;
  /** Runs selected for comparison, in selection order, and their records. */
  compareIds: string[];
  compared: RunRecord[];

  /**
   * Starts recording a run as the kept run `run.id` (the store's engine calls it at each Train).
   * A resumed run continues that record.
   */
  trackRun(config: RunConfig, run: { id: string; resumed: boolean }): RunTracker;
  /**
   * Starts recording a run of a user's data, trained by its own card on an engine of its own: kept
   * and listed as any run, without touching what the tutorial panels show. `resumed`: it continues
   * its kept record (cut off by a reload).
   */
  trackUserRun(config: RunConfig, run: { id: string; resumed: boolean }): RunTracker;
  /** The user's kept datasets (records only, newest first): listed with the runs that use them. */
  datasets: DatasetRecord[];
  /** Keeps a dataset once by its hash (a second run on the same bytes writes nothing). */
  keepDataset(record: DatasetRecord, content: DatasetContent): Promise<void>;
  /** Removes a dataset on its own: the runs that used it keep their curves and weights. */
  deleteDataset(hash: string): Promise<void>;
  /** A kept dataset's bytes, or undefined when it was removed. */
  datasetContent(hash: string): Promise<DatasetContent | undefined>;
  refreshRuns(): Promise<void>;
  renameRun(id: string, name: string): Promise<void>;
  deleteRun(id: string): Promise<void>;
  /** Deletes a damaged record, by its key in the database. */
  deleteDamaged(key: RecordKey): Promise<void>;
  /** Brings a kept run back into the panels: its configuration, curves, evaluation and model. */
  openRun(id: string): Promise<void>;
  /** Makes a model read from a file the one the page tries, on its tutorial with the file's sizes. */
  openModel(loaded: LoadedModel): void;
  toggleCompare(id: string): void;
  clearCompare(): void;
  /** Evicts the weights of all but the newest `KEEP_MODELS` runs, keeping every run's curves. */
  freeSpace(): Promise<void>;
  dismissRunsProblem(key: string): void;
}

export type LabState = ConfigSlice & RunSlice & ResultsSlice & RunsSlice;
