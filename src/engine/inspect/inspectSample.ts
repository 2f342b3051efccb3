/**
 * What every LSTM layer does with one input: per timestep, the input, forget and output gates,
 * the cell state c_t and the hidden state h_t, read from the reference model's forward
 * (`../reference/model.ts`, whose LSTM is the reference cell), and the model's output.
 * A stateful model carries its LSTMs' state from one call to the next, as it does when it
 * reads the stateful alphabet one letter per call.
 */
import type { LstmForward } from '../reference/lstm';
import { forwardModel, finalStates, type LstmState, type ReferenceModel, type SharedPrefix } from '../reference/model';
import { kerasLayerNames } from '../spec/model';

/** [timesteps][units] */
export type StepsByUnits = number[][];

/** One LSTM layer's values over the timesteps it read. */
export interface LstmTrace {
  /** The layer's index in the model's spec. */
  layer: number;
  /** Keras' name for it (`lstm`, `lstm_1`, …). */
  name: string;
  units: number;
  i: StepsByUnits;
  f: StepsByUnits;
  o: StepsByUnits;
  c: StepsByUnits;
  h: StepsByUnits;
}

export interface SampleInspection {
  layers: LstmTrace[];
  /** The model's output for the sample (class probabilities; one value for a sigmoid). */
  probabilities: number[];
  /** Where each stateful LSTM stands after this sample, by layer index: pass it to the next call. */
  states: Map<number, LstmState>;
}

/** Gate columns in Keras' kernel: i, f, c (the candidate), o. */
const GATE_COLUMN = { i: 0, f: 1, o: 3 } as const;

/** Row 0's units of column block `block` of a [rows, blocks·units] step, as plain numbers. */
const unitsOf = (step: Float64Array, block: number, units: number): number[] => Array.from(step.subarray(block * units, (block + 1) * units));

type Traced = Pick<LstmTrace, 'i' | 'f' | 'o' | 'c' | 'h'>;

/** Row 0 of the steps an LSTM forward ran, as plain numbers. */
function traced(lstm: LstmForward, units: number): Traced {
  const gate = (block: number) => lstm.gates.map((g) => unitsOf(g, block, units));
  return {
    i: gate(GATE_COLUMN.i), f: gate(GATE_COLUMN.f), o: gate(GATE_COLUMN.o),
    c: lstm.c.map((c) => unitsOf(c, 0, units)),
    h: lstm.h.map((h) => unitsOf(h, 0, units)),
  };
}

/** The shared prefix's steps as plain numbers, made once per prefix run (the same rows in every answer). */
const prefixTraces = new WeakMap<LstmForward, Traced>();

function prefixTraced(lstm: LstmForward, units: number): Traced {
  let t = prefixTraces.get(lstm);
  if (!t) prefixTraces.set(lstm, (t = traced(lstm, units)));
  return t;
}

/**
 * One sample `x` (the model's input shape, flat) through the model; `states` is where stateful
 * LSTMs start (zeros when absent, as after `reset_states`). With a `prefix` (`forwardModel`'s),
 * the LSTMs' steps before the sample differs from it are the prefix run's.
 */
export function inspectSample(model: ReferenceModel, x: ArrayLike<number>, states?: ReadonlyMap<number, LstmState>, prefix?: SharedPrefix): SampleInspection {
  const run = forwardModel(model, x, 1, { states, prefix });
  const names = kerasLayerNames(model.spec);
  const layers: LstmTrace[] = [];
  model.spec.layers.forEach((spec, index) => {
    const lstm = run.runs[index].lstm;
    if (spec.kind !== 'lstm' || !lstm) return;
    const U = spec.units, own = traced(lstm, U);
    const earlier = lstm.from > 0 && prefix ? prefixTraced(prefix.run.runs[index - prefix.run.from].lstm!, U) : undefined;
    const join = (key: keyof Traced) => (earlier ? [...earlier[key].slice(0, lstm.from), ...own[key]] : own[key]);
    layers.push({ layer: index, name: names[index], units: U, i: join('i'), f: join('f'), o: join('o'), c: join('c'), h: join('h') });
  });
  return { layers, probabilities: Array.from(run.output), states: finalStates(model, run) };
}

/**
 * Samples read one after another by a stateful model, as one strip: each layer's timesteps
 * end to end (the stateful alphabet reads one letter per call, so the strip grows a letter at a time).
 */
export function joinInspections(parts: readonly SampleInspection[]): SampleInspection {
  if (parts.length === 0) throw new Error('Nothing to join.');
  const last = parts[parts.length - 1];
  const layers = last.layers.map((layer, k): LstmTrace => {
    const all = parts.map((p) => p.layers[k]);
    const join = (key: 'i' | 'f' | 'o' | 'c' | 'h') => all.flatMap((l) => l[key]);
    return { ...layer, i: join('i'), f: join('f'), o: join('o'), c: join('c'), h: join('h') };
  });
  return { layers, probabilities: last.probabilities, states: last.states };
}
