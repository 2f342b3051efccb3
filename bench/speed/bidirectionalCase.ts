/**
 * What the Bidirectional LSTM part (`--bidirectional`, issue #21's third speed row) measures: the
 * short-reviews card's model (`src/scenarios/shortReviews.ts`: Embedding(20000, 64,
 * mask_zero=True) → Dropout → Bidirectional(LSTM(64, return_sequences=True)) →
 * GlobalAveragePooling1D → Dropout → Dense(1, sigmoid), batch 32) on batches of one length, one row per length the card's epoch is made of. Pure (no
 * tfjs, no I/O): the rows, the cases and the records are unit-tested.
 *
 * Padding, treated alike on both sides: the card trains on batches of similar length and skips
 * the steps that are padding in every row, so a batch costs about its rows' length; these
 * batches have none (synthetic word ids ≥ 1, every row as long as the batch). Our trainer keeps
 * its mask as the app trains (Embedding(mask_zero=True): the mask is built and read, no step is
 * masked); PyTorch runs its plain `nn.LSTM(bidirectional=True)` on the same tensors (nothing to
 * pack).
 */
import type { HyperParams } from '../../src/config/hyperparams';
import type { ModelSpec } from '../../src/engine/spec/types';
import { SCENARIOS } from '../../src/scenarios';
import type { TrainCase } from './engineBench';
import { countFlops, lstmShapes } from './models';
import { gflopsOf } from './records';
import { summarize, type Summary } from './stats';

/**
 * The batch lengths of the card's epoch: every training review is seen once as a 10–50-word
 * window and once whole (`src/engine/data/imdb/shortReviews.ts`), so half its batches are of
 * each. A step's cost grows with its length, so each half is timed at its mean length.
 */
export const BIDIRECTIONAL_ROWS = [
  {
    id: 'window',
    /** The start marker and 10–50 words: 31 on average. */
    steps: 31,
    what: 'a 10–50-word window (the start marker and 30 words on average)',
  },
  {
    id: 'review',
    /** IMDB's 25,000 training reviews (start marker included) cut at the card's 400: 208.9 on average (median 175). */
    steps: 209,
    what: 'a whole review (IMDB’s training reviews cut at 400 ids: 209 on average)',
  },
] as const;
export type BidirectionalRow = (typeof BIDIRECTIONAL_ROWS)[number];
export type BidirectionalRowId = BidirectionalRow['id'];

/** The card the model comes from. */
export const BIDIRECTIONAL_SCENARIO = 'short-reviews';

/** One row's model: the card's, at its defaults, its input `row.steps` long. */
export interface BidirectionalCase extends TrainCase {
  row: BidirectionalRow;
}

export function bidirectionalCase(row: BidirectionalRow): BidirectionalCase {
  const s = SCENARIOS[BIDIRECTIONAL_SCENARIO];
  const hp: HyperParams = { ...s.defaults, seqLength: row.steps };
  const spec: ModelSpec = s.model(hp);
  const flops = countFlops(spec);
  return {
    row, hp, spec, batchSize: hp.batchSize,
    // Steps are timed, not epochs: one batch stands for its half of the epoch.
    trainSamples: hp.batchSize, batchesPerEpoch: 1, epochs: 1, validationSamples: 0,
    vocabSize: hp.vocabSize, flops, trainingFlopsPerBatch: flops.trainingPerSample * hp.batchSize, lstms: lstmShapes(spec),
  };
}

/** One side's training steps on one row's batches. */
export interface BidirectionalRecord {
  type: 'bidirectional';
  who: 'ours' | 'torch';
  row: BidirectionalRowId;
  /** The batch's length (timesteps). */
  steps: number;
  threads: number;
  batchSize: number;
  /** ms per training step (forward, backward, Adam). */
  ms: Summary;
  samples: number[];
  gflops: number;
  /** What ran: the typed trainer's kernels, or PyTorch's version and BLAS. */
  detail: string;
  notes?: string[];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

export function bidirectionalRecord(
  c: BidirectionalCase, who: BidirectionalRecord['who'], threads: number, samples: number[], detail: string, notes?: string[],
): BidirectionalRecord {
  const ms = summarize(samples);
  return {
    type: 'bidirectional', who, row: c.row.id, steps: c.row.steps, threads, batchSize: c.batchSize, ms, samples: samples.map(round2),
    gflops: gflopsOf(c.trainingFlopsPerBatch, ms.median), detail, ...(notes?.length ? { notes } : {}),
  };
}
