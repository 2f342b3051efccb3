/**
 * A run resumed from a checkpoint gives exactly the per-epoch figures of a run never interrupted
 * (typed trainer, same seed and threads), with dropout, shuffling and helper threads.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../config/runConfig';
import type { ScenarioId } from '../scenarios';
import type { AssetSource } from './data/assets';
import { TrainingSession, type SessionDeps } from './session';
import { inProcessTrainHelper } from './typed/testing';
import type { Checkpoint, EpochUpdate } from './types';

const noAssets: AssetSource = { fetchBytes: async (path) => Promise.reject(new Error(`unexpected read of ${path}`)) };
const session = (deps: Partial<SessionDeps> = {}) => new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' }, checkpointMinMs: 0, ...deps });

function config(id: ScenarioId, hp: Partial<RunConfig['hp']>): RunConfig {
  return { scenario: id, hp: { ...defaultConfig(id).hp, ...hp } };
}

const figures = (e: EpochUpdate) => [e.epoch, e.loss, e.acc, e.valLoss, e.valAcc];

async function uninterrupted(s: TrainingSession, c: RunConfig) {
  const epochs: EpochUpdate[] = [];
  const checkpoints: Checkpoint[] = [];
  const result = await s.train(c, { onEpoch: (e) => epochs.push(e), onCheckpoint: (k) => checkpoints.push(structuredClone(k)) }).done;
  expect(result.reason).toBe('completed');
  return { epochs, checkpoints };
}

describe('resume from a checkpoint', () => {
  it.each([
    ['trend with dropout and shuffling', 'trend', { samples: 160, epochs: 6, batchSize: 16, units: 6, dropout: 0.2, recurrentDropout: 0.2, shuffle: true }, 0],
    ['alphabet, batch 1', 'alphabet', { samples: 60, epochs: 5, batchSize: 1, units: 8 }, 0],
    ['the stateful alphabet', 'alphabet-stateful', { epochs: 5, units: 8 }, 0],
    ['trend on two threads (a helper takes half of each batch)', 'trend', { samples: 160, epochs: 5, batchSize: 32, units: 400, dropout: 0.2 }, 1],
    // tfjs keeps Adam on the backend: its moments, β powers and the masks' stream are saved too.
    ['trend on tfjs-layers (CPU backend), with dropout and shuffling', 'trend', { samples: 96, epochs: 4, batchSize: 8, units: 6, dropout: 0.2, recurrentDropout: 0.2, shuffle: true, trainer: 'layers', backend: 'cpu' }, 0],
    ['the stateful alphabet on the fused LSTM (CPU backend)', 'alphabet-stateful', { epochs: 4, units: 8, trainer: 'fused', backend: 'cpu' }, 0],
  ] as const)('%s: the resumed epochs equal the uninterrupted ones', async (_name, id, hp, helpers) => {
    const c = config(id, { backend: 'auto', ...hp });
    const candidate = 'trainer' in hp ? { trainer: hp.trainer, backend: hp.backend } : { trainer: 'typed', threads: 1 + helpers };
    const pool = Array.from({ length: helpers }, () => inProcessTrainHelper());
    const deps = helpers ? { trainHelpers: () => pool, helperCount: helpers } : {};
    const a = await uninterrupted(session(deps), c);
    // Where the run validates (trend), the checkpoint is taken after an epoch's batches and before
    // its validation pass; else at the epoch's end.
    const validates = id === 'trend';
    const at = a.checkpoints.find((k) => k.epoch === 2)!;
    expect(at.unvalidated?.epoch).toBe(validates ? 3 : undefined);
    expect(at.threads).toBe(1 + helpers);
    expect(at.candidate).toEqual(candidate);
    // A fresh session (a reloaded page) continues from the checkpoint.
    const resumed: EpochUpdate[] = [];
    const result = await session(deps).train(c, { onEpoch: (e) => resumed.push(e) }, { resumeFrom: at }).done;
    expect(result).toMatchObject({ reason: 'completed', epochsDone: hp.epochs });
    // The finished epochs come back first, then the rest, as the uninterrupted run had them.
    expect(resumed.map(figures)).toEqual(a.epochs.map(figures));
  });

  it('a reload during the last epoch’s validation pass loses that pass only: the resumed run validates it and ends as the uninterrupted one', async () => {
    const c = config('trend', { samples: 96, epochs: 3, batchSize: 8, units: 6, dropout: 0.2, recurrentDropout: 0.2, shuffle: true, restoreBest: true });
    const a = await uninterrupted(session(), c);
    const last = a.checkpoints[a.checkpoints.length - 1];
    // Taken after the last epoch's batches: the two finished epochs, and the third's training figures.
    expect(last).toMatchObject({ epoch: 2, unvalidated: { epoch: 3, loss: a.epochs[2].loss, acc: a.epochs[2].acc } });
    expect(last.unvalidated?.valLoss).toBeUndefined();
    expect(last.history.map(figures)).toEqual(a.epochs.slice(0, 2).map(figures));
    const resumed: EpochUpdate[] = [];
    let batches = 0;
    const run = session().train(c, { onEpoch: (e) => resumed.push(e), onBatch: () => batches++ }, { resumeFrom: last });
    const result = await run.done;
    // No batch is trained again: only the validation pass runs.
    expect(batches).toBe(0);
    expect(resumed.map(figures)).toEqual(a.epochs.map(figures));
    expect(result).toMatchObject({ reason: 'completed', epochsDone: 3 });
  });

  it('after a lost GPU mid-run: the run fails saying so, keeps no checkpoint read after the loss, and resumes to the same end', async () => {
    const c = config('trend', { samples: 96, epochs: 5, batchSize: 8, units: 6, dropout: 0.2, trainer: 'layers', backend: 'cpu' });
    const a = await uninterrupted(session(), c);
    // tfjs' CPU backend dressed as a WebGL one whose context is lost at the end of epoch 2, after
    // its figures: the next checkpoint (before epoch 3's validation) must not be written from a dead context.
    const backend = tf.backend() as unknown as { gpgpu?: unknown };
    let lost = false;
    backend.gpgpu = { gl: { isContextLost: () => lost } };
    const kept: Checkpoint[] = [];
    try {
      const run = session().train(c, {
        onCheckpoint: (k) => kept.push(structuredClone(k)),
        onEpoch: (e) => {
          if (e.epoch === 2) lost = true;
        },
      });
      await expect(run.done).rejects.toThrow(/the GPU stopped answering: WebGL's context was lost/);
    } finally {
      delete backend.gpgpu;
    }
    // Taken before epochs 1 and 2's validation passes, both before the loss.
    expect(kept.map((k) => k.epoch)).toEqual([0, 1]);
    const resumed: EpochUpdate[] = [];
    await session().train(c, { onEpoch: (e) => resumed.push(e) }, { resumeFrom: kept[1] }).done;
    expect(resumed.map(figures)).toEqual(a.epochs.map(figures));
  });

  it('refuses a checkpoint of other settings, or of a finished run', async () => {
    const c = config('trend', { samples: 64, epochs: 3, units: 4 });
    const { checkpoints } = await uninterrupted(session(), c);
    await expect(session().train({ ...c, hp: { ...c.hp, units: 5 } }, {}, { resumeFrom: checkpoints[0] }).done).rejects.toThrow(/other settings/);
    await expect(session().train({ ...c, hp: { ...c.hp, epochs: 1 } }, {}, { resumeFrom: checkpoints[0] }).done).rejects.toThrow(/other settings/);
    expect(checkpoints.map((k) => k.epoch)).toEqual([0, 1, 2]);
  });
});
