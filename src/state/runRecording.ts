/**
 * Records a run as it goes: created at its start, written again with each of its checkpoints (so
 * an interrupted run's record holds the epochs its checkpoint resumes from; before the first
 * checkpoint, at epoch ends at most once per `WRITE_INTERVAL_MS`), one write at a time, each the
 * whole record so a later write repairs a failed one, and finished with its result and trained
 * weights. A failed write never reaches the
 * run: it is reported through `onError` and the run trains on, its curves and model still in the
 * page.
 */
import type { RunConfig } from '../config/runConfig';
import { INDEX_FROM } from '../engine/data/imdb/vocab';
import type { BatchUpdate, Checkpoint, EpochUpdate, ModelSnapshot, ModelSummary, Plan, RunOptions, RunResult, TrainCallbacks, TrainingEngine } from '../engine/types';
import type { GeneratedSamples } from '../engine/charText/generateText';
import { MAX_BATCH_POINTS, MAX_TEXT_SAMPLES, modelBytes, type KeptModel, type RunOutcome, type RunRecord, type RunStore } from '../platform/runStore';
import { runShortTitle } from './userRunKinds';
import { appendBatches, continuedSeries, emptySeries, globalStep, type BatchSeries, DEFAULT_SERIES_OPTIONS } from './batchSeries';

/** Epoch-end writes at most this often: alphabet's epochs take milliseconds. */
export const WRITE_INTERVAL_MS = 1000;

/** What the recorder tells the Runs panel. */
export interface RecordingEvents {
  /** A write went through: the record as stored. */
  onSaved(record: RunRecord): void;
  /**
   * A write failed: the record as it stood, why, and what was not kept: the record itself, or the
   * trained weights (the record then says `modelGone: 'not-kept'`).
   */
  onError(record: RunRecord, error: unknown, what: 'record' | 'model'): void;
  /** The run's newest weights (the final ones at its end), kept in the page whatever storage does. */
  onModel(model: KeptModel, runId: string): void;
}

export interface RunTracker {
  readonly id: string;
  plan(plan: Plan): void;
  summary(summary: ModelSummary): void;
  batch(update: BatchUpdate): void;
  /** `fresh`: trained in this run, not replayed from the checkpoint it resumed (default). */
  epoch(update: EpochUpdate, fresh?: boolean): void;
  snapshot(snapshot: ModelSnapshot): void;
  /** A text run's generated text after an epoch: kept with the record (the newest `MAX_TEXT_SAMPLES`). */
  textSamples(samples: GeneratedSamples): void;
  /** A checkpoint of the run was taken: the record is written with it, so both say the same epochs. */
  checkpoint(): void;
  /** The run ended; resolves once its last writes settled (failed or not). */
  finish(outcome: { result: RunResult } | { error: unknown }): Promise<void>;
}

export interface RecorderOptions {
  store: RunStore;
  /**
   * The record a resumed run continues (an interrupted one): its id, name, start, time and batch
   * curve carry on. It is not written until the resumed run trains a batch: a resume that fails
   * before (offline, data cleared) leaves it exactly as it was.
   */
  continues?: RunRecord;
  /** The kept record's id: the run slice gives each run its id (`newRunId`) before it starts, for its checkpoints and lock too. */
  id: string;
  events: RecordingEvents;
  now?: () => number;
}

const OUTCOME: Record<RunResult['reason'], RunOutcome> = { completed: 'completed', stopped: 'stopped', nan: 'nan' };

/** A new kept run's id (a UUID where the platform has them). */
export function newRunId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The vocabulary a model uses: words whose id is below its `vocabSize` (the rest read as out of vocabulary anyway). */
function usedVocab(config: RunConfig, words: readonly string[] | undefined): readonly string[] | undefined {
  return words?.slice(0, Math.max(0, config.hp.vocabSize - INDEX_FROM));
}

/** "Alphabet, 08:17:03" or "notes.txt, 08:17:03": the tutorial's short name or the data's, and the start time (the list shows the full title and date beside it). */
export function defaultRunName(config: RunConfig, startedAt: number): string {
  const when = new Date(startedAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return `${runShortTitle(config)}, ${when}`;
}

/** The kept batch curve of an interrupted run, to append the resumed run's batches to (from its checkpoint's step on). */
function resumedSeries(record: RunRecord): BatchSeries {
  return continuedSeries(record.batches, record.batchStride, { ...DEFAULT_SERIES_OPTIONS, maxPoints: MAX_BATCH_POINTS });
}

/** Time a record says it spent training; records written before `trainingMs` existed, their epochs' time. */
function trainedMs(record: RunRecord): number {
  return record.trainingMs ?? record.epochs.reduce((sum, e) => sum + e.seconds * 1000, 0);
}

export function startRecording(config: RunConfig, options: RecorderOptions): RunTracker {
  const { store, events } = options;
  const now = options.now ?? Date.now;
  const startedAt = now();
  const continued = options.continues;
  const record: RunRecord = {
    id: continued?.id ?? options.id,
    name: continued?.name ?? defaultRunName(config, startedAt),
    scenario: config.scenario,
    config,
    startedAt: continued?.startedAt ?? startedAt,
    outcome: 'running',
    // A resumed run's engine replays the finished epochs first (they replace the kept ones).
    epochs: continued ? [...continued.epochs] : [],
    batches: [],
    batchStride: 1,
    hasModel: false,
    modelBytes: 0,
    trainingMs: continued ? trainedMs(continued) : 0,
    ...(continued?.textSamples ? { textSamples: continued.textSamples } : {}),
  };
  /** Time spent training before this page's part: the closed-page gap of a resumed run never counts. */
  const trainedBefore = record.trainingMs ?? 0;
  let series: BatchSeries = continued ? resumedSeries(continued) : emptySeries();
  /** Whether this run trained a batch or an epoch yet (a resumed run's record is left alone until it does). */
  let trained = !continued;
  /** Once the run reports checkpoints, its epoch-end writes come with them (not on their own timer). */
  let paced = false;
  let vocab: readonly string[] | undefined;
  let latest: KeptModel | undefined;
  let lastWrite = -Infinity;
  /** One write at a time; `dirty` asks for another once it ends. */
  let writing: Promise<void> | null = null;
  let dirty = false;
  const snapshotOf = (): RunRecord => ({
    ...record, epochs: [...record.epochs], batches: series.kept, batchStride: series.stride, trainingMs: trainedBefore + (now() - startedAt),
  });

  const write = (): Promise<void> => {
    if (writing) {
      dirty = true;
      return writing;
    }
    dirty = false;
    lastWrite = now();
    const copy = snapshotOf();
    writing = store.put(copy).then(
      () => events.onSaved(copy),
      (e: unknown) => events.onError(copy, e, 'record'),
    ).finally(() => {
      writing = null;
      if (dirty) void write();
    });
    return writing;
  };
  /** Waits until nothing is being written or waiting to be. */
  const settled = async (): Promise<void> => {
    while (writing) await writing;
  };

  if (trained) void write();
  return {
    id: record.id,
    plan(plan) {
      record.plan = plan;
    },
    summary(summary) {
      record.summary = summary;
    },
    batch(b) {
      trained = true;
      const points = b.losses.map((loss, i) => ({ step: globalStep(b.epoch, b.batch - b.losses.length + 1 + i, b.batches), loss }));
      series = appendBatches(series, points, { ...DEFAULT_SERIES_OPTIONS, maxPoints: MAX_BATCH_POINTS });
    },
    epoch(update, fresh = true) {
      if (fresh) trained = true;
      // A resumed run's replayed and retrained epochs replace what the record had from that epoch on.
      record.epochs.splice(update.epoch - 1, record.epochs.length, update);
      if (trained && !paced && now() - lastWrite >= WRITE_INTERVAL_MS) void write();
    },
    checkpoint() {
      paced = true;
      if (trained) void write();
    },
    textSamples(samples) {
      // A resumed run writes its epochs again: an epoch's newer text replaces the kept one.
      const kept = (record.textSamples ?? []).filter((s) => s.epoch < samples.epoch);
      record.textSamples = [...kept, samples].slice(-MAX_TEXT_SAMPLES);
    },
    snapshot(snapshot) {
      if (snapshot.vocabWords) vocab = usedVocab(config, snapshot.vocabWords);
      latest = { config: snapshot.config, weights: snapshot.weights, epoch: snapshot.epoch, ...(vocab ? { vocabWords: vocab } : {}) };
      events.onModel(latest, record.id);
    },
    async finish(outcome) {
      // A resume that ended before it trained anything changed nothing: its record stays as it was.
      if (!trained) return;
      record.endedAt = now();
      if ('error' in outcome) {
        record.outcome = 'failed';
        const e = outcome.error;
        record.error = e && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e);
      } else {
        record.outcome = OUTCOME[outcome.result.reason];
        record.result = outcome.result;
      }
      await settled();
      // The weights first: a record that says it has a model must have one.
      if (latest && record.outcome !== 'failed') {
        try {
          await store.putModel(record.id, latest);
          record.hasModel = true;
          record.modelBytes = modelBytes(latest);
        } catch (e) {
          // The record says so, so the Runs panel tells this apart from weights removed by Free space.
          record.modelGone = 'not-kept';
          events.onError(snapshotOf(), e, 'model');
        }
      }
      await write();
      await settled();
    },
  };
}

/**
 * The engine, with every run recorded: `track` is asked for a tracker at each Train, and gets
 * the run's reports alongside the caller's own callbacks. Recording never changes what the caller sees.
 */
export function recordingEngine(engine: TrainingEngine, track: (config: RunConfig, options?: RunOptions) => RunTracker): TrainingEngine {
  return {
    prepare: () => engine.prepare(),
    predict: (request) => engine.predict(request),
    inspect: (request) => engine.inspect(request),
    memory: () => engine.memory(),
    dispose: () => engine.dispose(),
    ...(engine.loadModel ? { loadModel: (snapshot: ModelSnapshot) => engine.loadModel!(snapshot) } : {}),
    train(config, callbacks, options) {
      const tracker = track(config, options);
      const both: TrainCallbacks = {
        ...callbacks,
        onPlan: (p) => (tracker.plan(p), callbacks.onPlan?.(p)),
        onSummary: (s) => (tracker.summary(s), callbacks.onSummary?.(s)),
        onBatch: (u) => (tracker.batch(u), callbacks.onBatch?.(u)),
        // A resumed run's first epochs are its checkpoint's, replayed for the curves.
        onEpoch: (u) => (tracker.epoch(u, u.epoch > (options?.resumeFrom?.epoch ?? 0)), callbacks.onEpoch?.(u)),
        onSnapshot: (s) => (tracker.snapshot(s), callbacks.onSnapshot?.(s)),
        // Only where the caller asks for generated text (the session writes none otherwise).
        ...(callbacks.onTextSamples ? { onTextSamples: (s: GeneratedSamples) => (tracker.textSamples(s), callbacks.onTextSamples!(s)) } : {}),
        ...(callbacks.onCheckpoint ? { onCheckpoint: (c: Checkpoint) => (tracker.checkpoint(), callbacks.onCheckpoint!(c)) } : {}),
      };
      let handle: ReturnType<TrainingEngine['train']>;
      try {
        handle = engine.train(config, both, options);
      } catch (e) {
        void tracker.finish({ error: e });
        throw e;
      }
      handle.done.then(
        (result) => tracker.finish({ result }),
        (error: unknown) => tracker.finish({ error }),
      );
      return handle;
    },
  };
}
