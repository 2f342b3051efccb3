import { describe, expect, it } from 'vitest';
import { fitScaler, scaleValue, scalerFromJson, unscaleValue } from './scaler';

describe('scalers', () => {
  it('min-max and standard, per column, fitted on the first rows only, with their inverse', () => {
    const cols = [[1, 2, 3, 4, 100], [5, 5, 5, 5, 5]];
    const mm = fitScaler('minmax', cols, 4);
    expect(mm).toEqual({ kind: 'minmax', offset: [1, 5], scale: [3, 1] });
    expect(scaleValue(mm, 0, 4)).toBe(1);
    expect(scaleValue(mm, 0, 100)).toBe(33); // past the training rows: not clipped
    const st = fitScaler('standard', cols, 4);
    expect(st.offset[0]).toBe(2.5);
    expect(st.scale[0]).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(st.scale[1]).toBe(1); // constant: scale 1, as scikit-learn
    for (const s of [mm, st]) expect(unscaleValue(s, 0, scaleValue(s, 0, 42.5))).toBeCloseTo(42.5, 12);
    expect(fitScaler('none', cols, 4)).toEqual({ kind: 'none', offset: [0, 0], scale: [1, 1] });
  });

  it('survives JSON and is checked when read back', () => {
    const s = fitScaler('standard', [[1, 2, 3]], 3);
    expect(scalerFromJson(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(() => scalerFromJson({ kind: 'minmax', offset: [0], scale: [0] })).toThrow('This is not a saved scaler: a scale of 0.');
    expect(() => scalerFromJson({ kind: 'log', offset: [], scale: [] })).toThrow(/^This is not a saved scaler/);
  });
});
