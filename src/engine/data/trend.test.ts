import { describe, expect, it } from 'vitest';
import { SCENARIO_LIST } from '../../scenarios';
import { takeValidationSplit } from './dataset';
import { TREND_WARMUP, generateTrend, generateTrendSeries, type TrendFeatures } from './trend';

/** The definition, written independently of the generator: does x_t continue x_{t-1}'s direction? */
const sameDirection = (x: number[], t: number): 0 | 1 =>
  (x[t] > x[t - 1] && x[t - 1] > x[t - 2]) || (x[t] < x[t - 1] && x[t - 1] < x[t - 2]) ? 1 : 0;

const FEATURES: TrendFeatures[] = [3, 2];

describe.each(FEATURES)('trend data with %i features', (features) => {
  const n = 500;
  const series = generateTrendSeries(features, n, 11);

  it('has length + 2 series values in [0, 1), and `length` labels and samples', () => {
    expect(series.x).toHaveLength(n + TREND_WARMUP);
    expect(series.labels).toHaveLength(n);
    expect(series.inputs).toHaveLength(n * features);
    for (const v of series.x) expect(v >= 0 && v < 1).toBe(true);
  });

  it('labels agree with the definition', () => {
    series.labels.forEach((label, i) => expect(label).toBe(sameDirection(series.x, i + TREND_WARMUP)));
  });

  it('features are [x_t, x_t-1] (+ previous direction)', () => {
    for (let i = 0; i < n; i++) {
      const t = i + TREND_WARMUP;
      const row = Array.from(series.inputs.subarray(i * features, (i + 1) * features));
      const expected = [series.x[t], series.x[t - 1]];
      if (features === 3) expected.push(series.x[t - 1] > series.x[t - 2] ? 1 : 0);
      expect(row).toEqual(expected.map(Math.fround));
    }
  });

  it('generateTrend gives exactly `samples` samples shaped [N, features, 1] and [N, 1]', () => {
    const d = generateTrend(features, 300, 5);
    const s = generateTrendSeries(features, 300, 5);
    expect(d.train.xShape).toEqual([300, features, 1]);
    expect(d.train.yShape).toEqual([300, 1]);
    expect(d.train.x).toEqual(s.inputs);
    expect(Array.from(d.train.y)).toEqual(s.labels);
    expect(d.validation).toBeUndefined();
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(generateTrendSeries(features, n, 11)).toEqual(series);
    expect(generateTrendSeries(features, n, 12).x).not.toEqual(series.x);
  });

  it('works with takeValidationSplit (the last fraction)', () => {
    const d = generateTrend(features, 1000, 1);
    const { train, validation } = takeValidationSplit(d.train, 0.2);
    expect(train.xShape).toEqual([800, features, 1]);
    expect(validation?.xShape).toEqual([200, features, 1]);
  });
});

describe('trend statistics (why the two-feature variant stalls)', () => {
  const n = 200_000;
  const { x, labels } = generateTrendSeries(2, n, 2024);

  it('the base rate of "same direction" is 1/3 for iid data', () => {
    const rate = labels.reduce<number>((a, b) => a + b, 0) / n;
    expect(rate).toBeCloseTo(1 / 3, 2);
  });

  it('the Bayes-optimal rule on [x_t, x_t-1] alone is right 3/4 of the time', () => {
    // P(previous move was up | x_{t-1}) = x_{t-1}, so predict "same" iff the current move agrees
    // with the more likely previous move.
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const t = i + TREND_WARMUP;
      const up = x[t] > x[t - 1];
      const predicted = (up && x[t - 1] > 0.5) || (!up && x[t - 1] < 0.5) ? 1 : 0;
      if (predicted === labels[i]) correct++;
    }
    expect(correct / n).toBeCloseTo(0.75, 2);
  });

  it('with the previous direction, the label is a function of the features', () => {
    const three = generateTrendSeries(3, 10_000, 3);
    for (let i = 0; i < 10_000; i++) {
      const [xt, xt1, prevUp] = three.inputs.subarray(i * 3, i * 3 + 3);
      expect(three.labels[i]).toBe((xt > xt1) === (prevUp === 1) ? 1 : 0);
    }
  });
});

describe('trend scenarios', () => {
  it.each(SCENARIO_LIST.filter((s) => s.data.kind === 'trend').map((s) => [s.id, s] as const))(
    '%s: generated shapes match the model input',
    (_, s) => {
      if (s.data.kind !== 'trend') throw new Error('unreachable');
      const d = generateTrend(s.data.features, s.defaults.samples, s.defaults.seed);
      expect(d.train.xShape.slice(1)).toEqual(s.model(s.defaults).inputShape);
    },
  );
});
