import { describe, expect, it } from 'vitest';
import { HP_KEYS, HYPERPARAMS } from '../src/config/hyperparams';
import { SCENARIO_LIST } from '../src/scenarios';
import { flagRange, trainHelp } from './help';

describe('trainHelp', () => {
  it.each(SCENARIO_LIST.map((s) => [s.id, s] as const))('lists every hyperparameter with its range, %s’s default and its meaning', (id, scenario) => {
    const lines = trainHelp(id).split('\n');
    for (const key of HP_KEYS) {
      const line = lines.find((l) => l.trimStart().startsWith(`--${key} `));
      expect(line, `--${key}`).toBeDefined();
      const cells = line!.trim().split(/\s{2,}/);
      expect(cells.slice(0, 3)).toEqual([`--${key}`, flagRange(key), String(scenario.defaults[key])]);
      expect(cells[3]).toContain(HYPERPARAMS[key].help);
    }
    // Every tutorial id, so --scenario can be typed from the help.
    for (const s of SCENARIO_LIST) expect(lines.some((l) => l.trim().startsWith(`${s.id} `))).toBe(true);
  });

  it.each([
    ['epochs', '1–2000 (whole)'],
    ['learningRate', '0.00001–1'],
    ['shuffle', 'true|false'],
    ['backend', 'auto|webgpu|webgl|wasm|cpu'],
  ] as const)('writes the range of %s as %s', (key, want) => {
    expect(flagRange(key)).toBe(want);
  });

  it('tells how to keep npm’s header out of JSON output', () => {
    expect(trainHelp('alphabet')).toMatch(/npm run -s train/);
  });
});
