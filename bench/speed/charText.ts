/**
 * The char-text part (`--chartext`, issue #20): the character model on a 1 MB text, one epoch,
 * ours against PyTorch on the same CPU and thread counts. The text is generated here and read by
 * the app's data layer (`prepareUserData`, the card's and the command line's settings), which
 * gives the model's sizes (its vocabulary) and the epoch's windows. Ours is the engine the command
 * line trains with in Node: the typed trainer on the browser's WebAssembly kernels, alone and with
 * the helper threads it shares batches with (`trainingThreads`); PyTorch runs the same layer specs
 * in `torch_bench.py` (Embedding → LSTM → Linear, Adam, cross-entropy on the logits) with 1 thread
 * and with as many as ours used, in rounds taken in turn (`CHAR_TEXT_ROUNDS`). The same model with
 * a GRU and with a SimpleRNN is timed the same way against `nn.GRU` and `nn.RNN` (issue #21). As the IMDB target, an epoch is the windows' batches × the
 * median step (a real epoch is thousands of steps: minutes on a shared machine).
 */
import type { CellChoice } from '../../src/config/hyperparams';
import { CHAR_TEXT_DEFAULT_STEP, CHAR_TEXT_DEFAULTS, charTextSource } from '../../src/engine/charText/charTextModel';
import { prepareUserData } from '../../src/engine/data/user/prepareUserData';
import type { TrainCase } from './engineBench';
import type { TimingPlan } from './measure';
import { countFlops, lstmShapes } from './models';
import { gflopsOf, type SpeedRecord } from './records';
import { summarize } from './stats';
import { roundsNote, sideBySide, SIDE_BY_SIDE_ROUNDS } from './sideBySide';
import type { LoadedBlas } from './torchBlas';
import { syntheticText, TEXT_1MB_BYTES } from './waitPlan';

/** The 1 MB text's model and epoch, at the text card's and the command line's defaults. */
export interface CharTextCase extends TrainCase {
  text: { bytes: number; vocabulary: number; trainWindows: number };
}

export async function charTextCase(bytes = TEXT_1MB_BYTES, cell: CellChoice = 'lstm'): Promise<CharTextCase> {
  const hp = { ...CHAR_TEXT_DEFAULTS, cell };
  const data = await prepareUserData(
    { kind: 'file', file: { name: 'one-mb.txt', bytes: new TextEncoder().encode(syntheticText(bytes)) } },
    { kind: 'text', seqLength: hp.seqLength, step: CHAR_TEXT_DEFAULT_STEP, validationSplit: hp.validationSplit },
  );
  if (data.kind !== 'text') throw new Error('the generated text was not read as a text');
  const vocabulary = data.corpus.vocabulary.chars.length;
  const spec = charTextSource(vocabulary).model(hp);
  const flops = countFlops(spec);
  return {
    hp, spec, batchSize: hp.batchSize, trainSamples: data.trainSamples,
    batchesPerEpoch: Math.ceil(data.trainSamples / hp.batchSize), epochs: 1,
    // The validation pass is not part of the comparison: PyTorch is timed on training steps only.
    validationSamples: 0, vocabSize: vocabulary, flops, trainingFlopsPerBatch: flops.trainingPerSample * hp.batchSize, lstms: lstmShapes(spec),
    text: { bytes, vocabulary, trainWindows: data.trainSamples },
  };
}

/** One epoch of the character model, by us or by PyTorch. */
export interface CharTextRecord {
  type: 'charText';
  who: 'ours' | 'torch';
  /** The recurrent layer (issue #21's speed rows: GRU against nn.GRU, SimpleRNN against nn.RNN); older records are the LSTM's. */
  cell?: CellChoice;
  threads: number;
  batchSize: number;
  batchesPerEpoch: number;
  ms: ReturnType<typeof summarize>;
  samples: number[];
  secondsPerEpoch: number;
  gflops: number;
  text: CharTextCase['text'];
  /** What ran: the typed trainer's kernels, or PyTorch's version and BLAS. */
  detail: string;
  notes?: string[];
}

export interface CharTextOptions {
  plan: TimingPlan;
  /** A Python with torch, or why there is none. */
  torch: { python: string; blas: LoadedBlas } | { missing: string };
  /** PyTorch thread counts; by default 1 and the most threads ours used. */
  torchThreads?: number[];
  /** The recurrent layers to measure (all of `CHAR_TEXT_CELLS` by default). */
  cells?: readonly CellChoice[];
  /** Rounds of ours and PyTorch in turn (`CHAR_TEXT_ROUNDS` by default). */
  rounds?: number;
  emit(record: SpeedRecord): void;
  log(line: string): void;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function record(c: CharTextCase, who: CharTextRecord['who'], threads: number, samples: number[], detail: string, notes?: string[]): CharTextRecord {
  const ms = summarize(samples);
  return {
    type: 'charText', who, cell: c.hp.cell, threads, batchSize: c.batchSize, batchesPerEpoch: c.batchesPerEpoch, ms, samples: samples.map(round2),
    secondsPerEpoch: (c.batchesPerEpoch * ms.median) / 1000, gflops: gflopsOf(c.trainingFlopsPerBatch, ms.median), text: c.text, detail,
    ...(notes?.length ? { notes } : {}),
  };
}

/** The recurrent layers measured: the LSTM (issue #20's target), then GRU and SimpleRNN (issue #21's rows). */
export const CHAR_TEXT_CELLS: readonly CellChoice[] = ['lstm', 'gru', 'simpleRnn'];

export async function runCharText(opts: CharTextOptions): Promise<void> {
  for (const cell of opts.cells ?? CHAR_TEXT_CELLS) await runCharTextCell(opts, cell);
}

/** Rounds of ours and PyTorch, one after the other (`sideBySide.ts` says why). */
export const CHAR_TEXT_ROUNDS = SIDE_BY_SIDE_ROUNDS;

async function runCharTextCell(opts: CharTextOptions, cell: CellChoice): Promise<void> {
  const c = await charTextCase(TEXT_1MB_BYTES, cell);
  opts.log(`chartext ${cell}: ${c.text.bytes.toLocaleString('en')} bytes, ${c.text.vocabulary} characters, ${c.text.trainWindows.toLocaleString('en')} training windows = ${c.batchesPerEpoch} batches of ${c.batchSize}`);
  const out = await sideBySide({
    label: `chartext ${cell}`, c, plan: opts.plan, torch: opts.torch, torchThreads: opts.torchThreads, rounds: opts.rounds ?? CHAR_TEXT_ROUNDS, log: opts.log,
    torchCase: { id: 'char-text', spec: c.spec, batchSize: c.batchSize, vocabSize: c.vocabSize, learningRate: c.hp.learningRate },
  });
  if ('failed' in out) {
    opts.emit({ type: 'skip', env: 'chartext', reason: out.failed });
    return;
  }
  for (const p of out.pooled) opts.emit(record(c, p.who, p.threads, p.samples, p.detail, [...(p.notes ?? []), roundsNote(out.rounds)]));
  if ('missing' in opts.torch) opts.emit({ type: 'skip', env: 'chartext', reason: `PyTorch: ${opts.torch.missing}` });
}
