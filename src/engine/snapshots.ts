/**
 * Copies of a run's weights for "try the model" on another thread (`trySession.ts`), so a
 * prediction never waits for a training step: one at an epoch's end, at most every
 * `SNAPSHOT_MIN_MS` (alphabet's epochs take milliseconds), and one when the run ends.
 */
import type { RunConfig } from '../config/runConfig';
import type { ImdbVocab } from './data/imdb/vocab';
import type { RunModel } from './runModel';
import type { ModelSnapshot } from './types';
import { everyAtMost } from './rateLimit';

/** Shortest gap between two epoch-end snapshots: a few a second keep the answers fresh and the copies cheap. */
export const SNAPSHOT_MIN_MS = 250;

export interface Snapshots {
  /** After an epoch (its validation included): a snapshot unless the last one is too recent. */
  epochEnd(epoch: number): Promise<void>;
  /** When the run ends, with the weights it leaves (the best epoch's, if restored). */
  end(epoch: number): Promise<void>;
}

export function snapshots(
  model: RunModel, config: RunConfig, vocab: ImdbVocab | undefined, emit: (s: ModelSnapshot) => void,
  now: () => number = () => performance.now(),
): Snapshots {
  const gap = everyAtMost(SNAPSHOT_MIN_MS, now);
  let vocabSent = false;
  const take = async (epoch: number, final: boolean): Promise<void> => {
    const snapshot: ModelSnapshot = { config, weights: await model.getWeights(), epoch, final };
    // The vocabulary does not change during a run (and IMDB's is 88 k words): once is enough.
    if (vocab && !vocabSent) snapshot.vocabWords = vocab.words;
    vocabSent = true;
    emit(snapshot);
  };
  return {
    async epochEnd(epoch) {
      if (gap.due()) await take(epoch, false);
    },
    // The run's last weights always go, however soon after the previous snapshot.
    end(epoch) {
      return take(epoch, true);
    },
  };
}
