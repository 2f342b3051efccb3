/**
 * What the model would answer after each timestep: the layers after the last recurrent layer (Dropout,
 * the identity here, and Dense) run on its hidden state at every step rather than only the last.
 * For a character model that is the next character it expects after each character it has read;
 * the last step's is the model's own output. Computed with the reference model's layers, so it is
 * the same maths as every other figure Inspect shows.
 */
import { forwardModel, type ReferenceModel } from '../reference/model';
import { isRecurrent } from '../spec/recurrentLayer';
import type { LstmTrace } from './inspectSample';

/**
 * [timesteps][outputs], or undefined where the last recurrent layer's h does not go straight to the
 * output (through Dropouts and Denses only), and for a Bidirectional: its output at a step is not
 * an answer had the input ended there (its backward layer has read the steps after it).
 */
export function stepOutputs(model: ReferenceModel, layers: readonly LstmTrace[]): number[][] | undefined {
  const last = layers.at(-1);
  if (!last || last.backward) return undefined;
  const recurrent = model.spec.layers[last.layer];
  if (!isRecurrent(recurrent) || recurrent.returnSequences) return undefined;
  const after = model.spec.layers.slice(last.layer + 1);
  if (after.length === 0 || after.some((l) => l.kind !== 'dense' && l.kind !== 'dropout')) return undefined;
  const steps = last.h.length;
  const run = forwardModel(model, Float64Array.from(last.h.flat()), steps, { from: last.layer + 1 });
  const width = run.output.length / steps;
  return Array.from({ length: steps }, (_, t) => Array.from(run.output.subarray(t * width, (t + 1) * width)));
}
