/**
 * `npm run bench:memory`: what the "Why LSTM?" card (`src/scenarios/memory.ts`) says, measured.
 * Each recurrent kind trains the card at its defaults over a few sequence lengths and seeds, on the
 * app's engine in Node (one thread), and each trained model is then asked about fresh sequences
 * whose letter sits at a known distance from the end: how far back each kind remembers.
 * Writes `bench/results/memory.json` and prints a table.
 */
import './relaxedSimd';
import './quietTfjs';
import { mkdir, writeFile } from 'node:fs/promises';
import { CELL_CHOICES, type CellChoice } from '../src/config/hyperparams';
import { defaultConfig, type RunConfig } from '../src/config/runConfig';
import { memorySequenceAt } from '../src/engine/data/memory';
import { createRng } from '../src/engine/rng';
import { TrainingSession } from '../src/engine/session';
import type { EpochUpdate } from '../src/engine/types';
import { distanceBands, type MemoryResult, memoryTable } from './memoryReport';

const LENGTHS = [11, 26, 51, 101];
const SEEDS = [1, 2, 3];
/** Fresh sequences asked about per distance band. */
const PER_BAND = 100;
const OUT = 'bench/results/memory.json';

const noAssets = { fetchBytes: async (path: string) => Promise.reject(new Error(`unexpected read of ${path}`)) };

async function measure(cell: CellChoice, seqLength: number, seed: number): Promise<MemoryResult> {
  const base = defaultConfig('memory');
  const config: RunConfig = { ...base, hp: { ...base.hp, cell, seqLength, seed } };
  const session = new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' } });
  const epochs: EpochUpdate[] = [];
  const started = performance.now();
  const result = await session.train(config, { onEpoch: (e) => epochs.push(e) }).done;
  const seconds = (performance.now() - started) / 1000;
  // Fresh sequences (another seed than the data's), the letter at a distance drawn within each band.
  const draws = createRng(1000 + seed);
  const bands = [];
  for (const band of distanceBands(seqLength)) {
    let right = 0;
    for (let k = 0; k < PER_BAND; k++) {
      const distance = draws.int(band.from, band.to + 1);
      const text = memorySequenceAt(seqLength, seqLength - 1 - distance, draws);
      const answer = await session.predict({ kind: 'memory', text });
      if (answer.kind === 'memory' && answer.top[0].letter === text.replace(/[0-9]/g, '')) right++;
    }
    bands.push({ ...band, accuracy: right / PER_BAND });
  }
  session.dispose();
  const reached = epochs.find((e) => (e.valAcc ?? 0) >= 0.95);
  return {
    cell,
    seqLength,
    seed,
    epochs: epochs.length,
    valAcc: result.last?.valAcc ?? null,
    bestValAcc: Math.max(...epochs.map((e) => e.valAcc ?? 0)),
    epochTo95: reached ? reached.epoch : null,
    seconds: Math.round(seconds * 10) / 10,
    byDistance: bands,
  };
}

const results: MemoryResult[] = [];
for (const seqLength of LENGTHS) {
  for (const cell of CELL_CHOICES) {
    for (const seed of SEEDS) {
      const r = await measure(cell, seqLength, seed);
      results.push(r);
      console.error(`${cell} seqLength ${seqLength} seed ${seed}: val_acc ${r.valAcc?.toFixed(4)} in ${r.seconds}s`);
    }
  }
}
await mkdir('bench/results', { recursive: true });
await writeFile(
  OUT,
  JSON.stringify(
    {
      what: 'The “Why LSTM?” card at its defaults (2,000 sequences, the last 20% validating, 32 units, Adam 0.001, batch 32, 15 epochs) for each recurrent kind, sequence length and seed; byDistance: the trained model on 100 fresh sequences per band of distances from the letter to the end.',
      machine: 'Node, one thread, the typed trainer',
      measuredAt: new Date().toISOString(),
      results,
    },
    null,
    2,
  ) + '\n',
);
console.log(memoryTable(results));
