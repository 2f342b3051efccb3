/**
 * Run records and kept models as the app stores them, to write straight into its database
 * (`RunsPanel.seed`) and then break one field at a time.
 */
import { defaultConfig } from '../../src/config/runConfig';
import type { RunRecord } from '../../src/platform/runStore';

/** A finished alphabet run with `epochs` epochs of curves and `batches` batch points. */
export function storedRun(id: string, startedAt: number, extra: Partial<RunRecord> & { epochs?: RunRecord['epochs'] } = {}, size = { epochs: 4, batches: 40 }): RunRecord {
  const config = defaultConfig('alphabet');
  const epochs = Array.from({ length: size.epochs }, (_, i) => ({
    epoch: i + 1, epochs: size.epochs, loss: 3 / (i + 1), acc: Math.min(1, 0.2 * (i + 1)), seconds: 0.5,
  }));
  const batches = Array.from({ length: size.batches }, (_, i) => ({ step: i + 1, loss: 3 / (1 + i / 10), smoothed: 3 / (1 + i / 10) }));
  return {
    id, name: `Seeded ${id}`, scenario: 'alphabet', config, startedAt, endedAt: startedAt + 5000, outcome: 'completed',
    epochs, batches, batchStride: 1,
    result: { reason: 'completed', epochsDone: size.epochs, last: epochs.at(-1), evaluation: { set: 'train', accuracy: 0.6, loss: 0.9, count: 25 } },
    hasModel: false, modelBytes: 0, ...extra,
  };
}

/** The alphabet model's weights at its default sizes, every value `fill`, as plain lists. */
export function alphabetWeights(fill: number): { shape: number[]; values: number[] }[] {
  const units = defaultConfig('alphabet').hp.units;
  return [[1, 4 * units], [units, 4 * units], [4 * units], [units, 26], [26]].map((shape) => ({
    shape, values: Array<number>(shape.reduce((a, d) => a * d, 1)).fill(fill),
  }));
}

/** Bytes those weights take as float32. */
export const ALPHABET_WEIGHT_BYTES = alphabetWeights(0).reduce((sum, w) => sum + 4 * w.values.length, 0);

/** A kept model of the default alphabet run. */
export function storedModel(fill = 0.01) {
  return { config: defaultConfig('alphabet'), epoch: 4, weights: alphabetWeights(fill) };
}
