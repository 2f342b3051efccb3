/**
 * Inspect on a model trained on a user's series: each step of the window a timestep, scaled by the
 * series' scaler, every layer's gates and states as Keras' cell computes them (written out here
 * step by step in float64, apart from the reference model), the values as the column labels and
 * the answers unscaled: per step and the model's own.
 */
import { describe, expect, it } from 'vitest';
import { userDataConfig } from '../../config/runConfig';
import type { AssetSource } from '../data/assets';
import { prepareUserData } from '../data/user/prepareUserData';
import { fitScaler, type Scaler } from '../data/user/scaler';
import type { SeriesTask } from '../data/user/series';
import { SERIES_DEFAULTS, seriesSource, type SeriesActivation } from '../seriesModel/seriesModel';
import { inspect, type InspectSource } from './inspect';
import { TrainingSession } from '../session';
import { randomWeights } from './testing';
import type { InspectResult, SeriesInspectData } from './types';

const LOOK_BACK = 5, UNITS = 4;

/** Two columns of a day's weather, 30 rows. */
const COLUMNS = [
  Float64Array.from({ length: 30 }, (_, i) => +(20 + 8 * Math.sin(i / 4) + (i % 3)).toFixed(2)),
  Float64Array.from({ length: 30 }, (_, i) => +(60 + 10 * Math.cos(i / 5)).toFixed(1)),
];

interface Shape { task: SeriesTask; layers: number; activation: SeriesActivation; features: number; scaler?: Scaler }

function seriesInspectSource({ task, layers, activation, features, scaler }: Shape): InspectSource & { data: { kind: 'series'; series: SeriesInspectData } } {
  const hp = { ...SERIES_DEFAULTS, seqLength: LOOK_BACK, units: UNITS, layers };
  const spec = seriesSource({ task, features, activation }).model(hp);
  const columns = COLUMNS.slice(0, features);
  const series: SeriesInspectData = {
    task, lookBack: LOOK_BACK, scaler: scaler ?? fitScaler('minmax', columns, 24), names: ['temp', 'humidity'].slice(0, features), target: 0, columns,
  };
  return { spec, weights: randomWeights(spec, 5), config: userDataConfig(hp), data: { kind: 'series', series } };
}

function ofSeries(r: InspectResult): Extract<InspectResult, { kind: 'series' }> {
  if (r.kind !== 'series') throw new Error(`expected series, got ${JSON.stringify(r)}`);
  return r;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const ACT: Record<SeriesActivation, (z: number) => number> = { relu: (z) => Math.max(0, z), tanh: Math.tanh };
type Steps = { i: number[][]; f: number[][]; o: number[][]; c: number[][]; h: number[][] };

/** Keras' LSTM cell over `xs` ([t][feature]) with the weights at `w` (kernel, recurrent kernel, bias). */
function kerasLstm(w: Float32Array[], xs: number[][], act: (z: number) => number): Steps {
  const [W, R, b] = w, u = UNITS, n = 4 * u;
  let h = new Array<number>(u).fill(0), c = new Array<number>(u).fill(0);
  const out: Steps = { i: [], f: [], o: [], c: [], h: [] };
  for (const x of xs) {
    const z = Array.from({ length: n }, (_, j) => b[j] + x.reduce((a, v, k) => a + v * W[k * n + j], 0) + h.reduce((a, v, k) => a + v * R[k * n + j], 0));
    const i = z.slice(0, u).map(sigmoid), f = z.slice(u, 2 * u).map(sigmoid), g = z.slice(2 * u, 3 * u).map(act), o = z.slice(3 * u).map(sigmoid);
    c = c.map((cPrev, k) => f[k] * cPrev + i[k] * g[k]);
    h = c.map((ck, k) => o[k] * act(ck));
    out.i.push(i); out.f.push(f); out.o.push(o); out.c.push(c); out.h.push(h);
  }
  return out;
}

/** Every layer's steps and the Dense output on each step's last hidden state, for a window of unscaled rows. */
function keras(s: ReturnType<typeof seriesInspectSource>, activation: SeriesActivation, rows: number[][]) {
  const w = s.weights.map((x) => x.values);
  const { scaler, task } = s.data.series;
  let xs = rows.map((row) => row.map((v, k) => (v - scaler.offset[k]) / scaler.scale[k]));
  const layers: Steps[] = [];
  for (let l = 0; l * 3 + 3 < w.length; l++) {
    const steps = kerasLstm(w.slice(l * 3, l * 3 + 3), xs, ACT[activation]);
    layers.push(steps);
    xs = steps.h;
  }
  const [Wd, bd] = w.slice(-2);
  const outputs = xs.map((h) => {
    const z = bd[0] + h.reduce((a, v, k) => a + v * Wd[k], 0);
    return task === 'up' ? sigmoid(z) : z * scaler.scale[0] + scaler.offset[0];
  });
  return { layers, outputs };
}

const rowsOf = (columns: Float64Array[], first: number, n: number) => Array.from({ length: n }, (_, t) => columns.map((c) => c[first + t]));

describe('inspect a model trained on a user’s series', () => {
  it.each([
    ['a two-layer relu model on two columns, next value', { task: 'next', layers: 2, activation: 'relu', features: 2 }],
    ['a one-layer tanh model on one column, up', { task: 'up', layers: 1, activation: 'tanh', features: 1 }],
  ] as const)('%s: every layer’s gates and states as Keras’ cell computes them, the answers unscaled', (_name, shape) => {
    const s = seriesInspectSource(shape);
    const end = 17;
    const r = ofSeries(inspect(s, { kind: 'series', window: { from: 'data', end } }));
    const rows = rowsOf(s.data.series.columns, end - LOOK_BACK, LOOK_BACK);
    const expected = keras(s, shape.activation, rows);
    expect(r.layers).toHaveLength(shape.layers);
    r.layers.forEach((layer, l) => {
      for (const key of ['i', 'f', 'o', 'c', 'h'] as const) {
        expect(layer[key]).toHaveLength(LOOK_BACK);
        layer[key]!.forEach((row, t) => row.forEach((v, k) => expect(v).toBeCloseTo(expected.layers[l][key][t][k], 6)));
      }
      // The steps' values, unscaled, label every layer's columns.
      expect(layer.steps.map((x) => x.label)).toEqual(rows.map((row) => row.map(String).join(' · ')));
    });
    expect(r.firstRow).toBe(end - LOOK_BACK);
    expect(r.steps.map((x) => x.values)).toEqual(rows);
    r.steps.forEach((step, t) => expect(step.answer).toBeCloseTo(expected.outputs[t], 5));
    expect(r.answer).toBeCloseTo(expected.outputs[LOOK_BACK - 1], 5);
    expect(r.answer).toBeCloseTo(r.steps[LOOK_BACK - 1].answer, 10);
    if (shape.task === 'next') {
      // Unscaled: a temperature, not a figure in [0, 1] (the weights are random, so only roughly).
      expect(Math.abs(r.answer - 20)).toBeLessThan(100);
      expect(r.answer).not.toBeCloseTo(r.probabilities[0], 3);
    } else {
      expect(r.answer).toBe(r.probabilities[0]);
    }
  });

  it('reads the last lookBack steps of a typed series, as Try does, and labels them as typed', () => {
    const s = seriesInspectSource({ task: 'next', layers: 2, activation: 'relu', features: 2 });
    const typed = rowsOf(s.data.series.columns, 3, 8);
    const r = ofSeries(inspect(s, { kind: 'series', window: { from: 'typed', text: typed.map((row) => row.join(', ')).join('\n') } }));
    const fromData = ofSeries(inspect(s, { kind: 'series', window: { from: 'data', end: 11 } }));
    expect(r.steps.map((x) => x.values)).toEqual(typed.slice(-LOOK_BACK));
    expect(r.firstRow).toBeUndefined();
    expect(r.layers[1].h).toEqual(fromData.layers[1].h);
    expect(r.answer).toBe(fromData.answer);
    expect(r.layers[0].steps[0].label).toBe(`${typed[3][0]} · ${typed[3][1]}`);
  });

  it('scales through the series’ own scaler: standard scores give other gates than min–max for the same rows', () => {
    const shape = { task: 'next', layers: 1, activation: 'relu', features: 1 } as const;
    const standard = seriesInspectSource({ ...shape, scaler: fitScaler('standard', COLUMNS.slice(0, 1), 24) });
    const r = ofSeries(inspect(standard, { kind: 'series', window: { from: 'data', end: 9 } }));
    const expected = keras(standard, 'relu', rowsOf(standard.data.series.columns, 4, LOOK_BACK));
    r.layers[0].c!.forEach((row, t) => row.forEach((v, k) => expect(v).toBeCloseTo(expected.layers[0].c![t][k], 6)));
    expect(r.answer).toBeCloseTo(expected.outputs.at(-1)!, 5);
    const minmax = ofSeries(inspect(seriesInspectSource(shape), { kind: 'series', window: { from: 'data', end: 9 } }));
    expect(minmax.layers[0].c).not.toEqual(r.layers[0].c);
  });

  it.each([
    ['too few typed steps', { from: 'typed', text: '1 2\n3 4' }, 'The model reads 5 steps and got 2; type at least 5 lines.'],
    ['a word among the numbers', { from: 'typed', text: '1 2\n3 x' }, '“x” is not a number; write numbers with a point for decimals.'],
    ['a window ending before it can start', { from: 'data', end: 3 }, 'The window must end between row 5 and row 30 (the data has 30 rows and the model reads 5); choose a row in that range.'],
    ['a window ending past the data', { from: 'data', end: 31 }, 'The window must end between row 5 and row 30 (the data has 30 rows and the model reads 5); choose a row in that range.'],
  ] as const)('refuses %s with a sentence', (_name, window, message) => {
    const s = seriesInspectSource({ task: 'next', layers: 2, activation: 'relu', features: 2 });
    expect(inspect(s, { kind: 'series', window })).toEqual({ kind: 'invalid', message });
  });

  it('answers only series questions for a series model, and refuses a series question for any other model', () => {
    const s = seriesInspectSource({ task: 'up', layers: 1, activation: 'tanh', features: 1 });
    expect(inspect(s, { kind: 'chars', text: 'abc' })).toEqual({ kind: 'invalid', message: expect.stringMatching(/trained on your series/) });
    const { data: _data, ...tutorial } = s;
    expect(inspect(tutorial, { kind: 'series', window: { from: 'data', end: 5 } })).toEqual({ kind: 'invalid', message: 'This model was not trained on a series.' });
  });
});

describe('Inspect on a series run in the session', () => {
  it('answers as Try does for the same typed series, and picks windows from the run’s own data', async () => {
    const csv = ['day,temp,humidity', ...Array.from(COLUMNS[0], (t, i) => `${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)},${t},${COLUMNS[1][i]}`)].join('\n');
    const series = await prepareUserData(
      { kind: 'file', file: { name: 'weather.csv', bytes: new TextEncoder().encode(csv) } },
      { kind: 'series', task: 'next', lookBack: LOOK_BACK, scaler: 'standard', validationSplit: 0.2, targetColumn: 'temp' },
    );
    if (series.kind !== 'series') throw new Error('not a series');
    const noAssets: AssetSource = { fetchBytes: async (path) => { throw new Error(`unexpected read of ${path}`); } };
    const session = new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' } });
    const hp = { ...SERIES_DEFAULTS, seqLength: LOOK_BACK, units: UNITS, layers: 2, epochs: 1, batchSize: 8, trainer: 'typed' as const };
    await session.train(userDataConfig(hp), {}, { data: { kind: 'series', series } }).done;
    const text = rowsOf(COLUMNS, 10, 7).map((row) => row.join(' ')).join('\n');
    const tried = await session.predict({ kind: 'series', text });
    const r = ofSeries(await session.inspect({ kind: 'series', window: { from: 'typed', text } }));
    if (tried.kind !== 'series') throw new Error(JSON.stringify(tried));
    expect(r.answer).toBeCloseTo(tried.answer, 4);
    expect(r.names).toEqual(['temp', 'humidity']);
    expect(r.layers.map((l) => l.name)).toEqual(['lstm', 'lstm_1']);
    const last = ofSeries(await session.inspect({ kind: 'series', window: { from: 'data', end: 30 } }));
    expect(last.steps.map((x) => x.values)).toEqual(rowsOf(COLUMNS, 25, LOOK_BACK));
  });
});
