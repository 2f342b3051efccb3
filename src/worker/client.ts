/**
 * The worker client: the same TrainingEngine interface as the in-thread session, backed by a
 * module Web Worker. If the worker cannot start, it falls back to a session on the main thread and
 * says so; if the worker crashes, pending runs fail with a clear error and the next call starts a
 * fresh worker. Stop settles a run within `STOP_SETTLE_MS` whatever the worker is doing, and a
 * worker too stuck even to acknowledge it is replaced.
 */
import type { RunConfig } from '../config/runConfig';
import type {
  EngineError, EpochUpdate, MemoryInfo, ModelSnapshot, PredictRequest, PredictResult, RunHandle, RunOptions, RunResult, TrainCallbacks, TrainingEngine,
} from '../engine/types';
import type { InspectRequest, InspectResult } from '../engine/inspect/types';
import { transferablesOf } from './parseProtocol';
import type { FromWorker, ToWorker } from './protocol';
import { createTryClient } from './tryClient';

export interface EngineOptions {
  /** Things the user should know about where training runs (fallback, crash). */
  onNotice?: (message: string) => void;
  /** How to start the worker; tests inject their own. */
  createWorker?: () => Worker;
  /** How to start the try-the-model worker (`try.worker.ts`); tests inject their own. */
  createTryWorker?: () => Worker;
  /** How long to wait for the worker's "ready" before falling back. */
  readyTimeoutMs?: number;
}

/**
 * How long Stop may take to settle a run: under the 1 s a user may wait, with room for the frame
 * that shows it. Past it the run is reported stopped anyway (the epochs
 * seen so far), and a worker that has not even acknowledged the Stop is stuck (a synchronous build
 * of a huge model, a WebAssembly module blocked after a trap) and is replaced: what was in flight
 * on it fails, and the next call starts a fresh worker.
 */
export const STOP_SETTLE_MS = 900;

const defaultCreateWorker = (): Worker =>
  new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'lstm-lab-training' });

function engineError(e: EngineError): Error {
  const error = new Error(e.message);
  error.name = e.name;
  if (e.detail !== undefined) Object.assign(error, { detail: e.detail });
  return error;
}

interface PendingRun {
  callbacks: TrainCallbacks;
  resolve(result: RunResult): void;
  reject(error: Error): void;
  /** The worker has said it got this run's Stop (`stopping`). */
  stopAcknowledged?: boolean;
}
interface PendingRequest {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** A live worker and the calls waiting on it. */
class WorkerConnection {
  readonly runs = new Map<number, PendingRun>();
  readonly requests = new Map<number, PendingRequest>();
  constructor(
    readonly worker: Worker,
    private readonly onCrash: (connection: WorkerConnection, error: EngineError) => void,
  ) {
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.onCrash(this, { name: 'WorkerCrashed', message: event.message || 'The training worker stopped unexpectedly.' });
    };
  }

  send(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  /** Fails everything in flight: used when the worker dies. */
  failAll(error: EngineError): void {
    for (const run of this.runs.values()) run.reject(engineError(error));
    for (const request of this.requests.values()) request.reject(engineError(error));
    this.runs.clear();
    this.requests.clear();
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'fatal':
        this.onCrash(this, message.error);
        return;
      case 'predicted':
      case 'inspected':
      case 'memoryInfo':
      case 'requestError': {
        const request = this.requests.get(message.requestId);
        this.requests.delete(message.requestId);
        if (message.type === 'requestError') request?.reject(engineError(message.error));
        else request?.resolve(message.type === 'memoryInfo' ? message.memory : message.result);
        return;
      }
    }
    // Everything else belongs to a run; messages from a run nobody waits for any more are dropped.
    const run = this.runs.get(message.runId);
    if (!run) return;
    const cb = run.callbacks;
    switch (message.type) {
      case 'plan':
        return cb.onPlan?.(message.plan);
      case 'data':
        return cb.onData?.(message.progress);
      case 'preview':
        return cb.onPreview?.(message.preview);
      case 'summary':
        return cb.onSummary?.(message.summary);
      case 'batch':
        return cb.onBatch?.(message.update);
      case 'epoch':
        return cb.onEpoch?.(message.update);
      case 'snapshot':
        return cb.onSnapshot?.(message.snapshot);
      case 'checkpoint':
        return cb.onCheckpoint?.(message.checkpoint);
      case 'textSamples':
        return cb.onTextSamples?.(message.samples);
      case 'stopping':
        run.stopAcknowledged = true;
        return;
      case 'done':
        this.runs.delete(message.runId);
        return run.resolve(message.result);
      case 'runError':
        this.runs.delete(message.runId);
        return run.reject(engineError(message.error));
    }
  }
}

/** Starts a worker and resolves once it says it is ready; rejects if it fails to load in time. */
function startWorker(create: () => Worker, timeoutMs: number): Promise<Worker> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = create();
    } catch (e) {
      reject(e);
      return;
    }
    const timer = setTimeout(() => {
      worker.terminate();
      reject(new Error(`the worker did not start within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      if (event.data.type !== 'ready') return;
      clearTimeout(timer);
      resolve(worker);
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      clearTimeout(timer);
      worker.terminate();
      reject(new Error(event.message || 'the worker script failed to load'));
    };
  });
}

type Host = { kind: 'worker'; connection: WorkerConnection } | { kind: 'local'; engine: TrainingEngine };

/** Callbacks that go quiet once `live()` turns false (a run already reported stopped). */
function whileLive(callbacks: TrainCallbacks, live: () => boolean): TrainCallbacks {
  const gated: TrainCallbacks = {};
  for (const key of Object.keys(callbacks) as (keyof TrainCallbacks)[]) {
    const callback = callbacks[key] as ((value: unknown) => void) | undefined;
    (gated as Record<string, (value: unknown) => void>)[key] = (value) => {
      if (live()) callback?.(value);
    };
  }
  return gated;
}

export function createEngine(options: EngineOptions = {}): TrainingEngine {
  const notice = options.onNotice ?? (() => undefined);
  const create = options.createWorker ?? defaultCreateWorker;
  // Answers "try the model" from snapshots of the weights, so they never wait behind training.
  const tryClient = createTryClient(options.createTryWorker);
  // Word attributions take up to a few hundred ms on a long review: they have a try worker of
  // their own, so the traces for the next keystroke never wait behind them. It starts when first
  // asked: most runs are never asked for attributions.
  const attributionsClient = createTryClient(options.createTryWorker, { lazy: true });
  const bothTryClients = [tryClient, attributionsClient];
  let host: Promise<Host> | undefined;
  let nextId = 1;
  /** The run started last: only its snapshots are loaded (a stopped run's late ones are not). */
  let latestRun = 0;
  /** A model given by `loadModel` (a kept run, a file): only the try worker holds it, the training worker never does. */
  let loadedElsewhere = false;

  /** The live worker's connection, so an old one's late crash cannot drop its successor. */
  let current: WorkerConnection | undefined;

  /** Stops a worker and fails what waits on it; the next call starts a fresh one. */
  const replace = (connection: WorkerConnection, error: EngineError): void => {
    connection.worker.terminate();
    connection.failAll(error);
    if (connection === current) {
      current = undefined;
      host = undefined;
    }
  };

  const onCrash = (connection: WorkerConnection, error: EngineError): void => {
    replace(connection, error);
    notice(`The training worker crashed (${error.message}). The page still works: Train starts a fresh worker.`);
  };

  const onUnresponsive = (connection: WorkerConnection): void => {
    replace(connection, { name: 'WorkerRestarted', message: 'The training worker stopped responding and was restarted.' });
    notice('The training worker did not respond to Stop (it was stuck in a long computation), so it was restarted. The next run starts fresh.');
  };

  const getHost = (): Promise<Host> => {
    host ??= startWorker(create, options.readyTimeoutMs ?? 20_000)
      .then((worker): Host => {
        current = new WorkerConnection(worker, onCrash);
        return { kind: 'worker', connection: current };
      })
      .catch(async (e): Promise<Host> => {
        notice(`The training worker could not start (${e instanceof Error ? e.message : String(e)}), so training runs on the main thread; the page may feel slower.`);
        const [{ TrainingSession }, { browserSessionDeps }] = await Promise.all([
          import('../engine/session'),
          import('./browserEnvironment'),
        ]);
        return { kind: 'local', engine: new TrainingSession(browserSessionDeps('main-thread')) };
      });
    return host;
  };

  const request = async <T>(make: (requestId: number) => ToWorker, local: (engine: TrainingEngine) => Promise<T>): Promise<T> => {
    const h = await getHost();
    if (h.kind === 'local') return local(h.engine);
    const requestId = nextId++;
    return new Promise<T>((resolve, reject) => {
      h.connection.requests.set(requestId, { resolve: resolve as (v: unknown) => void, reject });
      h.connection.send(make(requestId));
    });
  };

  return {
    prepare() {
      void getHost().then((h) => (h.kind === 'worker' ? h.connection.send({ type: 'prepare' }) : h.engine.prepare()), () => undefined);
    },
    train(config: RunConfig, callbacks: TrainCallbacks, options?: RunOptions): RunHandle {
      const runId = nextId++;
      // Controls pressed before the host is ready are applied once it is.
      let control: Pick<RunHandle, 'pause' | 'resume' | 'stop'> | undefined;
      const early: ('pause' | 'resume')[] = [];
      let stopPressed = false;
      let settled = false;
      let connection: WorkerConnection | undefined;
      // What a run reported stopped before it wound down says: the epochs seen so far.
      let epochsDone = 0;
      let last: EpochUpdate | undefined;
      const live = whileLive(callbacks, () => !settled);
      latestRun = runId;
      loadedElsewhere = false;
      const tutorialData = (options?.data?.kind ?? 'tutorial') === 'tutorial';
      bothTryClients.forEach((c) => c.clear());
      const tracked: TrainCallbacks = {
        ...live,
        onSnapshot: (snapshot) => {
          // The try workers rebuild a tutorial's model; a user's data's model is tried by its card.
          if (runId === latestRun && tutorialData) bothTryClients.forEach((c) => c.load(snapshot));
          live.onSnapshot?.(snapshot);
        },
        onEpoch: (update) => {
          if (settled) return;
          epochsDone = update.epoch;
          last = update;
          live.onEpoch?.(update);
        },
      };
      let stoppedInTime: (result: RunResult) => void = () => undefined;
      const stopDeadline = new Promise<RunResult>((resolve) => (stoppedInTime = resolve));

      const running = getHost().then((h): Promise<RunResult> | RunResult => {
        // Stopped before there was anywhere to run it: it never starts.
        if (stopPressed) return { reason: 'stopped', epochsDone: 0 };
        if (h.kind === 'local') {
          const handle = h.engine.train(config, tracked, options);
          control = handle;
          early.forEach((what) => handle[what]());
          return handle.done;
        }
        connection = h.connection;
        return new Promise<RunResult>((resolve, reject) => {
          h.connection.runs.set(runId, { callbacks: tracked, resolve, reject });
          // A user's prepared data is moved, not copied: cloning a 50 MB text's 100 MB of codes
          // would hold the page for a third of a second (RunOptions.data says the caller gives it up).
          h.connection.send({ type: 'train', runId, config, options }, transferablesOf(options?.data));
          control = {
            pause: () => h.connection.send({ type: 'pause', runId }),
            resume: () => h.connection.send({ type: 'resume', runId }),
            stop: () => h.connection.send({ type: 'stop', runId }),
          };
          early.forEach((what) => control![what]());
        });
      });
      const done = Promise.race([running, stopDeadline]);
      const markSettled = () => {
        settled = true;
      };
      done.then(markSettled, markSettled);

      const stop = (): void => {
        if (stopPressed) return;
        stopPressed = true;
        control?.stop();
        setTimeout(() => {
          if (settled) return;
          const pending = connection?.runs.get(runId);
          stoppedInTime({ reason: 'stopped', epochsDone, last });
          if (connection && pending && !pending.stopAcknowledged) onUnresponsive(connection);
        }, STOP_SETTLE_MS);
      };
      const act = (what: 'pause' | 'resume') => (control ? control[what]() : early.push(what));
      return { pause: () => act('pause'), resume: () => act('resume'), stop, done };
    },
    predict: async (req: PredictRequest) =>
      (await tryClient.predict(req)) ??
      (loadedElsewhere
        ? { kind: 'invalid', message: 'This model cannot be tried here: its helper thread could not start.' }
        : request<PredictResult>((requestId) => ({ type: 'predict', requestId, request: req }), (e) => e.predict(req))),
    loadModel(snapshot: ModelSnapshot) {
      // Late snapshots of a run still winding down must not replace it.
      latestRun = nextId++;
      loadedElsewhere = true;
      bothTryClients.forEach((c) => {
        c.clear();
        c.load(snapshot);
      });
    },
    inspect: async (req: InspectRequest) =>
      (await (req.kind === 'review' && req.attributions ? attributionsClient : tryClient).inspect(req)) ??
      (loadedElsewhere
        ? { kind: 'invalid', message: 'This model cannot be inspected here: its helper thread could not start.' }
        : request<InspectResult>((requestId) => ({ type: 'inspect', requestId, request: req }), (e) => e.inspect(req))),
    memory: () => request<MemoryInfo>((requestId) => ({ type: 'memory', requestId }), (e) => e.memory()),
    dispose() {
      bothTryClients.forEach((c) => c.dispose());
      void host?.then((h) => (h.kind === 'worker' ? h.connection.worker.terminate() : h.engine.dispose()));
      host = undefined;
      current = undefined;
    },
  };
}
