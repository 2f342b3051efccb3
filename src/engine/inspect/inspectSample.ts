/**
 * What every recurrent layer does with one input: per timestep, an LSTM's input, forget and output
 * gates and cell state c_t, a GRU's update and reset gates and candidate, and every kind's hidden
 * state h_t, read from the reference model's forward
 * (`../reference/model.ts`, whose LSTM is the reference cell), and the model's output.
 * A Bidirectional layer shows both of its layers: the forward one in the input's order, the
 * backward one in the order it read the input (the last step first).
 * A stateful model carries its LSTMs' state from one call to the next, as it does when it
 * reads the stateful alphabet one letter per call. Behind `Embedding(mask_zero=True)` a masked
 * step is marked (`masked`): the layer skipped it, its state held there and its gates are zeros.
 */
import type { LstmForward } from '../reference/lstm';
import { forwardModel, finalStates, type LstmState, type ReferenceModel, type SharedPrefix } from '../reference/model';
import type { RecurrentForward, RecurrentKind } from '../reference/recurrent';
import { isReal } from '../reference/sequence';
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

/** One recurrent layer's (or one direction's) values over the timesteps it read: `h`, and the quantities of `TRACED[kind]`. */
export interface DirectionTrace extends Partial<Record<Exclude<TraceQuantity, 'h'>, StepsByUnits>> {
  h: StepsByUnits;
  /**
   * Per timestep, whether it was masked (`Embedding(mask_zero=True)`, word id 0): the layer skipped
   * it, so h (and c) held their values and the gates are zeros. Absent where no mask reached the layer.
   */
  masked?: boolean[];
}

export interface LstmTrace extends DirectionTrace {
  /** The layer's index in the model's spec. */
  layer: number;
  /** Keras' name for it (`lstm`, `gru_1`, `bidirectional`, …). */
  name: string;
  /** The recurrent kind; for a Bidirectional, the kind it wraps. */
  kind: RecurrentKind;
  units: number;
  /**
   * A Bidirectional layer's backward layer; the trace's own values are then its forward layer's,
   * in the input's order.
   */
  backward?: BackwardTrace;
}

/**
 * A Bidirectional's backward layer (Keras' `go_backwards`), step by step in the order it ran: its
 * step s read the input's step `read[s]` (T−1−s), so its h[s] is the state after reading the input
 * from its last step back to `read[s]`.
 */
export interface BackwardTrace extends DirectionTrace {
  read: number[];
}

/** A trace's values of `q`, which its kind must have (`TRACED`). */
export function traceOf(trace: DirectionTrace & { kind?: RecurrentKind }, q: TraceQuantity): StepsByUnits {
  const values = trace[q];
  if (!values) throw new Error(`A ${trace.kind ?? 'recurrent'} layer has no ${q}.`);
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

/** Row 0's masked steps of a forward that ran with a step mask; undefined without one. */
function maskedSteps(f: { steps: number; from?: number; stepMask?: ArrayLike<number> }, count: number): boolean[] | undefined {
  const from = f.from ?? 0, mask = f.stepMask;
  return mask && Array.from({ length: count }, (_, s) => !isReal(mask, 0, from + s, f.steps));
}

/** Row 0 of a GRU's or SimpleRNN's forward (or one direction of a Bidirectional): h, and a GRU's gates. */
function recurrentTraced(kind: RecurrentKind, f: RecurrentForward, units: number): DirectionTrace {
  const trace: DirectionTrace = { h: f.h.map((h) => unitsOf(h, 0, units)) };
  if (kind === 'gru' && f.gates) {
    for (const q of ['z', 'r', 'n'] as const) trace[q] = f.gates.map((g) => unitsOf(g, GRU_COLUMN[q], units));
  }
  return trace;
}

/** One direction of a Bidirectional as a trace, of whichever kind it wraps. */
function directionTraced(kind: RecurrentKind, f: RecurrentForward, units: number): DirectionTrace {
  // The LSTM's forward keeps its gates and cells as `LstmForward` does (`recurrent.ts` runs `lstmForward`).
  const trace = kind === 'lstm' ? traced(f as LstmForward, units) : recurrentTraced(kind, f, units);
  const masked = maskedSteps(f, f.h.length);
  return masked ? { ...trace, masked } : trace;
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
    const layerRun = run.runs[index], head = { layer: index, name: names[index] };
    const bidirectional = layerRun.bidirectional;
    if (spec.kind === 'bidirectional' && bidirectional) {
      const { kind, units: U, steps: T } = bidirectional;
      layers.push({
        ...head, kind, units: U, ...directionTraced(kind, bidirectional.forward, U),
        backward: { ...directionTraced(kind, bidirectional.backward, U), read: Array.from({ length: T }, (_, s) => T - 1 - s) },
      });
      return;
    }
    const recurrent = layerRun.recurrent;
    if ((spec.kind === 'gru' || spec.kind === 'simpleRnn') && recurrent) {
      const masked = maskedSteps(recurrent.forward, recurrent.forward.h.length);
      layers.push({ ...head, kind: spec.kind, units: spec.units, ...recurrentTraced(spec.kind, recurrent.forward, spec.units), ...(masked && { masked }) });
      return;
    }
    const lstm = layerRun.lstm;
    if (spec.kind !== 'lstm' || !lstm) return;
    const U = spec.units, own = traced(lstm, U);
    const earlier = lstm.from > 0 && prefix ? prefixTraced(prefix.run.runs[index - prefix.run.from].lstm!, U) : undefined;
    const join = (key: keyof Traced) => (earlier ? [...earlier[key].slice(0, lstm.from), ...own[key]] : own[key]);
    // A masked LSTM ran every step (no prefix: `forwardModel`), so its mask covers them all.
    const masked = maskedSteps(lstm, lstm.h.length);
    layers.push({ ...head, kind: 'lstm', units: U, i: join('i'), f: join('f'), o: join('o'), c: join('c'), h: join('h'), ...(masked && { masked }) });
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
  const join = <D extends DirectionTrace>(kind: RecurrentKind, all: readonly D[]): DirectionTrace => {
    const joined: DirectionTrace = { h: [] };
    for (const q of TRACED[kind]) joined[q] = all.flatMap((l) => traceOf(l, q));
    if (all.some((l) => l.masked)) joined.masked = all.flatMap((l) => l.masked ?? l.h.map(() => false));
    return joined;
  };
  const layers = last.layers.map((layer, k): LstmTrace => {
    const all = parts.map((p) => p.layers[k]);
    const joined: LstmTrace = { ...layer, ...join(layer.kind, all) };
    if (layer.backward) {
      // Each call's backward layer read that call's steps last to first: the strip keeps the calls in order.
      let offset = 0;
      const read = all.flatMap((l) => {
        const steps = l.backward!.read.map((p) => p + offset);
        offset += l.h.length;
        return steps;
      });
      joined.backward = { ...join(layer.kind, all.map((l) => l.backward!)), read };
    }
    return joined;
  });
  return { layers, probabilities: last.probabilities, states: last.states };
}
