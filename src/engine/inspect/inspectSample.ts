/**
 * What every recurrent layer does with one input: per timestep, an LSTM's input, forget and output
 * gates and cell state c_t, a GRU's update and reset gates and candidate, and every kind's hidden
 * state h_t, read from the reference model's forward
 * (`../reference/model.ts`, whose LSTM is the reference cell), and the model's output.
 * A stateful model carries its LSTMs' state from one call to the next, as it does when it
 * reads the stateful alphabet one letter per call.
 */
import type { LstmForward } from '../reference/lstm';
import { forwardModel, finalStates, type LstmState, type ReferenceModel, type SharedPrefix } from '../reference/model';
import type { RecurrentKind } from '../reference/recurrent';
import { kerasLayerNames } from '../spec/model';

/** [timesteps][units] */
export type StepsByUnits = number[][];

/**
 * What a recurrent layer shows per timestep and unit: the LSTM's input, forget and output gates
 * and cell state; the GRU's update and reset gates and candidate; every kind's hidden state h.
 */
export type TraceQuantity = 'i' | 'f' | 'o' | 'c' | 'z' | 'r' | 'n' | 'h';

/** Which quantities each kind has, in the order Inspect shows them (h, the output, last). */
export const TRACED: { readonly [K in RecurrentKind]: readonly TraceQuantity[] } = {
  lstm: ['i', 'f', 'o', 'c', 'h'],
  gru: ['z', 'r', 'n', 'h'],
  simpleRnn: ['h'],
};

/** One recurrent layer's values over the timesteps it read: `h`, and the quantities of `TRACED[kind]`. */
export interface LstmTrace extends Partial<Record<Exclude<TraceQuantity, 'h'>, StepsByUnits>> {
  /** The layer's index in the model's spec. */
  layer: number;
  /** Keras' name for it (`lstm`, `gru_1`, …). */
  name: string;
  kind: RecurrentKind;
  units: number;
  h: StepsByUnits;
}

/** A trace's values of `q`, which its kind must have (`TRACED`). */
export function traceOf(trace: LstmTrace, q: TraceQuantity): StepsByUnits {
  const values = trace[q];
  if (!values) throw new Error(`A ${trace.kind} layer has no ${q}.`);
  return values;
}

export interface SampleInspection {
  layers: LstmTrace[];
  /** The model's output for the sample (class probabilities; one value for a sigmoid). */
  probabilities: number[];
  /** Where each stateful LSTM stands after this sample, by layer index: pass it to the next call. */
  states: Map<number, LstmState>;
}

/** Gate columns in Keras' kernels: the LSTM's i, f, c (the candidate), o; the GRU's z, r, h (the candidate n). */
const GATE_COLUMN = { i: 0, f: 1, o: 3 } as const;
const GRU_COLUMN = { z: 0, r: 1, n: 2 } as const;

/** Row 0's units of column block `block` of a [rows, blocks·units] step, as plain numbers. */
const unitsOf = (step: Float64Array, block: number, units: number): number[] => Array.from(step.subarray(block * units, (block + 1) * units));

type Traced = Required<Pick<LstmTrace, 'i' | 'f' | 'o' | 'c' | 'h'>>;

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
    const recurrent = run.runs[index].recurrent;
    if ((spec.kind === 'gru' || spec.kind === 'simpleRnn') && recurrent) {
      const U = spec.units, f = recurrent.forward;
      const trace: LstmTrace = { layer: index, name: names[index], kind: spec.kind, units: U, h: f.h.map((h) => unitsOf(h, 0, U)) };
      if (spec.kind === 'gru' && f.gates) {
        for (const q of ['z', 'r', 'n'] as const) trace[q] = f.gates.map((g) => unitsOf(g, GRU_COLUMN[q], U));
      }
      layers.push(trace);
      return;
    }
    const lstm = run.runs[index].lstm;
    if (spec.kind !== 'lstm' || !lstm) return;
    const U = spec.units, own = traced(lstm, U);
    const earlier = lstm.from > 0 && prefix ? prefixTraced(prefix.run.runs[index - prefix.run.from].lstm!, U) : undefined;
    const join = (key: keyof Traced) => (earlier ? [...earlier[key].slice(0, lstm.from), ...own[key]] : own[key]);
    layers.push({ layer: index, name: names[index], kind: 'lstm', units: U, i: join('i'), f: join('f'), o: join('o'), c: join('c'), h: join('h') });
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
    const joined: LstmTrace = { ...layer };
    for (const q of TRACED[layer.kind]) joined[q] = all.flatMap((l) => traceOf(l, q));
    return joined;
  });
  return { layers, probabilities: last.probabilities, states: last.states };
}
