/**
 * What the cards' kept-runs tests share: the lab's store on memory storage (connected to the cards),
 * the parse client on this thread, and a fresh engine per card (a page load) whose checkpoints are
 * copied as they come (what a reload would find stored).
 */
import { defaultConfig } from '../../../config/runConfig';
import { TrainingSession } from '../../../engine/session';
import type { Checkpoint, TrainingEngine } from '../../../engine/types';
import { memoryDatasetStore } from '../../../platform/datasetStore';
import { memoryRunStore } from '../../../platform/runStore';
import { memoryCheckpointStore } from '../../../state/checkpoints';
import { createLabStore } from '../../../state/store';
import { createFakeEngine, manualSchedule } from '../../../state/testEngine';
import { createParseClient } from '../../../worker/parseClient';
import { connectLab } from './keptRuns';

/** The engine, with every checkpoint it sends copied into `caught`. */
function catching(session: TrainingSession, caught: Checkpoint[]): TrainingEngine {
  return new Proxy(session, {
    get(target, key) {
      if (key === 'train') {
        return ((config, callbacks, options) => target.train(config, { ...callbacks, onCheckpoint: (k) => {
          caught.push(structuredClone(k));
          callbacks.onCheckpoint?.(k);
        } }, options)) as TrainingEngine['train'];
      }
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export function keptRunsHarness() {
  const runStore = memoryRunStore();
  const datasets = memoryDatasetStore();
  const lab = createLabStore({
    engine: createFakeEngine(), schedule: manualSchedule(), runStore, datasets, checkpoints: memoryCheckpointStore(new Map()),
    initial: { config: defaultConfig('alphabet'), problems: [] },
  });
  connectLab(lab);
  const parse = createParseClient({ createWorker: null });
  const caught: Checkpoint[] = [];
  /** A card's own engine, as a page load makes it (checkpoints at every epoch). */
  const engine = (): TrainingEngine => catching(
    new TrainingSession({ assets: { fetchBytes: async (p) => Promise.reject(new Error(p)) }, backendEnv: { host: 'node' }, checkpointMinMs: 0 }),
    caught,
  );
  return { lab, runStore, datasets, parse, caught, engine };
}
